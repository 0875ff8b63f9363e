import { describe, expect, it } from 'vitest';
import { priceOn, priceSeriesOf } from './price-series.ts';
import { px } from './testing.ts';

describe('price series', () => {
  const series = priceSeriesOf([px('2024-01-08', 110), px('2024-01-05', 100), px('2024-01-08', 111, 'EUR')]);

  it('is sorted by date, a later point of the same date replacing an earlier one', () => {
    expect(series.dates).toEqual(['2024-01-05', '2024-01-08']);
    expect([...series.prices]).toEqual([100, 111]);
    expect(series.currencies).toEqual(['USD', 'EUR']);
  });

  it('carries the latest price on or before the day forward, and has none before the first', () => {
    expect(priceOn(series, '2024-01-04')).toBeUndefined();
    expect(priceOn(series, '2024-01-05')).toEqual(px('2024-01-05', 100));
    expect(priceOn(series, '2024-01-07')).toEqual(px('2024-01-05', 100));
    expect(priceOn(series, '2024-12-31')).toEqual(px('2024-01-08', 111, 'EUR'));
  });
});
