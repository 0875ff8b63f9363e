import type { Sql } from '../db.ts';
import { countOf, pageOf } from './sql-filter.ts';

/** The state of a position key: where its derived data stands (epoch, watermark, status). */
export interface KeyView {
  security_id: string;
  epoch: number;
  watermark_date: string | null;
  status: string;
  blocked_reason: string | null;
  blocked_transaction_id: string | null;
  blocked_detail: string | null;
  [k: string]: unknown;
}

export interface KeyQuery {
  portfolio_id: string;
  status?: string | undefined;
  security_id?: string | undefined;
  skip: number;
  limit: number;
}

const COLUMNS = `security_id, epoch, watermark_date, status, blocked_reason, blocked_transaction_id, blocked_detail`;

const conditionsOf = (q: KeyQuery) =>
  [
    ['portfolio_id = ?', q.portfolio_id],
    ['status = ?', q.status],
    ['security_id = ?', q.security_id],
  ] as const;

export async function findKeys(db: Sql, q: KeyQuery): Promise<{ total: number; items: KeyView[] }> {
  const total = await countOf(db, 'position_keys', conditionsOf(q));
  const query = { columns: COLUMNS, from: 'position_keys', order: 'security_id' };
  return { total, items: await pageOf<KeyView>(db, query, conditionsOf(q), q) };
}

export async function findKey(
  db: Sql,
  portfolioId: string,
  securityId: string,
): Promise<(KeyView & { latest_position_date: string | null }) | undefined> {
  const rows = await db.query<KeyView & { latest_position_date: string | null }>(
    `SELECT ${COLUMNS},
            (SELECT max(h.position_date) FROM position_history h
             WHERE h.portfolio_id = k.portfolio_id AND h.security_id = k.security_id) AS latest_position_date
     FROM position_keys k WHERE portfolio_id = $1 AND security_id = $2`,
    [portfolioId, securityId],
  );
  return rows[0];
}
