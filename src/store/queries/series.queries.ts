import type { BaseDay } from '../../domain/valuation/reporting-currency.ts';
import { seriesCalendar } from '../calendar.ts';
import type { Sql } from '../db.ts';
import type { HoldingRow } from './positions.queries.ts';
import { filterOf } from './sql-filter.ts';

/**
 * The daily series as the query API reads them. Market values, flows, prices and P&L are JSON numbers
 * (float64, design §2.5); exact booked amounts (quantities and costs from position_history, realized P&L,
 * cashflow amounts) stay decimal strings.
 */

export interface DateRange {
  start_date?: string | undefined;
  end_date?: string | undefined;
}

export async function baseCurrencyOf(db: Sql, portfolioId: string): Promise<string | null> {
  const rows = await db.query<{ c: string }>(
    'SELECT base_currency::text AS c FROM portfolios WHERE portfolio_id = $1',
    [portfolioId],
  );
  return rows[0]?.c ?? null;
}

export async function latestBusinessDateOf(db: Sql): Promise<string | null> {
  return (await seriesCalendar(db)).last_day;
}

export function findPortfolioSeries(db: Sql, portfolioId: string, range: DateRange) {
  const { where, params } = filterOf([
    ['portfolio_id = ?', portfolioId],
    ['date >= ?::date', range.start_date],
    ['date <= ?::date', range.end_date],
  ]);
  return db.query<BaseDay & { [k: string]: unknown }>(
    `SELECT date, bod_market_value, eod_market_value, bod_cashflow, eod_cashflow, fees, income, complete,
            incomplete_reason
     FROM portfolio_daily ${where} ORDER BY date`,
    params,
  );
}

export function findPositionSeries(db: Sql, portfolioId: string, securityId: string, range: DateRange) {
  const { where, params } = filterOf([
    ['portfolio_id = ?', portfolioId],
    ['security_id = ?', securityId],
    ['date >= ?::date', range.start_date],
    ['date <= ?::date', range.end_date],
  ]);
  return db.query(
    `SELECT date, quantity, cost_basis, cost_basis_local, bod_market_value, eod_market_value,
            bod_market_value_local, eod_market_value_local, bod_cashflow, eod_cashflow, income, fees,
            valuation_status, price_date, fx_rate, fx_date, incomplete_reason
     FROM position_daily ${where} ORDER BY date`,
    params,
  );
}

export async function positionIsKnown(db: Sql, portfolioId: string, securityId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM position_history WHERE portfolio_id = $1 AND security_id = $2
     UNION ALL SELECT 1 FROM position_daily WHERE portfolio_id = $1 AND security_id = $2 LIMIT 1`,
    [portfolioId, securityId],
  );
  return rows.length > 0;
}

/** A holding (as findHoldings gives it, without the cost weight) with its valuation of the date. */
export interface ValuedHoldingRow extends Omit<HoldingRow, 'weight'> {
  /** From position_daily on the date; null when the series has no row for it. */
  has_series: boolean;
  market_price: number | null;
  market_value: number | null;
  unrealized_gain_loss: number | null;
  market_value_local: number | null;
  unrealized_gain_loss_local: number | null;
  valuation_status: string | null;
  price_date: string | null;
  fx_rate: number | null;
  fx_date: string | null;
  incomplete_reason: string | null;
  cost_basis_float: number;
  [k: string]: unknown;
}

/**
 * Holdings as of a date (null: every row, the latest position): the last position_history row of each key
 * dated on or before it whose quantity is not 0, with the key's series row of that date (its valuation).
 * held_since_date is the first date after the key last stood at 0 on or before the date.
 */
export function findHoldingsAsOf(
  db: Sql,
  portfolioId: string,
  asOf: string | null,
): Promise<ValuedHoldingRow[]> {
  return db.query<ValuedHoldingRow>(
    `WITH ph AS (
       SELECT * FROM position_history WHERE portfolio_id = $1 AND ($2::date IS NULL OR position_date <= $2::date)
     ),
     last AS (
       SELECT DISTINCT ON (security_id) security_id, position_date, quantity, cost_basis, cost_basis_local
       FROM ph ORDER BY security_id, seq DESC
     ),
     held AS (SELECT l.* FROM last l WHERE l.quantity <> 0),
     flat AS (SELECT security_id, max(seq) AS seq FROM ph WHERE quantity = 0 GROUP BY security_id),
     since AS (
       SELECT h.security_id, min(h.position_date) AS held_since_date
       FROM ph h LEFT JOIN flat f ON f.security_id = h.security_id
       WHERE f.seq IS NULL OR h.seq > f.seq
       GROUP BY h.security_id
     )
     SELECT h.security_id, trim_scale(h.quantity)::text AS quantity, coalesce(i.name, 'N/A') AS instrument_name,
            h.position_date, i.asset_class, i.isin, i.currency::text AS currency, i.sector, i.country_of_risk,
            trim_scale(h.cost_basis)::text AS cost_basis, trim_scale(h.cost_basis_local)::text AS cost_basis_local,
            h.cost_basis::float8 AS cost_basis_float,
            k.status AS reprocessing_status, s.held_since_date,
            d.portfolio_id IS NOT NULL AS has_series, d.market_price, d.eod_market_value AS market_value,
            d.unrealized_gain_loss, d.eod_market_value_local AS market_value_local, d.unrealized_gain_loss_local,
            d.valuation_status, d.price_date, d.fx_rate, d.fx_date, d.incomplete_reason
     FROM held h
     JOIN since s ON s.security_id = h.security_id
     LEFT JOIN instruments i ON i.security_id = h.security_id
     LEFT JOIN position_keys k ON k.portfolio_id = $1 AND k.security_id = h.security_id
     LEFT JOIN position_daily d ON d.portfolio_id = $1 AND d.security_id = h.security_id AND d.date = $2::date
     ORDER BY h.security_id`,
    [portfolioId, asOf],
  );
}

export interface DayPositionRow {
  security_id: string;
  quantity: number;
  cost_basis: number;
  eod_market_value: number | null;
  eod_market_value_local: number | null;
  unrealized_gain_loss: number | null;
  valuation_status: string;
  incomplete_reason: string | null;
  currency: string | null;
  is_cash: boolean;
  asset_class: string | null;
  sector: string | null;
  country_of_risk: string | null;
  rating: string | null;
  product_type: string | null;
  maturity_date: string | null;
  [k: string]: unknown;
}

/** The positions of the portfolio on the date with quantity ≠ 0, from position_daily, with instrument fields. */
export function findDayPositions(db: Sql, portfolioId: string, date: string): Promise<DayPositionRow[]> {
  return db.query<DayPositionRow>(
    `SELECT d.security_id, d.quantity, d.cost_basis, d.eod_market_value, d.eod_market_value_local,
            d.unrealized_gain_loss, d.valuation_status, d.incomplete_reason, i.currency::text AS currency,
            coalesce(lower(i.product_type) = 'cash' OR lower(i.asset_class) = 'cash', false) AS is_cash,
            i.asset_class, i.sector, i.country_of_risk, i.rating, i.product_type, i.maturity_date
     FROM position_daily d LEFT JOIN instruments i ON i.security_id = d.security_id
     WHERE d.portfolio_id = $1 AND d.date = $2::date AND d.quantity <> 0
     ORDER BY d.security_id`,
    [portfolioId, date],
  );
}

export interface PortfolioDayRow {
  complete: boolean;
  incomplete_reason: string | null;
  eod_market_value: number;
  [k: string]: unknown;
}

export async function findPortfolioDay(db: Sql, portfolioId: string, date: string) {
  const rows = await db.query<PortfolioDayRow>(
    `SELECT complete, incomplete_reason, eod_market_value FROM portfolio_daily WHERE portfolio_id = $1 AND date = $2`,
    [portfolioId, date],
  );
  return rows[0];
}

/** Period figures of the summary, exact: realized P&L and income in base, activity by transaction type. */
export async function findPeriodFigures(db: Sql, portfolioId: string, start: string, end: string) {
  const [pnl] = await db.query<{ realized: string; income: string; fees: number }>(
    `SELECT trim_scale(coalesce((SELECT sum(realized_gain_loss) FROM transaction_costs
                                 WHERE portfolio_id = $1 AND position_date BETWEEN $2 AND $3), 0))::text AS realized,
            trim_scale(coalesce((SELECT sum(amount_base) FROM cashflows
                                 WHERE portfolio_id = $1 AND cashflow_date BETWEEN $2 AND $3
                                   AND classification = 'INCOME'), 0))::text AS income,
            coalesce((SELECT sum(fees) FROM portfolio_daily
                      WHERE portfolio_id = $1 AND date BETWEEN $2 AND $3), 0)::float8 AS fees`,
    [portfolioId, start, end],
  );
  const activity = await db.query<{ transaction_type: string; count: number; amount_base: string }>(
    `SELECT t.transaction_type, count(*)::int8 AS count,
            trim_scale(coalesce(sum(f.amount_base), 0))::text AS amount_base
     FROM transactions t LEFT JOIN cashflows f ON f.transaction_id = t.transaction_id
     WHERE t.portfolio_id = $1 AND (t.transaction_date AT TIME ZONE 'UTC')::date BETWEEN $2 AND $3
     GROUP BY t.transaction_type ORDER BY t.transaction_type`,
    [portfolioId, start, end],
  );
  return { realized: pnl?.realized ?? '0', income: pnl?.income ?? '0', fees: pnl?.fees ?? 0, activity };
}
