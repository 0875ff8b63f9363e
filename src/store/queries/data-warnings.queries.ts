import type { Sql } from '../db.ts';

/**
 * Whether an EXPLICIT portfolio's trades move no cash: it has BUYs or SELLs of securities and no transaction
 * at all on a cash instrument (an ingested one, or an un-ingested CASH_<CCY> id). Its returns then count a
 * purchase as a gain and a sale as a loss.
 */
export async function tradesWithoutCash(db: Sql, portfolioId: string): Promise<boolean> {
  const [row] = await db.query<{ flagged: boolean }>(
    `WITH t AS (
       SELECT t.transaction_type,
              coalesce(lower(i.product_type) = 'cash' OR lower(i.asset_class) = 'cash',
                       t.security_id ~ '^CASH_[A-Z]{3}$') AS on_cash
       FROM transactions t LEFT JOIN instruments i ON i.security_id = t.security_id
       WHERE t.portfolio_id = $1
     )
     SELECT coalesce((SELECT cash_mode = 'EXPLICIT' FROM portfolios WHERE portfolio_id = $1), true)
            AND EXISTS (SELECT 1 FROM t WHERE NOT on_cash AND transaction_type IN ('BUY', 'SELL'))
            AND NOT EXISTS (SELECT 1 FROM t WHERE on_cash) AS flagged`,
    [portfolioId],
  );
  return row?.flagged === true;
}
