import { addDays } from '../../dates.ts';
import type { PortfolioSeries, PortfolioSeriesRow } from '../performance/series.ts';
import type { IsoDate } from '../returns/types.ts';
import type { PositionDayInput } from './types.ts';

/**
 * A tiny daily series in one currency, booked the way the valuation engine books it (src/domain/valuation/
 * flows.ts and the transaction rules): a BUY flows into the security at the open and out of cash at the close
 * (its cash leg is a SELL of cash); a SELL flows out of the security at the close and into cash at the open;
 * a dividend out of the security at the close and into cash at the open; deposits into cash at the open and
 * withdrawals and fees booked on cash out of it at the close are the portfolio's external flows; a fee or tax
 * charged on a security flows into it at the close from its cash leg (a SELL of cash at the close) and is its
 * loss. For tests.
 */
export type SimAction =
  | { kind: 'DEPOSIT'; amount: number }
  | { kind: 'WITHDRAWAL'; amount: number }
  | { kind: 'FEE'; amount: number }
  | { kind: 'BUY'; security: string; quantity: number; fee?: number }
  | { kind: 'SELL'; security: string; quantity: number; fee?: number }
  | { kind: 'DIVIDEND'; security: string; amount: number }
  | { kind: 'SECURITY_FEE' | 'SECURITY_TAX'; security: string; amount: number };

export interface SimDay {
  /** Close prices of the day (a security not listed keeps its price). */
  prices: Record<string, number>;
  actions: SimAction[];
}

export const SIM_CASH = 'CASH';

export function simulate(
  start: IsoDate,
  plan: readonly SimDay[],
): { portfolio: PortfolioSeries; positions: PositionDayInput[] } {
  const quantity = new Map<string, number>();
  const price = new Map<string, number>();
  const lastEod = new Map<string, number>();
  let cash = 0;
  let portfolioEod = 0;
  const portfolio: PortfolioSeriesRow[] = [];
  const positions: PositionDayInput[] = [];
  plan.forEach((day, d) => {
    const date = addDays(start, d);
    for (const [id, p] of Object.entries(day.prices)) price.set(id, p);
    const flows = new Map<string, Flows>();
    const flow = (id: string) => {
      let f = flows.get(id);
      if (f === undefined) {
        f = { bod: 0, eod: 0, extBod: 0, extEod: 0, expenses: 0, fees: 0 };
        flows.set(id, f);
      }
      return f;
    };
    for (const a of day.actions) {
      const c = flow(SIM_CASH);
      switch (a.kind) {
        case 'DEPOSIT':
          c.bod += a.amount;
          c.extBod += a.amount;
          cash += a.amount;
          break;
        case 'WITHDRAWAL':
        case 'FEE':
          c.eod -= a.amount;
          c.extEod -= a.amount;
          cash -= a.amount;
          break;
        case 'BUY': {
          const cost = a.quantity * price.get(a.security)! + (a.fee ?? 0);
          flow(a.security).bod += cost;
          c.eod -= cost;
          cash -= cost;
          quantity.set(a.security, (quantity.get(a.security) ?? 0) + a.quantity);
          break;
        }
        case 'SELL': {
          const proceeds = a.quantity * price.get(a.security)! - (a.fee ?? 0);
          flow(a.security).eod -= proceeds;
          c.bod += proceeds;
          cash += proceeds;
          quantity.set(a.security, (quantity.get(a.security) ?? 0) - a.quantity);
          break;
        }
        case 'DIVIDEND':
          flow(a.security).eod -= a.amount;
          c.bod += a.amount;
          cash += a.amount;
          break;
        case 'SECURITY_FEE':
        case 'SECURITY_TAX': {
          const f = flow(a.security);
          f.eod += a.amount;
          f.expenses += a.amount;
          if (a.kind === 'SECURITY_FEE') f.fees += a.amount;
          c.eod -= a.amount;
          cash -= a.amount;
          break;
        }
      }
    }
    let eodTotal = 0;
    const ids = new Set([
      ...quantity.keys(),
      ...flows.keys(),
      ...(cash !== 0 || lastEod.has(SIM_CASH) ? [SIM_CASH] : []),
    ]);
    for (const id of [...ids].sort()) {
      const isCash = id === SIM_CASH;
      const eod = isCash ? cash : (quantity.get(id) ?? 0) * price.get(id)!;
      const bod = lastEod.get(id) ?? 0;
      const f = flows.get(id) ?? { bod: 0, eod: 0, extBod: 0, extEod: 0, expenses: 0, fees: 0 };
      eodTotal += eod;
      lastEod.set(id, eod);
      if (bod === 0 && eod === 0 && f.bod === 0 && f.eod === 0) continue;
      positions.push({
        date,
        security_id: id,
        bod_market_value: bod,
        eod_market_value: eod,
        bod_cashflow: f.bod,
        eod_cashflow: f.eod,
        external_bod_cashflow: f.extBod,
        external_eod_cashflow: f.extEod,
        expenses_paid: f.expenses,
        fees_in_value: f.fees,
        is_cash: isCash,
        incomplete_reason: null,
      });
    }
    const cashFlows = flows.get(SIM_CASH);
    const sum = (pick: (a: SimAction) => number) => day.actions.reduce((total, a) => total + pick(a), 0);
    portfolio.push({
      date,
      bod_market_value: portfolioEod,
      bod_cashflow: cashFlows?.extBod ?? 0,
      eod_cashflow: cashFlows?.extEod ?? 0,
      eod_market_value: eodTotal,
      fees: sum((a) => (a.kind === 'FEE' || a.kind === 'SECURITY_FEE' ? a.amount : 0)),
      fees_in_value: sum((a) => (a.kind === 'SECURITY_FEE' ? a.amount : 0)),
      income: sum((a) => (a.kind === 'DIVIDEND' ? a.amount : 0)),
      complete: true,
      incomplete_reason: null,
    });
    portfolioEod = eodTotal;
  });
  const span = { first: portfolio[0]?.date ?? null, last: portfolio.at(-1)?.date ?? null };
  return { portfolio: { span, rows: portfolio }, positions };
}

interface Flows {
  bod: number;
  eod: number;
  extBod: number;
  extEod: number;
  expenses: number;
  fees: number;
}

/**
 * The worked example of docs/analytics/contribution-attribution.md: 10,000 deposited on 2 Jan; 40 AAPL at 100
 * and 50 XOM at 80 bought on 3 Jan; AAPL 110 and XOM 76 on 4 Jan; 1,000 deposited and a 50 XOM dividend on
 * 5 Jan; a weekend; 20 AAPL sold at 120 on 8 Jan. contribution.test.ts checks the figures worked by hand there.
 */
export const WORKED_EXAMPLE: SimDay[] = [
  { prices: {}, actions: [{ kind: 'DEPOSIT', amount: 10_000 }] },
  {
    prices: { AAPL: 100, XOM: 80 },
    actions: [
      { kind: 'BUY', security: 'AAPL', quantity: 40 },
      { kind: 'BUY', security: 'XOM', quantity: 50 },
    ],
  },
  { prices: { AAPL: 110, XOM: 76 }, actions: [] },
  {
    prices: {},
    actions: [
      { kind: 'DEPOSIT', amount: 1000 },
      { kind: 'DIVIDEND', security: 'XOM', amount: 50 },
    ],
  },
  { prices: {}, actions: [] },
  { prices: {}, actions: [] },
  { prices: { AAPL: 120 }, actions: [{ kind: 'SELL', security: 'AAPL', quantity: 20 }] },
];
