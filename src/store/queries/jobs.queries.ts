import type { Sql } from '../db.ts';
import { countOf, filterOf, nextParam } from './sql-filter.ts';

export interface JobStageView {
  /** The consumer group (stage) that still owes, or owed, work on the job's records. */
  stage: string;
  pending: number;
}

export interface JobProblemView {
  portfolio_id: string | null;
  security_id: string | null;
  reason: string;
}

export interface JobView {
  job_id: string;
  endpoint: string;
  entity_type: string;
  status: string;
  accepted_count: number;
  idempotency_key: string | null;
  correlation_id: string;
  submitted_at: string;
  completed_at: string | null;
  failure_reason: string | null;
  stages: JobStageView[];
  problems: JobProblemView[];
}

interface JobRow extends Omit<JobView, 'stages' | 'problems'> {
  /** submitted_at at full (microsecond) precision, for the keyset cursor. */
  submitted_key: string;
  [k: string]: unknown;
}

export interface JobFilter {
  status?: string | undefined;
  entity_type?: string | undefined;
  /** Inclusive lower bound, ISO-8601 instant. */
  submitted_from?: string | undefined;
  /** Inclusive upper bound, ISO-8601 instant. */
  submitted_to?: string | undefined;
  /** Only jobs submitted with this API key (a key limited to portfolios sees only its own jobs). */
  submitted_by_key?: string | undefined;
}

/** Position after the last job of a page (newest first): its submitted_at and job_id. */
export interface JobCursor {
  submitted_key: string;
  job_id: string;
}

// submitted_key keeps the microseconds the ISO string of submitted_at drops, so the keyset never skips a job.
const COLUMNS = `job_id, endpoint, entity_type, status, accepted_count, idempotency_key, correlation_id,
  submitted_at, completed_at, failure_reason,
  to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS submitted_key`;

const SUBMITTED_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

// A real instant (no 30 February): the database must never see a cast it rejects.
function isSubmittedKey(text: string): boolean {
  if (!SUBMITTED_KEY.test(text)) return false;
  const ms = Date.parse(text);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === text.slice(0, 19);
}

/** stageOrder: consumer groups in pipeline order, so a job's stages read upstream to downstream. */
async function withStages(db: Sql, rows: JobRow[], stageOrder: readonly string[]): Promise<JobView[]> {
  if (rows.length === 0) return [];
  const stages = await db.query<{ job_id: string; stage: string; pending: number }>(
    `SELECT job_id, group_id AS stage, pending FROM job_pending WHERE job_id = ANY($1::text[])
     ORDER BY job_id, array_position($2::text[], group_id), group_id`,
    [rows.map((r) => r.job_id), stageOrder],
  );
  const byJob = new Map<string, JobStageView[]>();
  for (const s of stages) {
    const list = byJob.get(s.job_id) ?? [];
    list.push({ stage: s.stage, pending: s.pending });
    byJob.set(s.job_id, list);
  }
  const problems = await db.query<JobProblemView & { job_id: string; [k: string]: unknown }>(
    `SELECT job_id, portfolio_id, security_id, reason FROM job_problems WHERE job_id = ANY($1::text[])
     ORDER BY job_id, portfolio_id NULLS FIRST, security_id NULLS FIRST, reason`,
    [rows.map((r) => r.job_id)],
  );
  const problemsOf = new Map<string, JobProblemView[]>();
  for (const { job_id, ...problem } of problems) {
    const list = problemsOf.get(job_id) ?? [];
    list.push(problem);
    problemsOf.set(job_id, list);
  }
  return rows.map(({ submitted_key: _key, ...job }) => ({
    ...job,
    stages: byJob.get(job.job_id) ?? [],
    problems: problemsOf.get(job.job_id) ?? [],
  }));
}

export async function findJob(
  db: Sql,
  jobId: string,
  stageOrder: readonly string[],
): Promise<JobView | undefined> {
  const rows = await db.query<JobRow>(`SELECT ${COLUMNS} FROM ingestion_jobs WHERE job_id = $1`, [jobId]);
  return (await withStages(db, rows, stageOrder))[0];
}

/** Jobs newest first, a page at a time (keyset on submitted_at, job_id); total counts every match. */
export async function listJobs(
  db: Sql,
  filter: JobFilter,
  page: { limit: number; after?: JobCursor | undefined },
  stageOrder: readonly string[],
): Promise<{ jobs: JobView[]; total: number; next: JobCursor | null }> {
  const conditions = [
    ['status = ?', filter.status],
    ['entity_type = ?', filter.entity_type],
    ['submitted_at >= ?::timestamptz', filter.submitted_from],
    ['submitted_at <= ?::timestamptz', filter.submitted_to],
    ['job_id IN (SELECT job_id FROM audit_events WHERE key_id = ?)', filter.submitted_by_key],
  ] as const;
  const total = await countOf(db, 'ingestion_jobs', conditions);
  const paged = filterOf([
    ...conditions,
    ['(submitted_at, job_id) < (?::timestamptz, ?)', page.after?.submitted_key, page.after?.job_id],
  ]);
  const rows = await db.query<JobRow>(
    `SELECT ${COLUMNS} FROM ingestion_jobs ${paged.where} ORDER BY submitted_at DESC, job_id DESC
     LIMIT ${nextParam(paged, page.limit + 1)}`,
    paged.params,
  );
  const more = rows.length > page.limit;
  const pageRows = more ? rows.slice(0, page.limit) : rows;
  const last = pageRows.at(-1);
  return {
    jobs: await withStages(db, pageRows, stageOrder),
    total,
    next: more && last ? { submitted_key: last.submitted_key, job_id: last.job_id } : null,
  };
}

export function encodeJobCursor(cursor: JobCursor): string {
  return Buffer.from(JSON.stringify([cursor.submitted_key, cursor.job_id])).toString('base64url');
}

/** undefined when the text is not a cursor this API issued. */
export function decodeJobCursor(text: string): JobCursor | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      isSubmittedKey(value[0])
    ) {
      return { submitted_key: value[0], job_id: value[1] };
    }
  } catch {
    // falls through: not base64url JSON
  }
  return undefined;
}
