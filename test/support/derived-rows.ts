import type { Db } from '../../src/store/db.ts';

/** The position stage's tables, each with the order its rows are compared in. */
export const POSITION_TABLES = {
  position_history: 'portfolio_id, security_id, seq',
  lots: 'portfolio_id, security_id, lot_id',
  disposals: 'portfolio_id, security_id, transaction_id, lot_id',
  transaction_costs: 'transaction_id',
  cashflows: 'transaction_id',
  position_keys: 'portfolio_id, security_id',
} as const;

/** The series stage's tables, each with the order its rows are compared in. */
export const SERIES_TABLES = {
  position_daily: 'portfolio_id, security_id, date',
  portfolio_daily: 'portfolio_id, date',
  holdings: 'security_id, portfolio_id',
} as const;

/** Depend on the path, not on the facts: how many rebuilds it took and when. */
const PATH_COLUMNS = new Set(['epoch', 'replays', 'updated_at']);

/**
 * Every row of the tables (table → ORDER BY list), in that order and without the path columns: what two ways
 * of deriving the same facts must agree on.
 */
export async function derivedRows(db: Db, tables: Readonly<Record<string, string>>) {
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(tables)) {
    const rows = await db.query(`SELECT * FROM ${table} ORDER BY ${order}`);
    out[table] = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !PATH_COLUMNS.has(k))));
  }
  return out;
}
