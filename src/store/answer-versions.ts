import type { Sql } from './db.ts';

/**
 * The versions a portfolio's answers depend on (migration 0015): every answer_versions row of the portfolio and
 * of the market, in one indexed read, as one string. Two reads that return the same string saw the same data:
 * each row holds the id of the last transaction that wrote its table for that scope, and those ids are never
 * reused. The server's start time is part of it too: a database swapped for another (a restored dump on a new
 * server) starts counting transaction ids again, and must not meet an answer kept from the old one.
 *
 * Null when the anchor row is missing (the table emptied by hand and not yet refilled): nothing may be cached.
 */
export async function answerVersionsOf(db: Sql, portfolioId: string): Promise<string | null> {
  const [row] = await db.query<{ versions: string | null; anchored: boolean | null }>(
    `SELECT string_agg(scope || '/' || source || '=' || version, ',' ORDER BY scope, source)
              || '@' || pg_postmaster_start_time()::text AS versions,
            bool_or(scope = 'M' AND source = '*') AS anchored
     FROM answer_versions WHERE scope IN ('M', 'P:' || $1)`,
    [portfolioId],
  );
  return row?.anchored === true && row.versions !== null ? row.versions : null;
}
