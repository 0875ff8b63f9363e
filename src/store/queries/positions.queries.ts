import type { Sql } from '../db.ts';
import type { DateRange } from './market-data.queries.ts';
import { filterOf } from './sql-filter.ts';

/** What the position engine derived, as the query API reads it; decimals are canonical decimal strings. */

export interface PositionHistoryRow {
  position_date: string;
  transaction_id: string;
  quantity: string;
  cost_basis: string;
  cost_basis_local: string;
  epoch: number;
  [k: string]: unknown;
}

export function findPositionHistory(
  db: Sql,
  q: DateRange & { portfolio_id: string; security_id: string },
): Promise<PositionHistoryRow[]> {
  const { where, params } = filterOf([
    ['portfolio_id = ?', q.portfolio_id],
    ['security_id = ?', q.security_id],
    ['position_date >= ?::date', q.start_date],
    ['position_date <= ?::date', q.end_date],
  ]);
  return db.query<PositionHistoryRow>(
    `SELECT position_date, transaction_id, trim_scale(quantity)::text AS quantity,
            trim_scale(cost_basis)::text AS cost_basis, trim_scale(cost_basis_local)::text AS cost_basis_local, epoch
     FROM position_history ${where} ORDER BY seq`,
    params,
  );
}

export interface LotRow {
  lot_id: string;
  source_transaction_id: string;
  security_id: string;
  acquisition_date: string;
  original_quantity: string;
  open_quantity: string;
  lot_cost_local: string;
  lot_cost_base: string;
  open_cost_local: string;
  open_cost_base: string;
  accrued_interest_paid_local: string;
  [k: string]: unknown;
}

export function findLots(db: Sql, portfolioId: string, securityId: string): Promise<LotRow[]> {
  return db.query<LotRow>(
    `SELECT lot_id, source_transaction_id, security_id, acquisition_date,
            trim_scale(original_quantity)::text AS original_quantity, trim_scale(open_quantity)::text AS open_quantity,
            trim_scale(lot_cost_local)::text AS lot_cost_local, trim_scale(lot_cost_base)::text AS lot_cost_base,
            trim_scale(open_cost_local)::text AS open_cost_local, trim_scale(open_cost_base)::text AS open_cost_base,
            trim_scale(accrued_interest_paid_local)::text AS accrued_interest_paid_local
     FROM lots WHERE portfolio_id = $1 AND security_id = $2
     ORDER BY acquisition_date, lot_id`,
    [portfolioId, securityId],
  );
}

export interface SellDisposalRow {
  transaction_id: string;
  transaction_date: string;
  security_id: string;
  quantity_disposed: string;
  disposal_cost_basis_base: string;
  disposal_cost_basis_local: string;
  net_sell_proceeds_base: string | null;
  net_sell_proceeds_local: string | null;
  realized_gain_loss_base: string | null;
  realized_gain_loss_local: string | null;
  realized_gain_loss_fx: string | null;
  realized_gain_loss_price: string | null;
  [k: string]: unknown;
}

/**
 * One row per SELL of the key: its per-lot disposals summed, with its realized P&L; the net proceeds are
 * realized + cost of the lots disposed, in base and local.
 */
export function findSellDisposals(
  db: Sql,
  portfolioId: string,
  securityId: string,
): Promise<SellDisposalRow[]> {
  return db.query<SellDisposalRow>(
    `WITH d AS (
       SELECT transaction_id, sum(quantity) AS quantity, sum(cost_base) AS cost_base, sum(cost_local) AS cost_local
       FROM disposals WHERE portfolio_id = $1 AND security_id = $2 AND transaction_type = 'SELL'
       GROUP BY transaction_id
     )
     SELECT d.transaction_id, t.transaction_date, $2::text AS security_id,
            trim_scale(d.quantity)::text AS quantity_disposed,
            trim_scale(d.cost_base)::text AS disposal_cost_basis_base,
            trim_scale(d.cost_local)::text AS disposal_cost_basis_local,
            trim_scale(c.realized_gain_loss + d.cost_base)::text AS net_sell_proceeds_base,
            trim_scale(c.realized_gain_loss_local + d.cost_local)::text AS net_sell_proceeds_local,
            trim_scale(c.realized_gain_loss)::text AS realized_gain_loss_base,
            trim_scale(c.realized_gain_loss_local)::text AS realized_gain_loss_local,
            trim_scale(c.realized_gain_loss_fx)::text AS realized_gain_loss_fx,
            trim_scale(c.realized_gain_loss_price)::text AS realized_gain_loss_price
     FROM d
     JOIN transactions t ON t.transaction_id = d.transaction_id
     LEFT JOIN transaction_costs c ON c.transaction_id = d.transaction_id
     ORDER BY t.transaction_date, d.transaction_id`,
    [portfolioId, securityId],
  );
}

export interface HoldingRow {
  security_id: string;
  quantity: string;
  instrument_name: string;
  position_date: string;
  asset_class: string | null;
  isin: string | null;
  currency: string | null;
  sector: string | null;
  country_of_risk: string | null;
  cost_basis: string;
  cost_basis_local: string;
  reprocessing_status: string;
  held_since_date: string;
  weight: number;
  [k: string]: unknown;
}

/**
 * Current holdings: the last position_history row of each key of the portfolio whose quantity is not 0.
 * held_since_date is the first date after the key last stood at 0 (its first date if it never did); weight
 * is the share of the holdings' total cost basis, 0 when that total is not positive.
 */
export function findHoldings(db: Sql, portfolioId: string): Promise<HoldingRow[]> {
  return db.query<HoldingRow>(
    `WITH last AS (
       SELECT DISTINCT ON (security_id) security_id, position_date, quantity, cost_basis, cost_basis_local
       FROM position_history WHERE portfolio_id = $1
       ORDER BY security_id, seq DESC
     ),
     held AS (
       SELECT l.* FROM last l WHERE l.quantity <> 0
     ),
     flat AS (
       SELECT security_id, max(seq) AS seq FROM position_history
       WHERE portfolio_id = $1 AND quantity = 0 GROUP BY security_id
     ),
     since AS (
       SELECT h.security_id, min(h.position_date) AS held_since_date
       FROM position_history h LEFT JOIN flat f ON f.security_id = h.security_id
       WHERE h.portfolio_id = $1 AND (f.seq IS NULL OR h.seq > f.seq)
       GROUP BY h.security_id
     ),
     total AS (SELECT sum(cost_basis) AS cost_basis FROM held)
     SELECT h.security_id, trim_scale(h.quantity)::text AS quantity, coalesce(i.name, 'N/A') AS instrument_name,
            h.position_date, i.asset_class, i.isin, i.currency::text AS currency, i.sector, i.country_of_risk,
            trim_scale(h.cost_basis)::text AS cost_basis, trim_scale(h.cost_basis_local)::text AS cost_basis_local,
            k.status AS reprocessing_status, s.held_since_date,
            CASE WHEN total.cost_basis > 0 THEN (h.cost_basis / total.cost_basis)::float8 ELSE 0 END AS weight
     FROM held h
     CROSS JOIN total
     JOIN since s ON s.security_id = h.security_id
     LEFT JOIN instruments i ON i.security_id = h.security_id
     LEFT JOIN position_keys k ON k.portfolio_id = $1 AND k.security_id = h.security_id
     ORDER BY h.security_id`,
    [portfolioId],
  );
}

export interface CashflowRow {
  transaction_id: string;
  security_id: string;
  cashflow_date: string;
  amount: string;
  currency: string;
  amount_base: string;
  classification: string;
  timing: string;
  is_position_flow: boolean;
  is_portfolio_flow: boolean;
  calculation_type: string;
  epoch: number;
  [k: string]: unknown;
}

export function findCashflows(
  db: Sql,
  q: DateRange & { portfolio_id: string; classification?: string | undefined },
): Promise<CashflowRow[]> {
  const { where, params } = filterOf([
    ['portfolio_id = ?', q.portfolio_id],
    ['cashflow_date >= ?::date', q.start_date],
    ['cashflow_date <= ?::date', q.end_date],
    ['classification = ?', q.classification],
  ]);
  return db.query<CashflowRow>(
    `SELECT transaction_id, security_id, cashflow_date, trim_scale(amount)::text AS amount, currency::text AS currency,
            trim_scale(amount_base)::text AS amount_base, classification, timing, is_position_flow,
            is_portfolio_flow, calculation_type, epoch
     FROM cashflows ${where} ORDER BY cashflow_date, transaction_id`,
    params,
  );
}

export interface CashLinkageRow {
  portfolio_id: string;
  transaction_id: string;
  transaction_type: string;
  economic_event_id: string | null;
  linked_transaction_group_id: string | null;
  cashflow_date: string | null;
  cashflow_amount: string | null;
  cashflow_currency: string | null;
  cashflow_classification: string | null;
  [k: string]: unknown;
}

/** A transaction of the portfolio with the cashflow it caused (nulls until derived); undefined if unknown. */
export async function findCashLinkage(
  db: Sql,
  portfolioId: string,
  transactionId: string,
): Promise<CashLinkageRow | undefined> {
  const rows = await db.query<CashLinkageRow>(
    `SELECT t.portfolio_id, t.transaction_id, t.transaction_type, t.economic_event_id,
            t.linked_transaction_group_id, f.cashflow_date, trim_scale(f.amount)::text AS cashflow_amount,
            f.currency::text AS cashflow_currency, f.classification AS cashflow_classification
     FROM transactions t
     LEFT JOIN cashflows f ON f.transaction_id = t.transaction_id AND f.portfolio_id = t.portfolio_id
     WHERE t.portfolio_id = $1 AND t.transaction_id = $2`,
    [portfolioId, transactionId],
  );
  return rows[0];
}
