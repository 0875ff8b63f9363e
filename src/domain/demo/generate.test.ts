import { Decimal as DecimalJs } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWeekday } from './calendar.ts';
import { type DemoDataSet, type DemoTransaction, demoDates, generateDemo } from './generate.ts';

const Decimal = DecimalJs.clone({ precision: 60 });
type Decimal = InstanceType<typeof Decimal>;

const END = '2025-11-21';
const data = generateDemo({ seed: 42, portfolios: 5, years: 3, endDate: END });
const MINOR: Record<string, number> = { USD: 2, EUR: 2, GBP: 2, CHF: 2, JPY: 0 };

const byTime = (a: DemoTransaction, b: DemoTransaction) =>
  a.transaction_date < b.transaction_date ? -1 : a.transaction_date > b.transaction_date ? 1 : 0;

/**
 * Replays every (portfolio, security) quantity with exact decimals, the original's position rules: BUY and
 * DEPOSIT add, SELL and WITHDRAWAL take away the quantity, FEE takes away its gross amount, income changes
 * nothing. Returns the first key that went below zero, or undefined.
 */
function firstOversell(set: DemoDataSet): string | undefined {
  const held = new Map<string, Decimal>();
  const txns = [...set.transactions].sort(byTime);
  // Within one timestamp apply inflows first: the legs of one event share it and are booked together.
  for (const t of txns) {
    const key = `${t.portfolio_id}/${t.security_id}`;
    let q = held.get(key) ?? new Decimal(0);
    switch (t.transaction_type) {
      case 'BUY':
      case 'DEPOSIT':
        q = q.plus(t.quantity);
        break;
      case 'SELL':
      case 'WITHDRAWAL':
        q = q.minus(t.quantity);
        break;
      case 'FEE':
        q = q.minus(t.gross_transaction_amount);
        break;
      default:
        break;
    }
    if (q.isNegative()) return `${key} at ${t.transaction_id}: ${q.toFixed()}`;
    held.set(key, q);
  }
  return undefined;
}

describe('demo generator', () => {
  it('is a pure function of its options: same seed → identical data, another seed → different data', () => {
    const again = generateDemo({ seed: 42, portfolios: 5, years: 3, endDate: END });
    expect(again).toEqual(data);
    const other = generateDemo({ seed: 43, portfolios: 5, years: 3, endDate: END });
    expect(other.market_prices).not.toEqual(data.market_prices);
    expect(other.transactions).not.toEqual(data.transactions);
    // Reference data does not depend on the seed.
    expect(other.instruments).toEqual(data.instruments);
    expect(other.business_dates).toEqual(data.business_dates);
  });

  it('keeps each portfolio the same when more portfolios are asked for', () => {
    const two = generateDemo({ seed: 42, portfolios: 2, years: 3, endDate: END });
    const firstTwo = new Set(two.portfolios.map((p) => p.portfolio_id));
    expect(two.transactions).toEqual(data.transactions.filter((t) => firstTwo.has(t.portfolio_id)));
    expect(two.market_prices).toEqual(data.market_prices);
  });

  it('ends at the latest weekday on or before the end date, with weekdays only', () => {
    const sunday = generateDemo({ seed: 1, portfolios: 1, years: 1, endDate: '2025-11-23' });
    const dates = sunday.business_dates.map((d) => d.business_date);
    expect(dates.at(-1)).toBe('2025-11-21');
    expect(dates[0]).toBe('2024-11-22');
    for (const d of dates) expect(isWeekday(d)).toBe(true);
    expect(new Set(dates).size).toBe(dates.length);
    expect(() => demoDates({ years: 0, endDate: END })).toThrow(RangeError);
    expect(() => generateDemo({ seed: 1, portfolios: 0, years: 1, endDate: END })).toThrow(RangeError);
  });

  it('never sells more than is held, cash included (exact decimal replay)', () => {
    expect(firstOversell(data)).toBeUndefined();
  });

  it('keeps every portfolio cash balance ≥ 0 after every event, with cash only in the base currency', () => {
    const base = new Map(data.portfolios.map((p) => [p.portfolio_id, p.base_currency]));
    const balance = new Map<string, Decimal>();
    for (const t of [...data.transactions].sort(byTime)) {
      if (!t.security_id.startsWith('CASH_')) continue;
      expect(t.security_id).toBe(`CASH_${base.get(t.portfolio_id)}`);
      const sign = t.transaction_type === 'BUY' || t.transaction_type === 'DEPOSIT' ? 1 : -1;
      const b = (balance.get(t.portfolio_id) ?? new Decimal(0)).plus(
        new Decimal(t.gross_transaction_amount).times(sign),
      );
      expect(b.isNegative(), `${t.transaction_id} leaves cash at ${b.toFixed()}`).toBe(false);
      balance.set(t.portfolio_id, b);
    }
    expect(balance.size).toBe(data.portfolios.length);
  });

  it('books a matching cash leg for every trade and income, linked by event and group ids', () => {
    const byEvent = new Map<string, DemoTransaction[]>();
    for (const t of data.transactions) {
      const list = byEvent.get(t.economic_event_id) ?? [];
      list.push(t);
      byEvent.set(t.economic_event_id, list);
    }
    const base = new Map(data.portfolios.map((p) => [p.portfolio_id, p.base_currency]));
    let checked = 0;
    for (const legs of byEvent.values()) {
      const asset = legs.find((t) => !t.security_id.startsWith('CASH_'));
      if (!asset) {
        expect(legs).toHaveLength(1);
        expect(['DEPOSIT', 'WITHDRAWAL', 'FEE']).toContain(legs[0]!.transaction_type);
        continue;
      }
      expect(legs).toHaveLength(2);
      const cash = legs.find((t) => t !== asset)!;
      expect(cash.linked_transaction_group_id).toBe(asset.linked_transaction_group_id);
      expect(cash.transaction_date).toBe(asset.transaction_date);
      expect(cash.transaction_type).toBe(asset.transaction_type === 'BUY' ? 'SELL' : 'BUY');
      const ccy = base.get(asset.portfolio_id)!;
      const fx = new Decimal(asset.transaction_fx_rate ?? '1');
      if (asset.trade_currency === ccy) expect(asset.transaction_fx_rate).toBeUndefined();
      const gross = new Decimal(asset.gross_transaction_amount);
      const fee = new Decimal(asset.trade_fee);
      const local = asset.transaction_type === 'BUY' ? gross.plus(fee) : gross.minus(fee);
      const expected = local.times(fx).toDecimalPlaces(MINOR[ccy]!, Decimal.ROUND_HALF_EVEN);
      expect(cash.quantity).toBe(expected.toFixed());
      expect(cash.gross_transaction_amount).toBe(expected.toFixed());
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('produces only records the ingest validation accepts', () => {
    const currency = /^[A-Z]{3}$/;
    const date = /^\d{4}-\d{2}-\d{2}$/;
    const decimal = /^-?\d+(\.\d+)?$/;
    const dates = new Set(data.business_dates.map((d) => d.business_date));
    for (const d of dates) expect(d <= END).toBe(true);
    const instruments = new Map(data.instruments.map((i) => [i.security_id, i]));
    expect(instruments.size).toBe(data.instruments.length);
    for (const i of data.instruments) {
      expect(i.currency).toMatch(currency);
      expect(i.name && i.isin && i.product_type).toBeTruthy();
    }
    const portfolios = new Set(data.portfolios.map((p) => p.portfolio_id));
    expect(portfolios.size).toBe(data.portfolios.length);
    for (const p of data.portfolios) {
      expect(p.base_currency).toMatch(currency);
      expect(p.open_date).toMatch(date);
    }
    const priceKeys = new Set<string>();
    for (const p of data.market_prices) {
      expect(p.price).toMatch(/^\d+(\.\d{1,4})?$/);
      expect(new Decimal(p.price).gt(0)).toBe(true);
      expect(dates.has(p.price_date)).toBe(true);
      expect(p.currency).toBe(instruments.get(p.security_id)!.currency);
      const key = `${p.security_id}/${p.price_date}`;
      expect(priceKeys.has(key)).toBe(false);
      priceKeys.add(key);
    }
    expect(priceKeys.size).toBe(dates.size * data.instruments.length);
    for (const r of data.fx_rates) {
      expect(r.from_currency).toMatch(currency);
      expect(r.to_currency).toBe('USD');
      expect(new Decimal(r.rate).gt(0)).toBe(true);
      expect(dates.has(r.rate_date)).toBe(true);
    }
    const ids = new Set<string>();
    for (const t of data.transactions) {
      expect(t.transaction_id).toMatch(/^DEMO_\d{3}_[A-Z]{3}-T\d{5}$/);
      expect(t.transaction_id.startsWith(`${t.portfolio_id}-T`)).toBe(true);
      expect(ids.has(t.transaction_id)).toBe(false);
      ids.add(t.transaction_id);
      expect(portfolios.has(t.portfolio_id)).toBe(true);
      expect(instruments.get(t.security_id)?.currency).toBe(t.trade_currency);
      expect(t.transaction_date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
      expect(dates.has(t.transaction_date.slice(0, 10))).toBe(true);
      for (const field of ['quantity', 'price', 'gross_transaction_amount', 'trade_fee'] as const) {
        expect(t[field]).toMatch(decimal);
        expect(new Decimal(t[field]).isNegative()).toBe(false);
      }
      expect(new Decimal(t.gross_transaction_amount).gt(0)).toBe(true);
      if (t.transaction_type === 'BUY' || t.transaction_type === 'SELL') {
        expect(new Decimal(t.quantity).gt(0)).toBe(true);
        expect(new Decimal(t.quantity).times(t.price).toFixed()).toBe(t.gross_transaction_amount);
      }
      if (t.transaction_fx_rate !== undefined) expect(new Decimal(t.transaction_fx_rate).gt(0)).toBe(true);
    }
  });

  it('covers the asset classes, currencies, cost basis methods and transaction types the demo promises', () => {
    const currencies = new Set(data.instruments.map((i) => i.currency));
    for (const c of ['USD', 'EUR', 'GBP', 'JPY', 'CHF']) {
      expect(currencies.has(c)).toBe(true);
      const cash = data.instruments.find((i) => i.security_id === `CASH_${c}`)!;
      expect(cash).toMatchObject({ product_type: 'Cash', asset_class: 'Cash', currency: c });
      expect(
        data.market_prices.filter((p) => p.security_id === `CASH_${c}`).every((p) => p.price === '1'),
      ).toBe(true);
    }
    const equities = data.instruments.filter((i) => i.product_type === 'Equity');
    expect(new Set(equities.map((i) => i.sector)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(equities.map((i) => i.country_of_risk)).size).toBeGreaterThanOrEqual(2);
    const bonds = data.instruments.filter((i) => i.product_type === 'Bond');
    expect(bonds).toHaveLength(2);
    for (const b of bonds) expect(b.maturity_date! > END).toBe(true);
    expect(data.instruments.some((i) => i.product_type === 'ETF' || i.product_type === 'Fund')).toBe(true);

    expect(new Set(data.portfolios.map((p) => p.base_currency)).size).toBe(5);
    expect(new Set(data.portfolios.map((p) => p.cost_basis_method))).toEqual(
      new Set(['FIFO', 'AVCO', 'LIFO', 'HIFO']),
    );
    const fxCurrencies = new Set(data.fx_rates.map((r) => r.from_currency));
    expect(fxCurrencies).toEqual(new Set(['EUR', 'GBP', 'CHF', 'JPY']));

    const types = new Set(data.transactions.map((t) => t.transaction_type));
    for (const t of ['DEPOSIT', 'BUY', 'SELL', 'DIVIDEND', 'INTEREST', 'FEE', 'WITHDRAWAL']) {
      expect(types.has(t as DemoTransaction['transaction_type'])).toBe(true);
    }
    const bondIds = new Set(bonds.map((b) => b.security_id));
    for (const t of data.transactions.filter((x) => x.transaction_type === 'INTEREST')) {
      expect(bondIds.has(t.security_id)).toBe(true);
    }
    for (const p of data.portfolios) {
      const own = data.transactions.filter((t) => t.portfolio_id === p.portfolio_id);
      expect(own[0]!.transaction_type).toBe('DEPOSIT');
      expect(own.some((t) => t.transaction_type === 'WITHDRAWAL')).toBe(true);
    }
  });

  it('holds its invariants for any seed and size (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom('2024-02-29', '2025-01-05', '2025-11-21', '2030-06-30'),
        (seed, portfolios, endDate) => {
          const set = generateDemo({ seed, portfolios, years: 1, endDate });
          expect(firstOversell(set)).toBeUndefined();
          expect(set.portfolios).toHaveLength(portfolios);
          for (const p of set.market_prices) expect(new Decimal(p.price).gt(0)).toBe(true);
          expect(set.transactions.filter((t) => t.transaction_type === 'WITHDRAWAL')).toHaveLength(
            portfolios,
          );
        },
      ),
      { numRuns: 12 },
    );
  });
});
