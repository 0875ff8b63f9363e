import type { Sql } from './db.ts';

/** Where a stored transaction belongs: what a rebuild of it must recompute. */
export interface TransactionKey {
  transaction_id: string;
  portfolio_id: string;
  security_id: string;
  /** ISO-8601 instant. */
  transaction_date: string;
  [k: string]: unknown;
}

/** The current portfolio, security and date of each of `ids` that is stored; unknown ids are absent. */
export function transactionKeysOf(tx: Sql, ids: readonly string[]): Promise<TransactionKey[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return tx.query<TransactionKey>(
    `SELECT transaction_id, portfolio_id, security_id, transaction_date
     FROM transactions WHERE transaction_id = ANY($1::text[])`,
    [ids],
  );
}
