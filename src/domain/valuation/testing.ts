import { RULES } from '../positions/rules.ts';
import type { IsoDate, TransactionType } from '../records/types.ts';
import { fxConverterOf } from './fx-converter.ts';
import { priceSeriesOf } from './price-series.ts';
import type {
  CashflowPoint,
  FxQuote,
  HistoryPoint,
  PortfolioInput,
  PortfolioSeries,
  PositionDay,
  PositionInput,
  PricePoint,
} from './types.ts';

/** Builders for the valuation tests: cashflows as the position engine books them (RULES), inputs, lookups. */

/** A cashflow of `type` for `magnitude` (> 0), signed, classified and timed by the registry. */
export function cashflow(
  type: TransactionType,
  date: IsoDate,
  magnitude: number,
  options: { currency?: string; fx?: number; realized?: number; fee_base?: number } = {},
): CashflowPoint {
  const rule = RULES[type].cashflow;
  if (rule === null) throw new Error(`${type} books no cashflow`);
  const amount = rule.sign * magnitude;
  return {
    cashflow_date: date,
    transaction_type: type,
    classification: rule.classification,
    timing: rule.timing,
    amount,
    currency: options.currency ?? 'USD',
    amount_base: amount * (options.fx ?? 1),
    is_position_flow: rule.positionFlow,
    is_portfolio_flow: rule.portfolioFlow,
    realized_gain_loss: options.realized ?? 0,
    ...(options.fee_base === undefined ? {} : { fee_base: options.fee_base }),
  };
}

export const at = (
  position_date: IsoDate,
  quantity: number,
  cost_basis: number,
  cost_basis_local = cost_basis,
): HistoryPoint => ({ position_date, quantity, cost_basis, cost_basis_local });

export function position(
  security_id: string,
  currency: string,
  history: HistoryPoint[],
  cashflows: CashflowPoint[] = [],
  options: { is_cash?: boolean; blocked_from?: IsoDate | null } = {},
): PositionInput {
  return {
    security_id,
    instrument: { currency, is_cash: options.is_cash ?? false },
    history,
    cashflows,
    blocked_from: options.blocked_from ?? null,
  };
}

export function portfolioInput(
  base_currency: string,
  first_day: IsoDate,
  last_day: IsoDate,
  positions: PositionInput[],
  prices: Record<string, PricePoint[]> = {},
  quotes: FxQuote[] = [],
): PortfolioInput {
  const series = new Map(Object.entries(prices).map(([id, points]) => [id, priceSeriesOf(points)]));
  return {
    portfolio_id: 'P1',
    base_currency,
    first_day,
    last_day,
    positions,
    prices: (id) => series.get(id),
    fx: fxConverterOf(quotes),
  };
}

export const px = (date: IsoDate, price: number, currency = 'USD'): PricePoint => ({ date, price, currency });

export const quote = (pair: string, date: IsoDate, rate: number): FxQuote => {
  const [from, to] = pair.split('/') as [string, string];
  return { from, to, date, rate };
};

export function rowOf(rows: readonly PositionDay[], security_id: string, date: IsoDate): PositionDay {
  const row = rows.find((r) => r.security_id === security_id && r.date === date);
  if (row === undefined) throw new Error(`no row for ${security_id} on ${date}`);
  return row;
}

/** Relative closeness (1e-9 unless told), for float results. */
export function close(actual: number | null, expected: number, tolerance = 1e-9): boolean {
  if (actual === null) return false;
  return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
}

/** eod − bod = external flows + Σ positions (eod − bod − flows into the position), each day. */
export function reconciliationGaps(series: PortfolioSeries): number[] {
  return series.portfolio.map((day) => {
    const pnl = series.positions
      .filter((r) => r.date === day.date)
      .reduce(
        (s, r) => s + (r.eod_market_value ?? 0) - (r.bod_market_value ?? 0) - r.bod_cashflow - r.eod_cashflow,
        0,
      );
    return day.eod_market_value - day.bod_market_value - (day.bod_cashflow + day.eod_cashflow + pnl);
  });
}
