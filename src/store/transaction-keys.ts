import { queryByIds } from './db.ts';

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
export const transactionKeysOf = queryByIds<TransactionKey>(
  `SELECT transaction_id, portfolio_id, security_id, transaction_date
   FROM transactions WHERE transaction_id = ANY($1::text[])`,
);
