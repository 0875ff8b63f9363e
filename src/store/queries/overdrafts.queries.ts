import type { Sql } from '../db.ts';

export interface OverdraftRow {
  portfolio_id: string;
  security_id: string;
  currency: string | null;
  quantity: string;
  position_date: string;
  overdrawn_since: string;
  [k: string]: unknown;
}

/**
 * Cash accounts below zero now (their latest position row): only cash may go negative, a security blocks
 * instead (docs/api.md, "Cash"). overdrawn_since: the first row of the current run below zero.
 */
export function findOverdrafts(db: Sql, portfolioId: string | undefined): Promise<OverdraftRow[]> {
  return db.query<OverdraftRow>(
    `WITH latest AS (
       SELECT DISTINCT ON (portfolio_id, security_id) portfolio_id, security_id, seq, quantity, position_date
       FROM position_history WHERE ($1::text IS NULL OR portfolio_id = $1)
       ORDER BY portfolio_id, security_id, seq DESC)
     SELECT l.portfolio_id, l.security_id, i.currency::text AS currency, trim_scale(l.quantity)::text AS quantity,
            l.position_date::text AS position_date,
            (SELECT min(h.position_date)::text FROM position_history h
             WHERE h.portfolio_id = l.portfolio_id AND h.security_id = l.security_id
               AND h.seq > coalesce((SELECT max(z.seq) FROM position_history z
                                     WHERE z.portfolio_id = l.portfolio_id AND z.security_id = l.security_id
                                       AND z.quantity >= 0), 0)) AS overdrawn_since
     FROM latest l LEFT JOIN instruments i ON i.security_id = l.security_id
     WHERE l.quantity < 0
     ORDER BY l.portfolio_id, l.security_id`,
    [portfolioId ?? null],
  );
}
