import type { EngineTransaction } from '../domain/positions/types.ts';
import { queryByIds, type Sql } from './db.ts';
import { TRANSACTION_COLUMNS } from './position-facts.ts';

/**
 * Every current transaction of the portfolios: the sources of an AUTO portfolio's settlement legs, which its
 * cash key books from the transactions of all its other keys (src/domain/positions/auto-cash.ts).
 */
export function transactionsOfPortfolios(
  tx: Sql,
  portfolioIds: readonly string[],
): Promise<EngineTransaction[]> {
  return queryByIds<EngineTransaction & Record<string, unknown>>(
    `SELECT ${TRANSACTION_COLUMNS} FROM transactions t WHERE t.portfolio_id = ANY($1::text[])`,
  )(tx, portfolioIds);
}

/**
 * The transaction type of a cashflow row `f` joined (LEFT) to its transaction `t`: a settlement leg or funding
 * of cash mode AUTO has no transaction fact; its type follows from its classification (a leg is a BUY or a
 * SELL of cash, a funding a DEPOSIT).
 */
export const transactionTypeOfFlow = (t: string, f: string): string =>
  `coalesce(${t}.transaction_type, CASE ${f}.classification WHEN 'INVESTMENT_OUTFLOW' THEN 'BUY'
     WHEN 'INVESTMENT_INFLOW' THEN 'SELL' ELSE 'DEPOSIT' END)`;
