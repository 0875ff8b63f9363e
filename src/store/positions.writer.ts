import { type Dec, toNumeric } from '../domain/money.ts';
import type { ReplayResult } from '../domain/positions/types.ts';
import type { IsoDate } from '../domain/records/types.ts';
import type { Sql } from './db.ts';
import { jsonRow, jsonRows, type Shape } from './json-rows.ts';
import type { PositionKey } from './position-facts.ts';
import { WriteQueue } from './write-queue.ts';

/**
 * What one replay of a key writes: its rows dated on or after `from` (null: all of them) replace the stored
 * rows dated on or after `from`; rows before it stay as they are (the replay computed them identically).
 * Lots are rewritten whole. Rows written carry `epoch`.
 */
export interface KeyWrite extends PositionKey {
  from: IsoDate | null;
  epoch: number;
  result: ReplayResult;
}

const num = (d: Dec): string => toNumeric(d);
const numOrNull = (d: Dec | null): string | null => (d === null ? null : toNumeric(d));
const onOrAfter = (date: IsoDate, from: IsoDate | null) => from === null || date >= from;

/** The rows of one table, sent as one JSON parameter per chunk (json-rows.ts). */
class Rows {
  readonly shape: Shape;
  readonly rows: Record<string, unknown>[] = [];
  constructor(shape: Shape) {
    this.shape = shape;
  }
  push(...values: unknown[]) {
    this.rows.push(jsonRow(this.shape, values));
  }
  /** The FROM item that reads a chunk back as rows of the table's columns, in `shape` order. */
  get source(): string {
    return jsonRows(this.shape);
  }
}

/** Deletes the rows the replays replace: one statement per table for every key of the batch. */
function deleteReplaced(queue: WriteQueue, writes: readonly KeyWrite[]): void {
  const params = [
    writes.map((w) => w.portfolio_id),
    writes.map((w) => w.security_id),
    writes.map((w) => w.from),
  ];
  const keys = `unnest($1::text[], $2::text[], $3::date[]) AS k(portfolio_id, security_id, from_date)`;
  const dated: ReadonlyArray<[table: string, date: string]> = [
    ['position_history', 'position_date'],
    ['transaction_costs', 'position_date'],
    ['cashflows', 'cashflow_date'],
    ['disposals', 'disposal_date'],
  ];
  for (const [table, date] of dated) {
    queue.push(
      `DELETE FROM ${table} t USING ${keys}
       WHERE t.portfolio_id = k.portfolio_id AND t.security_id = k.security_id
         AND (k.from_date IS NULL OR t.${date} >= k.from_date)`,
      params,
    );
  }
  queue.push(
    `DELETE FROM lots t USING ${keys} WHERE t.portfolio_id = k.portfolio_id AND t.security_id = k.security_id`,
    params,
  );
}

/**
 * Writes the replays of a batch, set-based: first every delete, then every insert, so a transaction that a
 * correction moved from one key to another of the same batch never meets its old row. Costs and cashflows
 * are keyed by transaction alone: when the new key is replayed in an earlier batch than the old one, the
 * insert takes the row over and the old key's later delete no longer matches it. The deletes run while the
 * rows are built, each chunk while the statements before it run (write-queue.ts).
 */
export async function writeReplays(tx: Sql, writes: readonly KeyWrite[]): Promise<void> {
  if (writes.length === 0) return;
  const queue = new WriteQueue(tx);
  deleteReplaced(queue, writes);

  const history = new Rows([
    ['portfolio_id', 'text'],
    ['security_id', 'text'],
    ['seq', 'int'],
    ['transaction_id', 'text'],
    ['position_date', 'date'],
    ['epoch', 'int'],
    ['quantity', 'numeric'],
    ['cost_basis', 'numeric'],
    ['cost_basis_local', 'numeric'],
  ]);
  const costs = new Rows([
    ['transaction_id', 'text'],
    ['portfolio_id', 'text'],
    ['security_id', 'text'],
    ['position_date', 'date'],
    ['epoch', 'int'],
    ['transaction_fx_rate', 'numeric'],
    ['fx_source', 'text'],
    ['fx_rate_date', 'date'],
    ['gross_cost', 'numeric'],
    ['net_cost', 'numeric'],
    ['net_cost_local', 'numeric'],
    ['realized_gain_loss', 'numeric'],
    ['realized_gain_loss_local', 'numeric'],
    ['realized_gain_loss_fx', 'numeric'],
    ['realized_gain_loss_price', 'numeric'],
  ]);
  const cashflows = new Rows([
    ['transaction_id', 'text'],
    ['portfolio_id', 'text'],
    ['security_id', 'text'],
    ['cashflow_date', 'date'],
    ['amount', 'numeric'],
    ['currency', 'text'],
    ['amount_base', 'numeric'],
    ['classification', 'text'],
    ['timing', 'text'],
    ['is_position_flow', 'boolean'],
    ['is_portfolio_flow', 'boolean'],
    ['calculation_type', 'text'],
    ['epoch', 'int'],
  ]);
  const lots = new Rows([
    ['portfolio_id', 'text'],
    ['security_id', 'text'],
    ['lot_id', 'text'],
    ['source_transaction_id', 'text'],
    ['acquisition_date', 'date'],
    ['original_quantity', 'numeric'],
    ['open_quantity', 'numeric'],
    ['lot_cost_local', 'numeric'],
    ['lot_cost_base', 'numeric'],
    ['open_cost_local', 'numeric'],
    ['open_cost_base', 'numeric'],
    ['accrued_interest_paid_local', 'numeric'],
  ]);
  const disposals = new Rows([
    ['portfolio_id', 'text'],
    ['security_id', 'text'],
    ['transaction_id', 'text'],
    ['lot_id', 'text'],
    ['transaction_type', 'text'],
    ['disposal_date', 'date'],
    ['quantity', 'numeric'],
    ['cost_local', 'numeric'],
    ['cost_base', 'numeric'],
  ]);
  for (const w of writes) {
    const { portfolio_id: p, security_id: s, from, epoch, result } = w;
    for (const r of result.rows) {
      if (!onOrAfter(r.position_date, from)) continue;
      history.push(
        p,
        s,
        r.seq,
        r.transaction_id,
        r.position_date,
        epoch,
        num(r.quantity),
        num(r.cost_basis),
        num(r.cost_basis_local),
      );
    }
    for (const c of result.costs) {
      if (!onOrAfter(c.position_date, from)) continue;
      costs.push(
        c.transaction_id,
        p,
        s,
        c.position_date,
        epoch,
        num(c.transaction_fx_rate),
        c.fx_source,
        c.fx_rate_date,
        numOrNull(c.gross_cost),
        numOrNull(c.net_cost),
        numOrNull(c.net_cost_local),
        numOrNull(c.realized_gain_loss),
        numOrNull(c.realized_gain_loss_local),
        numOrNull(c.realized_gain_loss_fx),
        numOrNull(c.realized_gain_loss_price),
      );
    }
    for (const f of result.cashflows) {
      if (!onOrAfter(f.cashflow_date, from)) continue;
      cashflows.push(
        f.transaction_id,
        p,
        s,
        f.cashflow_date,
        num(f.amount),
        f.currency,
        num(f.amount_base),
        f.classification,
        f.timing,
        f.is_position_flow,
        f.is_portfolio_flow,
        f.calculation_type,
        epoch,
      );
    }
    for (const l of result.lots) {
      lots.push(
        p,
        s,
        l.lot_id,
        l.source_transaction_id,
        l.acquisition_date,
        num(l.original_quantity),
        num(l.open_quantity),
        num(l.lot_cost_local),
        num(l.lot_cost_base),
        num(l.open_cost_local),
        num(l.open_cost_base),
        num(l.accrued_interest_paid_local),
      );
    }
    for (const d of result.disposals) {
      if (!onOrAfter(d.disposal_date, from)) continue;
      disposals.push(
        p,
        s,
        d.transaction_id,
        d.lot_id,
        d.transaction_type,
        d.disposal_date,
        num(d.quantity),
        num(d.cost_local),
        num(d.cost_base),
      );
    }
  }

  await queue.pushRows(
    `INSERT INTO position_history (portfolio_id, security_id, seq, transaction_id, position_date, epoch, quantity,
                                   cost_basis, cost_basis_local)
     SELECT * FROM ${history.source}`,
    history.rows,
  );
  await queue.pushRows(
    `INSERT INTO transaction_costs AS c (transaction_id, portfolio_id, security_id, position_date, epoch,
       transaction_fx_rate, fx_source, fx_rate_date, gross_cost, net_cost, net_cost_local, realized_gain_loss,
       realized_gain_loss_local, realized_gain_loss_fx, realized_gain_loss_price)
     SELECT * FROM ${costs.source}
     ON CONFLICT (transaction_id) DO UPDATE SET
       portfolio_id = excluded.portfolio_id, security_id = excluded.security_id,
       position_date = excluded.position_date, epoch = excluded.epoch,
       transaction_fx_rate = excluded.transaction_fx_rate, fx_source = excluded.fx_source,
       fx_rate_date = excluded.fx_rate_date, gross_cost = excluded.gross_cost, net_cost = excluded.net_cost,
       net_cost_local = excluded.net_cost_local, realized_gain_loss = excluded.realized_gain_loss,
       realized_gain_loss_local = excluded.realized_gain_loss_local,
       realized_gain_loss_fx = excluded.realized_gain_loss_fx,
       realized_gain_loss_price = excluded.realized_gain_loss_price`,
    costs.rows,
  );
  await queue.pushRows(
    `INSERT INTO cashflows AS f (transaction_id, portfolio_id, security_id, cashflow_date, amount, currency,
       amount_base, classification, timing, is_position_flow, is_portfolio_flow, calculation_type, epoch)
     SELECT * FROM ${cashflows.source}
     ON CONFLICT (transaction_id) DO UPDATE SET
       portfolio_id = excluded.portfolio_id, security_id = excluded.security_id,
       cashflow_date = excluded.cashflow_date, amount = excluded.amount, currency = excluded.currency,
       amount_base = excluded.amount_base, classification = excluded.classification, timing = excluded.timing,
       is_position_flow = excluded.is_position_flow, is_portfolio_flow = excluded.is_portfolio_flow,
       calculation_type = excluded.calculation_type, epoch = excluded.epoch`,
    cashflows.rows,
  );
  await queue.pushRows(
    `INSERT INTO lots (portfolio_id, security_id, lot_id, source_transaction_id, acquisition_date,
       original_quantity, open_quantity, lot_cost_local, lot_cost_base, open_cost_local, open_cost_base,
       accrued_interest_paid_local)
     SELECT * FROM ${lots.source}`,
    lots.rows,
  );
  await queue.pushRows(
    `INSERT INTO disposals (portfolio_id, security_id, transaction_id, lot_id, transaction_type, disposal_date,
       quantity, cost_local, cost_base)
     SELECT * FROM ${disposals.source}`,
    disposals.rows,
  );
  await queue.done();
}
