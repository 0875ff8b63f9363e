import { describe, expect, it } from 'vitest';
import { dec, ONE, quotient } from '../money.ts';
import { resolveFx, splitRealized } from './fx.ts';
import { fxTable, noFx, num } from './testing.ts';

const quotes = fxTable({
  'EUR/USD': [
    ['2024-01-01', '1.1'],
    ['2024-03-01', '1.2'],
  ],
});

describe('base conversion rate', () => {
  it('is 1 in the base currency, even when the transaction carries a rate', () => {
    const r = resolveFx('USD', 'USD', dec('1.3'), '2024-01-15', noFx);
    expect(r).toEqual({ ok: true, fx: { rate: ONE, source: 'SAME_CURRENCY', rateDate: null } });
  });

  it('is the transaction’s own rate when it carries one, before any FX fact', () => {
    const r = resolveFx('EUR', 'USD', dec('1.0823'), '2024-01-15', quotes);
    expect(r.ok && [num(r.fx.rate), r.fx.source, r.fx.rateDate]).toEqual(['1.0823', 'TRANSACTION', null]);
  });

  it('is otherwise the latest FX fact on or before the trade date, with its date', () => {
    const on = (date: string) => {
      const r = resolveFx('EUR', 'USD', null, date, quotes);
      return r.ok ? [num(r.fx.rate), r.fx.source, r.fx.rateDate] : r.detail;
    };
    expect(on('2024-01-01')).toEqual(['1.1', 'FX_FACT', '2024-01-01']);
    expect(on('2024-02-29')).toEqual(['1.1', 'FX_FACT', '2024-01-01']);
    expect(on('2024-03-05')).toEqual(['1.2', 'FX_FACT', '2024-03-01']);
    expect(on('2023-12-31')).toBe('no EUR/USD rate on or before 2023-12-31');
  });

  it('holds an inverse rate from the lookup to the quotient scale', () => {
    const inverse = () => ({ rate: quotient(ONE, dec(3)).plus(dec('1e-40')), rate_date: '2024-01-01' });
    const r = resolveFx('JPY', 'USD', null, '2024-01-02', inverse);
    expect(r.ok && num(r.fx.rate)).toBe(`0.${'3'.repeat(24)}`);
  });

  it('treats a zero rate from the lookup as no rate', () => {
    const r = resolveFx('EUR', 'USD', null, '2024-01-02', () => ({ rate: dec(0), rate_date: '2024-01-01' }));
    expect(r).toEqual({ ok: false, detail: 'no EUR/USD rate on or before 2024-01-02' });
  });
});

describe('the realized P&L split', () => {
  it('price part at the sell-date rate, FX part on the cost, adding up to the base figure', () => {
    // Bought 40 sh for 2002 EUR at 1.10 (2202.20 USD), sold for 2396 EUR at 1.20 (2875.20 USD).
    const r = splitRealized(dec(2396), dec(2002), dec('2202.2'), dec('1.2'));
    expect(num(r.local)).toBe('394'); // 2396 − 2002
    expect(num(r.total)).toBe('673'); // 2875.20 − 2202.20
    expect(num(r.price)).toBe('472.8'); // 394 × 1.20
    expect(num(r.fx)).toBe('200.2'); // 2002 × 1.20 − 2202.20 = 2402.40 − 2202.20
    expect(r.price.plus(r.fx).eq(r.total)).toBe(true);
  });

  it('has no FX part in the base currency', () => {
    const r = splitRealized(dec(1100), dec(1000), dec(1000), ONE);
    expect([num(r.total), num(r.price), num(r.fx)]).toEqual(['100', '100', '0']);
  });
});
