import type { Sql } from '../db.ts';
import { filterOf, nextParam } from './sql-filter.ts';

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

function filterFor(q: KeyQuery) {
  return filterOf([
    ['portfolio_id = ?', q.portfolio_id],
    ['status = ?', q.status],
    ['security_id = ?', q.security_id],
  ]);
}

export async function findKeys(db: Sql, q: KeyQuery): Promise<{ total: number; items: KeyView[] }> {
  const counted = filterFor(q);
  const [count] = await db.query<{ total: number }>(
    `SELECT count(*)::int8 AS total FROM position_keys ${counted.where}`,
    counted.params,
  );
  const paged = filterFor(q);
  const items = await db.query<KeyView>(
    `SELECT ${COLUMNS} FROM position_keys ${paged.where} ORDER BY security_id
     LIMIT ${nextParam(paged, q.limit)} OFFSET ${nextParam(paged, q.skip)}`,
    paged.params,
  );
  return { total: count?.total ?? 0, items };
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
