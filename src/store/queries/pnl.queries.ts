import type { LotDisposalRow } from '../../domain/analytics/pnl/realized-gains.ts';
import type {
  BookedTransaction,
  PortfolioPoint,
  PositionValuation,
} from '../../domain/analytics/pnl/types.ts';
import { isCashInstrument } from '../../domain/positions/rules.ts';
import { transactionTypeOfFlow } from '../auto-cash-facts.ts';
import type { Sql } from '../db.ts';

/**
 * What the P&L decomposition and the realized-gains report read. Booked amounts come as exact decimal strings
 * (trim_scale(numeric)::text); the daily series' values as float64.
 */

export interface PortfolioTerms {
  base_currency: string;
  open_date: string;
  [k: string]: unknown;
}

export async function portfolioTermsOf(db: Sql, portfolioId: string): Promise<PortfolioTerms | undefined> {
  const rows = await db.query<PortfolioTerms>(
    'SELECT base_currency::text AS base_currency, open_date FROM portfolios WHERE portfolio_id = $1',
    [portfolioId],
  );
  return rows[0];
}

/** The first and last day of the portfolio's daily series (nulls when it has none). */
export async function seriesSpanOf(db: Sql, portfolioId: string) {
  const rows = await db.query<{ first: string | null; last: string | null }>(
    'SELECT min(date)::text AS first, max(date)::text AS last FROM portfolio_daily WHERE portfolio_id = $1',
    [portfolioId],
  );
  return { first: rows[0]?.first ?? null, last: rows[0]?.last ?? null };
}

/**
 * The portfolio's EOD value on a date. Before the series starts nothing was held (0); after it ends, or on an
 * incomplete day, the value is unknown (null with the reason).
 */
export async function portfolioPointOf(
  db: Sql,
  portfolioId: string,
  date: string,
  span: { first: string | null; last: string | null },
): Promise<PortfolioPoint> {
  if (span.first === null || date < span.first) return { market_value: 0, reason: null };
  if (span.last === null || date > span.last) {
    return { market_value: null, reason: `the daily series end on ${span.last}` };
  }
  const rows = await db.query<{
    eod_market_value: number;
    complete: boolean;
    incomplete_reason: string | null;
  }>(
    'SELECT eod_market_value, complete, incomplete_reason FROM portfolio_daily WHERE portfolio_id = $1 AND date = $2',
    [portfolioId, date],
  );
  const row = rows[0];
  if (row === undefined) return { market_value: null, reason: `no series row on ${date}` };
  return row.complete
    ? { market_value: row.eod_market_value, reason: null }
    : { market_value: null, reason: row.incomplete_reason ?? 'incomplete' };
}

interface EndpointRow {
  security_id: string;
  date: string;
  eod_market_value: number | null;
  unrealized_gain_loss: number | null;
  incomplete_reason: string | null;
  [k: string]: unknown;
}

interface CurrencyRow {
  security_id: string;
  currency_effect: number | null;
  unknown_days: number;
  [k: string]: unknown;
}

/**
 * Each position's valuation at the two endpoints (EOD of `before` and of `end`) and its currency effect over
 * (before, end]: Σ per day of base P&L − local P&L × the day's FX rate, where a day's P&L is
 * EOD − BOD − BOD flow − EOD flow (base, or local). A day missing any of those is counted, not summed.
 */
export async function positionValuationsOf(
  db: Sql,
  portfolioId: string,
  before: string,
  end: string,
): Promise<PositionValuation[]> {
  const points = await db.query<EndpointRow>(
    `SELECT security_id, date::text AS date, eod_market_value, unrealized_gain_loss, incomplete_reason
     FROM position_daily WHERE portfolio_id = $1 AND date IN ($2::date, $3::date)`,
    [portfolioId, before, end],
  );
  const currency = await db.query<CurrencyRow>(
    `WITH d AS (
       SELECT security_id,
              (eod_market_value - bod_market_value - bod_cashflow - eod_cashflow)
              - (eod_market_value_local - bod_market_value_local - bod_cashflow_local - eod_cashflow_local) * fx_rate
                AS effect
       FROM position_daily WHERE portfolio_id = $1 AND date > $2::date AND date <= $3::date
     )
     SELECT security_id, coalesce(sum(effect), 0) AS currency_effect,
            count(*) FILTER (WHERE effect IS NULL)::int8 AS unknown_days
     FROM d GROUP BY security_id`,
    [portfolioId, before, end],
  );
  const byId = new Map<string, PositionValuation>();
  const get = (id: string) => {
    let v = byId.get(id);
    if (v === undefined) {
      v = { security_id: id, start: null, end: null, currency_effect: 0, currency_effect_unknown_days: 0 };
      byId.set(id, v);
    }
    return v;
  };
  for (const p of points) {
    const point = {
      market_value: p.eod_market_value,
      unrealized_gain_loss: p.unrealized_gain_loss,
      incomplete_reason: p.incomplete_reason,
    };
    if (p.date === before) get(p.security_id).start = point;
    else get(p.security_id).end = point;
  }
  for (const c of currency) {
    const v = get(c.security_id);
    v.currency_effect = c.currency_effect ?? 0;
    v.currency_effect_unknown_days = c.unknown_days;
  }
  return [...byId.values()];
}

interface BookedRow extends Omit<BookedTransaction, 'is_cash' | 'cashflow'> {
  product_type: string | null;
  asset_class: string | null;
  amount_base: string | null;
  classification: string | null;
  timing: 'BOD' | 'EOD' | null;
  is_position_flow: boolean | null;
  is_portfolio_flow: boolean | null;
  [k: string]: unknown;
}

/**
 * Every transaction the position engine applied in [start, end] (it has booked costs; a blocked one has none),
 * with its cashflow, the cost of the lots it consumed and its instrument's cash-ness. The lots' cost is one
 * index lookup per transaction (a transaction's disposals are on its own key): a join with the disposals
 * grouped first went quadratic on the embedded database, whose planner has no statistics (no autovacuum)
 * and re-ran the grouping for every transaction — 2.5 s for 10 years of one portfolio.
 */
export async function bookedTransactionsOf(
  db: Sql,
  portfolioId: string,
  start: string,
  end: string,
): Promise<BookedTransaction[]> {
  const rows = await db.query<BookedRow>(
    `SELECT c.transaction_id, c.security_id, ${transactionTypeOfFlow('t', 'f')} AS transaction_type,
            c.position_date::text AS date,
            i.product_type, i.asset_class,
            trim_scale(c.net_cost)::text AS net_cost,
            trim_scale(c.realized_gain_loss)::text AS realized_gain_loss,
            trim_scale(c.realized_gain_loss_fx)::text AS realized_gain_loss_fx,
            trim_scale(c.realized_gain_loss_price)::text AS realized_gain_loss_price,
            trim_scale(coalesce(d.cost_base, 0))::text AS disposed_cost_base,
            trim_scale(coalesce(t.trade_fee, 0) * c.transaction_fx_rate)::text AS trade_fee_base,
            trim_scale(f.amount_base)::text AS amount_base, f.classification, f.timing,
            f.is_position_flow, f.is_portfolio_flow
     FROM transaction_costs c
     LEFT JOIN transactions t ON t.transaction_id = c.transaction_id
     LEFT JOIN cashflows f ON f.transaction_id = c.transaction_id
     LEFT JOIN instruments i ON i.security_id = c.security_id
     LEFT JOIN LATERAL (
       SELECT sum(x.cost_base) AS cost_base FROM disposals x
       WHERE x.portfolio_id = c.portfolio_id AND x.security_id = c.security_id
         AND x.transaction_id = c.transaction_id AND x.disposal_date BETWEEN $2::date AND $3::date
     ) d ON true
     WHERE c.portfolio_id = $1 AND c.position_date BETWEEN $2::date AND $3::date
     ORDER BY c.position_date, c.transaction_id`,
    [portfolioId, start, end],
  );
  return rows.map((r) => ({
    transaction_id: r.transaction_id,
    security_id: r.security_id,
    transaction_type: r.transaction_type,
    date: r.date,
    is_cash:
      r.product_type !== null &&
      isCashInstrument({
        security_id: r.security_id,
        currency: '',
        product_type: r.product_type,
        asset_class: r.asset_class,
      }),
    net_cost: r.net_cost,
    realized_gain_loss: r.realized_gain_loss,
    realized_gain_loss_fx: r.realized_gain_loss_fx,
    realized_gain_loss_price: r.realized_gain_loss_price,
    disposed_cost_base: r.disposed_cost_base,
    trade_fee_base: r.trade_fee_base,
    cashflow:
      r.amount_base === null
        ? null
        : {
            amount_base: r.amount_base,
            classification: r.classification ?? '',
            timing: r.timing ?? 'EOD',
            is_position_flow: r.is_position_flow ?? false,
            is_portfolio_flow: r.is_portfolio_flow ?? false,
          },
  }));
}

/** The instruments of the given securities: currency and whether they are cash. */
export async function instrumentsOf(db: Sql, securityIds: readonly string[]) {
  if (securityIds.length === 0) return new Map<string, { currency: string; is_cash: boolean }>();
  const rows = await db.query<{
    security_id: string;
    currency: string;
    product_type: string;
    asset_class: string | null;
  }>(
    `SELECT security_id, currency::text AS currency, product_type, asset_class
     FROM instruments WHERE security_id = ANY($1::text[])`,
    [securityIds],
  );
  return new Map(
    rows.map((r) => [
      r.security_id,
      { currency: r.currency, is_cash: isCashInstrument({ ...r, asset_class: r.asset_class }) },
    ]),
  );
}

interface DisposalRow extends LotDisposalRow {
  product_type: string | null;
  asset_class: string | null;
  [k: string]: unknown;
}

/** Every lot consumed by a SELL in [start, end], with its acquisition date and the sale's net proceeds. */
export async function sellDisposalsOf(
  db: Sql,
  portfolioId: string,
  start: string,
  end: string,
  includeCash: boolean,
): Promise<LotDisposalRow[]> {
  const rows = await db.query<DisposalRow>(
    `SELECT d.transaction_id, d.security_id, d.disposal_date::text AS disposal_date, d.lot_id,
            l.acquisition_date::text AS acquisition_date, trim_scale(d.quantity)::text AS quantity,
            trim_scale(d.cost_base)::text AS cost_base, trim_scale(f.amount_base)::text AS sale_proceeds_base,
            i.product_type, i.asset_class
     FROM disposals d
     JOIN lots l ON l.portfolio_id = d.portfolio_id AND l.security_id = d.security_id AND l.lot_id = d.lot_id
     JOIN cashflows f ON f.transaction_id = d.transaction_id
     LEFT JOIN instruments i ON i.security_id = d.security_id
     WHERE d.portfolio_id = $1 AND d.transaction_type = 'SELL' AND d.disposal_date BETWEEN $2::date AND $3::date
     ORDER BY d.disposal_date, d.transaction_id, l.acquisition_date, d.lot_id`,
    [portfolioId, start, end],
  );
  return rows
    .filter(
      (r) =>
        includeCash ||
        r.product_type === null ||
        !isCashInstrument({
          security_id: r.security_id,
          currency: '',
          product_type: r.product_type,
          asset_class: r.asset_class,
        }),
    )
    .map((r) => ({
      transaction_id: r.transaction_id,
      security_id: r.security_id,
      disposal_date: r.disposal_date,
      lot_id: r.lot_id,
      acquisition_date: r.acquisition_date,
      quantity: r.quantity,
      cost_base: r.cost_base,
      sale_proceeds_base: r.sale_proceeds_base,
    }));
}
