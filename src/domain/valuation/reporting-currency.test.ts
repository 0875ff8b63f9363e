import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyReturn } from '../analytics/returns/daily-return.ts';
import { fxConverterOf } from './fx-converter.ts';
import { type BaseDay, convertDay, convertSeries, fxEffectOf } from './reporting-currency.ts';

// Pure checks of the conversion; tolerance 1e-12 relative, at least 1e-12 absolute (1 + r carries ~1e-16).
const day = (over: Partial<BaseDay> = {}): BaseDay => ({
  date: '2024-01-03',
  bod_market_value: 1000,
  eod_market_value: 1050,
  bod_cashflow: 0,
  eod_cashflow: 0,
  fees: 0,
  income: 0,
  complete: true,
  incomplete_reason: null,
  ...over,
});
const rate = (r: number) => ({
  rate: r,
  conversion: { rate: r, rate_date: '2024-01-01', route: 'DIRECT' as const },
});
const asRecorded = {
  flow_timing: 'as_recorded',
  net_or_gross: 'GROSS',
  fee_booking: 'external_flow',
} as const;

describe('convertDay', () => {
  it('open at the previous close rate, close and flows at the day rate (hand case)', () => {
    const d = convertDay(day({ bod_cashflow: 200, eod_market_value: 1260, income: 5 }), {
      open: rate(1.1),
      close: rate(1.2),
    });
    expect(d.bod_market_value).toBeCloseTo(1100, 12);
    expect(d.eod_market_value).toBeCloseTo(1512, 12);
    expect(d.bod_cashflow).toBeCloseTo(240, 12);
    expect(d.income).toBeCloseTo(6, 12);
    expect(d).toMatchObject({ fx_rate: 1.2, fx_route: 'DIRECT', complete: true });
  });

  it('a missing rate: nothing converted, the day incomplete with both reasons kept', () => {
    const d = convertDay(day({ complete: false, incomplete_reason: 'NO_PRICE X' }), {
      open: { rate: null, reason: 'MISSING_FX EUR/JPY REPORTING_CURRENCY' },
      close: rate(160),
    });
    expect(d).toMatchObject({ eod_market_value: 0, bod_market_value: 0, fx_rate: null, complete: false });
    expect(d.incomplete_reason).toBe('MISSING_FX EUR/JPY REPORTING_CURRENCY; NO_PRICE X');
  });

  it('an empty open needs no rate', () => {
    const d = convertDay(day({ bod_market_value: 0, bod_cashflow: 1000, eod_market_value: 1000 }), {
      open: { rate: null, reason: 'MISSING_FX' },
      close: rate(1.1),
    });
    expect(d).toMatchObject({ complete: true, bod_market_value: 0 });
    expect(d.eod_market_value).toBeCloseTo(1100, 12);
  });

  it('without flows (1 + r_rep) = (1 + r_base) × rate_t / rate_{t−1}, for any values and rates', () => {
    // Day moves of −50 % to +100 %: near −100 % both sides of the identity lose digits to cancellation.
    const positive = fc.double({ min: 0.01, max: 1e6, noNaN: true });
    const move = fc.double({ min: 0.5, max: 2, noNaN: true });
    fc.assert(
      fc.property(positive, move, positive, positive, (bmv, growth, x0, x1) => {
        const base = day({ bod_market_value: bmv, eod_market_value: bmv * growth });
        const rep = convertDay(base, { open: rate(x0), close: rate(x1) });
        const rBase = dailyReturn(base, asRecorded).value as number;
        const rRep = dailyReturn(rep, asRecorded).value as number;
        const expected = (1 + rBase) * (x1 / x0);
        expect(Math.abs(1 + rRep - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
      }),
    );
  });
});

describe('convertSeries', () => {
  it('chains the previous row’s rate into the open and triangulates through the pivot', () => {
    const convert = fxConverterOf(
      [
        { from: 'EUR', to: 'USD', date: '2024-01-01', rate: 1.1 },
        { from: 'EUR', to: 'USD', date: '2024-01-03', rate: 1.2 },
        { from: 'GBP', to: 'USD', date: '2024-01-01', rate: 1.25 },
      ],
      'USD',
    );
    const rows = [
      day({ date: '2024-01-02', bod_market_value: 1000, eod_market_value: 1000 }),
      day({ date: '2024-01-03', bod_market_value: 1000, eod_market_value: 1000 }),
    ];
    const [a, b] = convertSeries(rows, convert, 'EUR', 'GBP');
    expect(a!.fx_route).toBe('TRIANGULATED');
    expect(a!.eod_market_value).toBeCloseTo(880, 9);
    expect(b!.bod_market_value).toBeCloseTo(880, 9); // the previous close, unchanged
    expect(b!.eod_market_value).toBeCloseTo(960, 9);
  });
});

describe('fxEffectOf', () => {
  it('(1 + r_rep) = (1 + r_base)(1 + r_fx); null with the reason when a return is', () => {
    const e = fxEffectOf({ value: 0.1 }, { value: 0.2 });
    expect(e.fx_effect).toBeCloseTo(1.2 / 1.1 - 1, 14);
    expect(e.null_reason).toBeNull();
    expect(fxEffectOf({ value: 0.1 }, { value: null, reason: 'no rate' })).toEqual({
      base_currency_return: 0.1,
      reporting_currency_return: null,
      fx_effect: null,
      null_reason: 'no rate',
    });
  });
});
