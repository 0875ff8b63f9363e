import type { Sql } from './db.ts';

/** What a write leaves in the audit table (and the JSON log). */
export interface AuditEvent {
  /** ingest, upload, reprocess, quarantine_retry, key_create, key_revoke. */
  action: string;
  /** The API key that wrote; null when auth is off or the change came from the command line. */
  key_id: string | null;
  endpoint: string | null;
  entity_type: string | null;
  job_id: string | null;
  correlation_id: string | null;
  /** Records per entity type. */
  counts: Record<string, number>;
  detail?: Record<string, unknown> | null;
}

export type AuditRow = AuditEvent & { id: number; at: string; [k: string]: unknown };

export async function insertAuditEvent(db: Sql, event: AuditEvent): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (action, key_id, endpoint, entity_type, job_id, correlation_id, counts, detail)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb)`,
    [
      event.action,
      event.key_id,
      event.endpoint,
      event.entity_type,
      event.job_id,
      event.correlation_id,
      JSON.stringify(event.counts),
      event.detail ? JSON.stringify(event.detail) : null,
    ],
  );
}

export interface AuditPage {
  items: AuditRow[];
  /** The id to pass as `after` for the next page; null on the last page. */
  next_after: number | null;
}

/** Audit events oldest first, a page at a time after an id (keyset), optionally of one key or action. */
export async function listAuditEvents(
  db: Sql,
  query: { after: number; limit: number; key_id?: string | undefined; action?: string | undefined },
): Promise<AuditPage> {
  const rows = await db.query<AuditRow>(
    `SELECT id, at, action, key_id, endpoint, entity_type, job_id, correlation_id, counts, detail
     FROM audit_events
     WHERE id > $1 AND ($2::text IS NULL OR key_id = $2) AND ($3::text IS NULL OR action = $3)
     ORDER BY id LIMIT $4`,
    [query.after, query.key_id ?? null, query.action ?? null, query.limit + 1],
  );
  const more = rows.length > query.limit;
  const items = more ? rows.slice(0, query.limit) : rows;
  return { items, next_after: more ? (items.at(-1)?.id ?? null) : null };
}

/** Whether the job was submitted with this API key (its audit row says so). */
export async function jobSubmittedBy(db: Sql, jobId: string, keyId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM audit_events WHERE job_id = $1 AND key_id = $2 LIMIT 1', [
    jobId,
    keyId,
  ]);
  return rows.length > 0;
}
