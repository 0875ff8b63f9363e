import type { Sql } from '../db.ts';
import type { DateRange } from './market-data.queries.ts';
import { filterOf, nextParam } from './sql-filter.ts';

/** A transaction fact as stored; decimals are canonical decimal strings. */
export interface TransactionView {
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
  transaction_fx_rate: string | null;
  economic_event_id: string | null;
  linked_transaction_group_id: string | null;
  calculation_policy_id: string | null;
  calculation_policy_version: string | null;
  source_system: string | null;
  version: number;
  [k: string]: unknown;
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

const COLUMNS = `transaction_id, transaction_date, transaction_type, instrument_id, security_id,
  trim_scale(quantity) AS quantity, trim_scale(price) AS price,
  trim_scale(gross_transaction_amount) AS gross_transaction_amount, trim_scale(trade_fee) AS trade_fee,
  trade_currency, currency, settlement_date, trim_scale(transaction_fx_rate) AS transaction_fx_rate,
  economic_event_id, linked_transaction_group_id, calculation_policy_id, calculation_policy_version,
  source_system, version`;

// The date bounds are on the UTC calendar date of transaction_date, written as instant ranges so the
// (portfolio_id, transaction_date) index serves them.
function filterFor(q: TransactionQuery) {
  return filterOf([
    ['portfolio_id = ?', q.portfolio_id],
    ['security_id = ?', q.security_id],
    [`transaction_date >= (?::date::timestamp AT TIME ZONE 'UTC')`, q.start_date],
    [`transaction_date < ((?::date + 1)::timestamp AT TIME ZONE 'UTC')`, q.end_date],
  ]);
}

export async function findTransactions(
  db: Sql,
  q: TransactionQuery,
): Promise<{ total: number; transactions: TransactionView[] }> {
  const counted = filterFor(q);
  const [count] = await db.query<{ total: number }>(
    `SELECT count(*)::int8 AS total FROM transactions ${counted.where}`,
    counted.params,
  );
  // Only whitelisted names reach the SQL text; transaction_id breaks ties so pages never overlap.
  const column = TRANSACTION_SORT_FIELDS.includes(q.sort_by) ? q.sort_by : 'transaction_date';
  const direction = q.sort_order === 'asc' ? 'ASC' : 'DESC';
  const order =
    column === 'transaction_id'
      ? `transaction_id ${direction}`
      : `${column} ${direction}, transaction_id ${direction}`;
  const paged = filterFor(q);
  const transactions = await db.query<TransactionView>(
    `SELECT ${COLUMNS} FROM transactions ${paged.where} ORDER BY ${order}
     LIMIT ${nextParam(paged, q.limit)} OFFSET ${nextParam(paged, q.skip)}`,
    paged.params,
  );
  return { total: count?.total ?? 0, transactions };
}
