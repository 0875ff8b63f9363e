import { describe, expect, it } from 'vitest';
import { allocationOf, maturityBucket } from './allocation.ts';
import type { AllocationItem } from './types.ts';

/** Weights: 1e-12 absolute (toBeCloseTo at 12 digits). */

const items: AllocationItem[] = [
  {
    security_id: 'AAPL',
    market_value: 600,
    attributes: { asset_class: 'Equity', sector: 'Tech', currency: 'USD' },
  },
  {
    security_id: 'SAP',
    market_value: 200,
    attributes: { asset_class: 'Equity', sector: '', currency: 'EUR' },
  },
  {
    security_id: 'UST',
    market_value: 200,
    attributes: { asset_class: 'Fixed Income', sector: null, currency: 'USD', maturity_date: '2027-06-30' },
  },
  { security_id: 'NEW', market_value: null, attributes: { asset_class: 'Equity' } },
];

describe('allocation', () => {
  const allocation = allocationOf(
    items,
    ['asset_class', 'sector', 'currency', 'rating', 'maturity_bucket'],
    '2024-06-30',
  );
  const groups = (dimension: string) =>
    allocation.dimensions
      .find((d) => d.dimension === dimension)
      ?.groups.map((g) => [g.key, g.market_value, g.weight]);

  it('groups the valued positions per dimension, largest first, then by key', () => {
    expect(groups('asset_class')).toEqual([
      ['Equity', 800, 0.8],
      ['Fixed Income', 200, 0.2],
    ]);
    expect(groups('currency')).toEqual([
      ['USD', 800, 0.8],
      ['EUR', 200, 0.2],
    ]);
  });

  it('puts a missing or blank attribute into UNCLASSIFIED', () => {
    expect(groups('sector')).toEqual([
      ['Tech', 600, 0.6],
      ['UNCLASSIFIED', 400, 0.4],
    ]);
    expect(groups('rating')).toEqual([['UNCLASSIFIED', 1000, 1]]);
    expect(groups('maturity_bucket')).toEqual([
      ['UNCLASSIFIED', 800, 0.8],
      ['3-5Y', 200, 0.2],
    ]);
  });

  it('counts unvalued positions apart, outside every group and weight', () => {
    expect(allocation.unvalued).toEqual({ count: 1, security_ids: ['NEW'] });
    expect(allocation.total_market_value).toBe(1000);
    for (const d of allocation.dimensions) {
      expect(d.groups.reduce((s, g) => s + g.weight, 0)).toBeCloseTo(1, 12);
    }
  });

  it('gives weights of 0 when the total is not positive', () => {
    const short = allocationOf(
      [{ security_id: 'X', market_value: -5, attributes: {} }],
      ['asset_class'],
      '2024-01-01',
    );
    expect(short.dimensions[0]?.groups).toEqual([{ key: 'UNCLASSIFIED', market_value: -5, weight: 0 }]);
  });
});

describe('maturity buckets', () => {
  it.each([
    [null, 'UNCLASSIFIED'],
    ['2024-06-29', 'MATURED'],
    ['2024-06-30', 'MATURED'],
    ['2024-07-01', '<1Y'],
    ['2025-06-29', '<1Y'],
    ['2025-06-30', '1-3Y'],
    ['2027-06-29', '1-3Y'],
    ['2027-06-30', '3-5Y'],
    ['2029-06-30', '5-10Y'],
    ['2034-06-29', '5-10Y'],
    ['2034-06-30', '10Y+'],
  ])('matures %s → %s as of 2024-06-30', (maturity, bucket) => {
    expect(maturityBucket(maturity, '2024-06-30')).toBe(bucket);
  });

  it('counts years by the calendar: 29 February runs to 28 February', () => {
    expect(maturityBucket('2025-02-27', '2024-02-29')).toBe('<1Y');
    expect(maturityBucket('2025-02-28', '2024-02-29')).toBe('1-3Y');
  });
});
