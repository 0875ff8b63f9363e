import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDays } from '../dates.ts';
import type { IsoDate } from '../records/types.ts';
import { valuePortfolio } from './series.ts';
import { at, cashflow, portfolioInput, position, px, quote, reconciliationGaps } from './testing.ts';
import type { CashflowPoint, FxQuote, HistoryPoint, PortfolioInput, PricePoint } from './types.ts';

/**
 * Random USD portfolios with the explicit cash model: a USD cash account and up to three stocks in USD or
 * EUR, prices on random days (possibly none at first: unvalued days), EUR/USD quotes on random days
 * (possibly none at first: missing FX), deposits, withdrawals and fees on cash, buys, sells and dividends of
 * the stocks with their cash legs. Tolerance: 1e-6 absolute on values up to ~10^7 (float sums).
 */

type Event = {
  day: number;
  kind: 'DEPOSIT' | 'WITHDRAWAL' | 'FEE' | 'BUY' | 'SELL' | 'DIVIDEND';
  stock: number;
  quantity: number;
  cents: number;
};

const eventArb = (days: number): fc.Arbitrary<Event> =>
  fc.record({
    day: fc.integer({ min: 0, max: days - 1 }),
    kind: fc.constantFrom('DEPOSIT', 'WITHDRAWAL', 'FEE', 'BUY', 'BUY', 'SELL', 'DIVIDEND'),
    stock: fc.integer({ min: 0, max: 2 }),
    quantity: fc.integer({ min: 1, max: 100 }),
    cents: fc.integer({ min: 1, max: 5_000_000 }),
  });

const scenarioArb = fc.integer({ min: 3, max: 25 }).chain((days) =>
  fc.record({
    days: fc.constant(days),
    currencies: fc.array(fc.constantFrom('USD', 'EUR'), { minLength: 1, maxLength: 3 }),
    prices: fc.array(
      fc.array(fc.option(fc.integer({ min: 1, max: 100_000 }), { freq: 3 }), {
        minLength: days,
        maxLength: days,
      }),
      {
        minLength: 3,
        maxLength: 3,
      },
    ),
    rates: fc.array(fc.option(fc.integer({ min: 80, max: 140 }), { freq: 2 }), {
      minLength: days,
      maxLength: days,
    }),
    events: fc.array(eventArb(days), { maxLength: 30 }),
    shuffleSeed: fc.integer(),
  }),
);

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario): PortfolioInput {
  const dates = calendarDays('2024-01-01', '2024-12-31').slice(0, s.days) as IsoDate[];
  const ids = s.currencies.map((_, i) => `S${i}`);
  const quotes: FxQuote[] = [];
  s.rates.forEach((r, d) => {
    if (r !== null) quotes.push(quote('EUR/USD', dates[d] as IsoDate, r / 100));
  });
  const prices: Record<string, PricePoint[]> = {};
  ids.forEach((id, i) => {
    prices[id] = [];
    s.prices[i]?.forEach((p, d) => {
      if (p !== null) prices[id]?.push(px(dates[d] as IsoDate, p / 100, s.currencies[i]));
    });
  });

  const held = ids.map(() => 0);
  let cash = 0;
  let seq = 0;
  const history: Record<string, HistoryPoint[]> = { CASH_USD: [] };
  const flows: Record<string, CashflowPoint[]> = { CASH_USD: [] };
  for (const id of ids) [history[id], flows[id]] = [[], []];
  const book = (id: string, date: IsoDate, quantity: number, cf: CashflowPoint) => {
    history[id]?.push({ ...at(date, quantity, quantity * 10), seq: seq++ });
    flows[id]?.push(cf);
  };
  const events = [...s.events].sort((a, b) => a.day - b.day);
  for (const e of events) {
    const date = dates[e.day] as IsoDate;
    const amount = e.cents / 100;
    const stock = e.stock % ids.length;
    const id = ids[stock] as string;
    const ccy = s.currencies[stock] as string;
    const fx = ccy === 'USD' ? 1 : 1.1;
    const cashLeg = (type: 'BUY' | 'SELL', usd: number) => {
      cash += type === 'BUY' ? usd : -usd;
      book('CASH_USD', date, cash, cashflow(type, date, usd));
    };
    switch (e.kind) {
      case 'DEPOSIT':
      case 'WITHDRAWAL':
      case 'FEE':
        cash += e.kind === 'DEPOSIT' ? amount : -amount;
        book('CASH_USD', date, cash, cashflow(e.kind, date, amount));
        break;
      case 'BUY':
        held[stock] = (held[stock] as number) + e.quantity;
        book(id, date, held[stock] as number, cashflow('BUY', date, amount, { currency: ccy, fx }));
        cashLeg('SELL', amount * fx);
        break;
      case 'SELL': {
        const quantity = Math.min(e.quantity, held[stock] as number);
        if (quantity === 0) break;
        held[stock] = (held[stock] as number) - quantity;
        book(
          id,
          date,
          held[stock] as number,
          cashflow('SELL', date, amount, { currency: ccy, fx, realized: amount / 7 }),
        );
        cashLeg('BUY', amount * fx);
        break;
      }
      case 'DIVIDEND':
        if ((held[stock] as number) === 0) break;
        book(id, date, held[stock] as number, cashflow('DIVIDEND', date, amount, { currency: ccy, fx }));
        cashLeg('BUY', amount * fx);
        break;
    }
  }
  const positions = ['CASH_USD', ...ids].map((id, i) =>
    position(id, i === 0 ? 'USD' : (s.currencies[i - 1] as string), history[id] ?? [], flows[id] ?? [], {
      is_cash: i === 0,
    }),
  );
  return portfolioInput('USD', dates[0] as IsoDate, dates[s.days - 1] as IsoDate, positions, prices, quotes);
}

/** A deterministic permutation (Fisher–Yates on a linear congruential sequence). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('portfolio series properties', () => {
  it('EOD = Σ positions’ EOD, and the change = external flows + Σ position P&L, every day', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const series = valuePortfolio(build(s));
        for (const day of series.portfolio) {
          const sum = series.positions
            .filter((r) => r.date === day.date)
            .reduce((acc, r) => acc + (r.eod_market_value ?? 0), 0);
          expect(Math.abs(day.eod_market_value - sum)).toBeLessThanOrEqual(1e-6);
        }
        for (const gap of reconciliationGaps(series)) expect(Math.abs(gap)).toBeLessThanOrEqual(1e-6);
      }),
      { numRuns: 50 },
    );
  });

  it('does not depend on the order of positions, history or cashflows', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const input = build(s);
        const reordered: PortfolioInput = {
          ...input,
          positions: shuffled(input.positions, s.shuffleSeed).map((p, i) => ({
            ...p,
            history: shuffled(p.history, s.shuffleSeed + i),
            cashflows: shuffled(p.cashflows, s.shuffleSeed - i),
          })),
        };
        expect(valuePortfolio(reordered)).toEqual(valuePortfolio(input));
      }),
      { numRuns: 50 },
    );
  });
});
