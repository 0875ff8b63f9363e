import type { Sql } from '../db.ts';
import { countOf, pageOf } from './sql-filter.ts';

/** A quarantined record as GET /quarantine shows it. */
export interface QuarantineView {
  id: number;
  stage: string;
  topic: string;
  partition: number;
  offset: number;
  key: string;
  subject: string;
  portfolio_id: string | null;
  security_id: string | null;
  blocks_keys: boolean;
  value: unknown;
  job_ids: string[];
  correlation_id: string | null;
  error: string;
  attempts: number;
  first_failed_at: string;
  last_failed_at: string;
  status: string;
  resolution: string | null;
  resolved_at: string | null;
  [k: string]: unknown;
}

export interface QuarantineQuery {
  portfolio_id?: string | undefined;
  stage?: string | undefined;
  status?: string | undefined;
  skip: number;
  limit: number;
}

const COLUMNS = `id, stage, topic, "partition", "offset", record_key AS key, subject, portfolio_id, security_id,
  blocks_keys, value, coalesce(ARRAY(SELECT jsonb_array_elements_text(headers->'job_ids')), '{}') AS job_ids,
  headers->>'correlation_id' AS correlation_id, error, attempts, first_failed_at, last_failed_at, status,
  resolution, resolved_at`;

const conditionsOf = (q: QuarantineQuery) =>
  [
    ['portfolio_id = ?', q.portfolio_id],
    ['stage = ?', q.stage],
    ['status = ?', q.status],
  ] as const;

/** Newest first; total counts every match. */
export async function findQuarantined(db: Sql, q: QuarantineQuery) {
  const total = await countOf(db, 'quarantined_records', conditionsOf(q));
  const query = { columns: COLUMNS, from: 'quarantined_records', order: 'id DESC' };
  return { total, items: await pageOf<QuarantineView>(db, query, conditionsOf(q), q) };
}

export async function findQuarantinedById(db: Sql, id: number): Promise<QuarantineView | undefined> {
  const [row] = await db.query<QuarantineView>(`SELECT ${COLUMNS} FROM quarantined_records WHERE id = $1`, [
    id,
  ]);
  return row;
}
