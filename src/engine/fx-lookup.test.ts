import { describe, expect, it } from 'vitest';
import { fxLookupOf } from './fx-lookup.ts';

const rate = (from: string, to: string, rate_date: string, value: string) => ({
  from_currency: from,
  to_currency: to,
  rate_date,
  rate: value,
});

const show = (found: ReturnType<ReturnType<typeof fxLookupOf>>) =>
  found && { rate: found.rate.toFixed(), rate_date: found.rate_date };

describe('FX lookup', () => {
  const fx = fxLookupOf([
    rate('EUR', 'USD', '2024-03-01', '1.2'),
    rate('EUR', 'USD', '2024-01-01', '1.1'),
    rate('EUR', 'USD', '2024-02-01', '1.15'),
    rate('USD', 'JPY', '2024-01-05', '150'),
    rate('CHF', 'USD', '2024-01-01', '1.1'),
    rate('USD', 'CHF', '2024-02-01', '0.8'),
  ]);

  it('takes the latest rate on or before the date, whatever order the rows came in', () => {
    expect(show(fx('EUR', 'USD', '2024-01-01'))).toEqual({ rate: '1.1', rate_date: '2024-01-01' });
    expect(show(fx('EUR', 'USD', '2024-02-15'))).toEqual({ rate: '1.15', rate_date: '2024-02-01' });
    expect(show(fx('EUR', 'USD', '2030-01-01'))).toEqual({ rate: '1.2', rate_date: '2024-03-01' });
    expect(fx('EUR', 'USD', '2023-12-31')).toBeUndefined();
  });

  it('inverts the reverse quote at the money module scale', () => {
    expect(show(fx('USD', 'EUR', '2024-02-15'))).toEqual({
      rate: '0.869565217391304347826087',
      rate_date: '2024-02-01',
    });
    expect(show(fx('JPY', 'USD', '2024-01-05'))).toEqual({
      rate: '0.006666666666666666666667',
      rate_date: '2024-01-05',
    });
    expect(fx('JPY', 'USD', '2024-01-04')).toBeUndefined();
    expect(fx('GBP', 'USD', '2024-06-01')).toBeUndefined();
  });

  it('prefers the later quote of a pair quoted both ways, the direct one on the same date', () => {
    // CHF→USD direct on 1 Jan; USD→CHF on 1 Feb is later, so from February its inverse (1.25) serves.
    expect(show(fx('CHF', 'USD', '2024-01-15'))).toEqual({ rate: '1.1', rate_date: '2024-01-01' });
    expect(show(fx('CHF', 'USD', '2024-02-15'))).toEqual({ rate: '1.25', rate_date: '2024-02-01' });
    const both = fxLookupOf([rate('A', 'B', '2024-01-01', '2'), rate('B', 'A', '2024-01-01', '0.4')]);
    expect(show(both('A', 'B', '2024-01-01'))).toEqual({ rate: '2', rate_date: '2024-01-01' });
    expect(show(both('B', 'A', '2024-01-01'))).toEqual({ rate: '0.4', rate_date: '2024-01-01' });
  });

  it('converts a currency into itself at 1', () => {
    expect(show(fx('USD', 'USD', '2024-01-01'))).toEqual({ rate: '1', rate_date: '2024-01-01' });
  });
});
