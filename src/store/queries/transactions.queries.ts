import type { Sql } from '../db.ts';
import type { DateRange } from './market-data.queries.ts';
import { countOf, pageOf } from './sql-filter.ts';

/** A transaction fact as stored, with its derived figures; decimals are canonical decimal strings. */
export interface TransactionView extends TransactionColumns {
  cashflow: TransactionCashflow | null;
}

interface TransactionColumns {
  transaction_id: string;
  transaction_date: string;
  transaction_type: string;
  instrument_id: string;
  security_id: string;
  quantity: string;
  price: string;
  gross_transaction_amount: string;
  trade_fee: string;
  trade_currency: string;
  currency: string;
  settlement_date: string | null;
  /** The rate the engine used (supplied, from the FX facts, or 1), else the supplied one, else null. */
  transaction_fx_rate: string | null;
  accrued_interest: string | null;
  split_ratio: string | null;
  economic_event_id: string | null;
  linked_transaction_group_id: string | null;
  calculation_policy_id: string | null;
  calculation_policy_version: string | null;
  source_system: string | null;
  version: number;
  /** What the position engine booked; null until it has applied the transaction (or when its key blocked before it). */
  gross_cost: string | null;
  net_cost: string | null;
  net_cost_local: string | null;
  realized_gain_loss: string | null;
  realized_gain_loss_local: string | null;
  realized_gain_loss_fx: string | null;
  realized_gain_loss_price: string | null;
  [k: string]: unknown;
}

export interface TransactionCashflow {
  amount: string;
  currency: string;
  classification: string;
  timing: string;
  is_position_flow: boolean;
  is_portfolio_flow: boolean;
  calculation_type: string;
}

export const TRANSACTION_SORT_FIELDS = [
  'transaction_date',
  'quantity',
  'price',
  'gross_transaction_amount',
  'transaction_id',
] as const;
export type TransactionSortField = (typeof TRANSACTION_SORT_FIELDS)[number];

export interface TransactionQuery extends DateRange {
  portfolio_id: string;
  security_id?: string | undefined;
  sort_by: TransactionSortField;
  sort_order: 'asc' | 'desc';
  skip: number;
  limit: number;
}

// The fact, with what the engine derived from it. The joins also match the key, so a row left under the key a
// correction moved the transaction away from is never shown before the engine has caught up.
const COLUMNS = `t.transaction_id, t.transaction_date, t.transaction_type, t.instrument_id, t.security_id,
  trim_scale(t.quantity) AS quantity, trim_scale(t.price) AS price,
  trim_scale(t.gross_transaction_amount) AS gross_transaction_amount, trim_scale(t.trade_fee) AS trade_fee,
  trim_scale(t.accrued_interest) AS accrued_interest, trim_scale(t.split_ratio) AS split_ratio,
  t.trade_currency, t.currency, t.settlement_date,
  trim_scale(coalesce(c.transaction_fx_rate, t.transaction_fx_rate)) AS transaction_fx_rate,
  t.economic_event_id, t.linked_transaction_group_id, t.calculation_policy_id, t.calculation_policy_version,
  t.source_system, t.version,
  trim_scale(c.gross_cost) AS gross_cost, trim_scale(c.net_cost) AS net_cost,
  trim_scale(c.net_cost_local) AS net_cost_local, trim_scale(c.realized_gain_loss) AS realized_gain_loss,
  trim_scale(c.realized_gain_loss_local) AS realized_gain_loss_local,
  trim_scale(c.realized_gain_loss_fx) AS realized_gain_loss_fx,
  trim_scale(c.realized_gain_loss_price) AS realized_gain_loss_price,
  trim_scale(f.amount) AS cashflow_amount, f.currency::text AS cashflow_currency,
  f.classification AS cashflow_classification, f.timing AS cashflow_timing,
  f.is_position_flow AS cashflow_is_position_flow, f.is_portfolio_flow AS cashflow_is_portfolio_flow,
  f.calculation_type AS cashflow_calculation_type`;

const JOINS = `LEFT JOIN transaction_costs c ON c.transaction_id = t.transaction_id
    AND c.portfolio_id = t.portfolio_id AND c.security_id = t.security_id
  LEFT JOIN cashflows f ON f.transaction_id = t.transaction_id
    AND f.portfolio_id = t.portfolio_id AND f.security_id = t.security_id`;

interface Joined extends TransactionColumns {
  cashflow_amount: string | null;
  cashflow_currency: string | null;
  cashflow_classification: string | null;
  cashflow_timing: string | null;
  cashflow_is_position_flow: boolean | null;
  cashflow_is_portfolio_flow: boolean | null;
  cashflow_calculation_type: string | null;
}

function viewOf(row: Joined): TransactionView {
  const {
    cashflow_amount,
    cashflow_currency,
    cashflow_classification,
    cashflow_timing,
    cashflow_is_position_flow,
    cashflow_is_portfolio_flow,
    cashflow_calculation_type,
    ...rest
  } = row;
  const cashflow =
    cashflow_amount === null
      ? null
      : {
          amount: cashflow_amount,
          currency: cashflow_currency!,
          classification: cashflow_classification!,
          timing: cashflow_timing!,
          is_position_flow: cashflow_is_position_flow!,
          is_portfolio_flow: cashflow_is_portfolio_flow!,
          calculation_type: cashflow_calculation_type!,
        };
  return { ...rest, cashflow };
}

// The date bounds are on the UTC calendar date of transaction_date, written as instant ranges so the
// (portfolio_id, transaction_date) index serves them.
const conditionsOf = (q: TransactionQuery) =>
  [
    ['t.portfolio_id = ?', q.portfolio_id],
    ['t.security_id = ?', q.security_id],
    [`t.transaction_date >= (?::date::timestamp AT TIME ZONE 'UTC')`, q.start_date],
    [`t.transaction_date < ((?::date + 1)::timestamp AT TIME ZONE 'UTC')`, q.end_date],
  ] as const;

export async function findTransactions(
  db: Sql,
  q: TransactionQuery,
): Promise<{ total: number; transactions: TransactionView[] }> {
  const total = await countOf(db, 'transactions t', conditionsOf(q));
  // Only whitelisted names reach the SQL text; transaction_id breaks ties so pages never overlap.
  const column = TRANSACTION_SORT_FIELDS.includes(q.sort_by) ? q.sort_by : 'transaction_date';
  const direction = q.sort_order === 'asc' ? 'ASC' : 'DESC';
  const order =
    column === 'transaction_id'
      ? `t.transaction_id ${direction}`
      : `t.${column} ${direction}, t.transaction_id ${direction}`;
  const rows = await pageOf<Joined>(
    db,
    { columns: COLUMNS, from: `transactions t ${JOINS}`, order },
    conditionsOf(q),
    q,
  );
  return { total, transactions: rows.map(viewOf) };
}
