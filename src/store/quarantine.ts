import type { LogRecord, RecordHeaders } from '../log/log.ts';
import type { Sql } from './db.ts';

/** The block reason a quarantined record leaves on the position keys it is about. */
export const PROCESSING_ERROR = 'PROCESSING_ERROR';

/** What a record is about in its stage; a later record of the stage with the same subject releases it. */
export interface Subject {
  subject: string;
  portfolio_id?: string | null | undefined;
  security_id?: string | null | undefined;
  /** Block the position keys of portfolio_id / security_id (whichever are set) while the record waits. */
  blocks?: boolean | undefined;
}

export interface QuarantineEntry extends Subject {
  stage: string;
  record: LogRecord;
  error: string;
  attempts: number;
  firstFailedAt: Date;
}

/**
 * Keeps a record its stage could not process. A record that was itself a retry of a quarantined one
 * (headers.quarantine_id) goes back to that row, attempts added up: one row per poison record. Returns its id.
 */
export async function quarantineRecord(tx: Sql, e: QuarantineEntry): Promise<number> {
  const { record } = e;
  const headers: RecordHeaders = { ...record.headers };
  const previous = headers.quarantine_id;
  delete headers.quarantine_id;
  if (previous !== undefined) {
    const [row] = await tx.query<{ id: number }>(
      `UPDATE quarantined_records SET status = 'QUARANTINED', resolution = NULL, resolved_at = NULL,
         topic = $2, "partition" = $3, "offset" = $4, error = $5, attempts = attempts + $6,
         last_failed_at = clock_timestamp()
       WHERE id = $1 RETURNING id`,
      [previous, record.topic, record.partition, record.offset, e.error, e.attempts],
    );
    if (row) return row.id;
  }
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO quarantined_records (stage, topic, "partition", "offset", record_key, subject, portfolio_id,
       security_id, blocks_keys, value, headers, error, attempts, first_failed_at, last_failed_at, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $14, $9::jsonb, $10::jsonb, $11, $12, $13, clock_timestamp(),
             'QUARANTINED')
     RETURNING id`,
    [
      e.stage,
      record.topic,
      record.partition,
      record.offset,
      record.key,
      e.subject,
      e.portfolio_id ?? null,
      e.security_id ?? null,
      JSON.stringify(record.value),
      JSON.stringify(headers),
      e.error,
      e.attempts,
      e.firstFailedAt.toISOString(),
      e.blocks === true,
    ],
  );
  return row!.id;
}

/** A quarantined record going back on the log. */
export interface Released {
  id: number;
  subject: string;
  topic: string;
  record_key: string;
  value: unknown;
  headers: RecordHeaders;
  [k: string]: unknown;
}

/**
 * The quarantined records of `stage` whose subject a processed record named. Those of `superseding` subjects
 * (a later version of the same fact) are resolved: the new version replaces them. Those of `retrying` subjects
 * are marked RETRYING and returned, for the caller to put back on the log.
 */
export async function releaseSubjects(
  tx: Sql,
  stage: string,
  retrying: readonly string[],
  superseding: readonly string[],
): Promise<Released[]> {
  if (superseding.length > 0) {
    const resolved = await tx.query<Scope>(
      `UPDATE quarantined_records SET status = 'RESOLVED', resolution = 'superseded by a later version',
         resolved_at = clock_timestamp()
       WHERE stage = $1 AND status = 'QUARANTINED' AND subject = ANY($2::text[])
       RETURNING portfolio_id, security_id, blocks_keys`,
      [stage, superseding],
    );
    for (const scope of resolved) if (scope.blocks_keys) await unblockKeys(tx, scope);
  }
  if (retrying.length === 0) return [];
  return tx.query<Released>(
    `UPDATE quarantined_records SET status = 'RETRYING'
     WHERE stage = $1 AND status = 'QUARANTINED' AND subject = ANY($2::text[])
     RETURNING id, subject, topic, record_key, value, headers`,
    [stage, retrying],
  );
}

/** Marks one quarantined record RETRYING for a client's retry; undefined when it is not QUARANTINED. */
export async function releaseOne(
  tx: Sql,
  id: number,
): Promise<(Released & { portfolio_id: string | null }) | undefined> {
  const [row] = await tx.query<Released & { portfolio_id: string | null }>(
    `UPDATE quarantined_records SET status = 'RETRYING' WHERE id = $1 AND status = 'QUARANTINED'
     RETURNING id, subject, topic, record_key, value, headers, portfolio_id`,
    [id],
  );
  return row;
}

/**
 * Retried records their stage processed this time: resolved, and the keys they had blocked with
 * PROCESSING_ERROR are CURRENT again unless another record about them is still quarantined.
 */
export async function resolveRetried(tx: Sql, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx.query<Scope>(
    `UPDATE quarantined_records SET status = 'RESOLVED', resolution = 'processed on retry',
       resolved_at = clock_timestamp()
     WHERE id = ANY($1::int8[]) AND status = 'RETRYING'
     RETURNING portfolio_id, security_id, blocks_keys`,
    [ids],
  );
  for (const scope of rows) if (scope.blocks_keys) await unblockKeys(tx, scope);
}

const SCOPE = `($1::text IS NULL OR k.portfolio_id = $1) AND ($2::text IS NULL OR k.security_id = $2)`;

/** The keys of a scope, locked in key order as the position stage locks them: no deadlock between the two. */
const LOCKED = `SELECT k.portfolio_id, k.security_id FROM position_keys k WHERE ${SCOPE}
  ORDER BY k.portfolio_id, k.security_id FOR UPDATE`;

/**
 * Blocks the position keys a quarantined record is about (its portfolio's, its security's, or the one key),
 * creating the key when both are known and it does not exist yet: the key must show why it is incomplete.
 * A key the engine blocked already (oversold, missing FX, …) keeps that reason: it is as true, and releasing
 * the quarantine must not turn it CURRENT.
 */
export async function blockKeys(tx: Sql, scope: Subject, error: string): Promise<void> {
  if (!scope.blocks) return;
  const portfolio = scope.portfolio_id ?? null;
  const security = scope.security_id ?? null;
  if (portfolio === null && security === null) return;
  if (portfolio !== null && security !== null) {
    await tx.query(
      `INSERT INTO position_keys (portfolio_id, security_id) VALUES ($1, $2)
       ON CONFLICT (portfolio_id, security_id) DO NOTHING`,
      [portfolio, security],
    );
  }
  await tx.query(
    `UPDATE position_keys k SET status = 'BLOCKED', blocked_reason = '${PROCESSING_ERROR}',
       blocked_transaction_id = NULL, blocked_detail = $3, updated_at = now()
     FROM (${LOCKED}) s
     WHERE k.portfolio_id = s.portfolio_id AND k.security_id = s.security_id
       AND (k.status <> 'BLOCKED' OR k.blocked_reason = '${PROCESSING_ERROR}')`,
    [portfolio, security, error],
  );
}

interface Scope {
  portfolio_id: string | null;
  security_id: string | null;
  blocks_keys: boolean;
  [k: string]: unknown;
}

async function unblockKeys(tx: Sql, scope: Scope): Promise<void> {
  if (scope.portfolio_id === null && scope.security_id === null) return;
  await tx.query(
    `UPDATE position_keys k SET status = 'CURRENT', blocked_reason = NULL, blocked_detail = NULL,
       updated_at = now()
     FROM (${LOCKED}) s
     WHERE k.portfolio_id = s.portfolio_id AND k.security_id = s.security_id
       AND k.blocked_reason = '${PROCESSING_ERROR}'
       AND NOT EXISTS (
         SELECT 1 FROM quarantined_records q WHERE q.status <> 'RESOLVED' AND q.blocks_keys
           AND (q.portfolio_id IS NULL OR q.portfolio_id = k.portfolio_id)
           AND (q.security_id IS NULL OR q.security_id = k.security_id)
           AND (q.portfolio_id IS NOT NULL OR q.security_id IS NOT NULL))`,
    [scope.portfolio_id, scope.security_id],
  );
}

/**
 * The position keys among `keys` that a record still in quarantine is about, with its error: the position
 * stage keeps them BLOCKED whatever else it replays for them. (A record back on the log is not counted: its
 * own outcome decides.) Reads the few waiting rows, not the keys.
 */
export async function quarantinedKeysOf(
  tx: Sql,
  keys: ReadonlyArray<{ portfolio_id: string; security_id: string }>,
): Promise<Array<{ portfolio_id: string; security_id: string; error: string }>> {
  const out: Array<{ portfolio_id: string; security_id: string; error: string }> = [];
  if (keys.length === 0) return out;
  const waiting = await tx.query<{ portfolio_id: string | null; security_id: string | null; error: string }>(
    `SELECT portfolio_id, security_id, error FROM quarantined_records
     WHERE status = 'QUARANTINED' AND blocks_keys
     ORDER BY id`,
  );
  if (waiting.length === 0) return out;
  for (const k of keys) {
    const about = waiting.findLast(
      (q) =>
        (q.portfolio_id ?? k.portfolio_id) === k.portfolio_id &&
        (q.security_id ?? k.security_id) === k.security_id,
    );
    if (about) out.push({ portfolio_id: k.portfolio_id, security_id: k.security_id, error: about.error });
  }
  return out;
}

/** Records waiting in quarantine, per stage (the pas_quarantined_records gauge). */
export function quarantinedCounts(db: Sql): Promise<Array<{ stage: string; n: number }>> {
  return db.query(
    `SELECT stage, count(*)::int8 AS n FROM quarantined_records WHERE status <> 'RESOLVED' GROUP BY stage`,
  );
}
