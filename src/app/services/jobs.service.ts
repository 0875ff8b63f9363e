import { notFound, validationFailed } from '../../domain/errors.ts';
import { isSupportedDate, SUPPORTED_DATES_TEXT } from '../../domain/supported-dates.ts';
import { SUBSCRIPTIONS } from '../../engine/topology.ts';
import { decodeJobCursor, encodeJobCursor, findJob, listJobs } from '../../store/queries/jobs.queries.ts';
import type { System } from '../system.ts';

// Ingestion jobs: one job with its per-stage progress (optionally waiting for it to settle), and the listing.

const STAGE_ORDER = SUBSCRIPTIONS.map((s) => s.group);

export interface ListJobsQuery {
  status?: string;
  entity_type?: string;
  submitted_from?: string;
  submitted_to?: string;
  limit: number;
  cursor?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// An offset is required: a bare local time would be read in the database session's time zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

const isRealDate = (date: string) => {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
};

/**
 * A submitted_from / submitted_to bound as an instant the database reads exactly (microseconds included).
 * A date is a UTC day: its first microsecond as the lower bound, its last as the upper, so it is inclusive.
 */
function boundOf(field: string, value: string | undefined, upper: boolean): string | undefined {
  if (value === undefined) return undefined;
  const bound =
    DATE.test(value) && isRealDate(value)
      ? `${value}T${upper ? '23:59:59.999999' : '00:00:00'}Z`
      : INSTANT.test(value) && isRealDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value))
        ? value
        : undefined;
  const message =
    bound === undefined
      ? 'must be a date (YYYY-MM-DD) or an ISO-8601 date-time with offset'
      : !isSupportedDate(new Date(Date.parse(bound)).toISOString())
        ? `must lie within the supported range ${SUPPORTED_DATES_TEXT} (UTC)`
        : undefined;
  if (message) throw validationFailed('invalid request querystring', [{ index: 0, field, message }]);
  return bound;
}

const jobNotFound = (jobId: string) =>
  notFound(`INGESTION_JOB_NOT_FOUND: ingestion job ${jobId} does not exist`);

/** One job; with `waitSeconds` > 0 an accepted job is awaited until it settles or the time is up. 404 if unknown. */
export async function jobOf(system: System, job_id: string, waitSeconds: number) {
  const job = await findJob(system.db, job_id, STAGE_ORDER);
  if (!job) throw jobNotFound(job_id);
  if (job.status !== 'accepted' || waitSeconds <= 0) return job;
  await system.waitForJobs([job_id], waitSeconds * 1000);
  return (await findJob(system.db, job_id, STAGE_ORDER)) ?? job;
}

/** A page of jobs, newest first, after the cursor; 422 for a cursor or bound this endpoint did not make. */
/** A page of jobs; `submittedByKey`: only those of that API key (a portfolio-limited key sees its own). */
export async function listIngestionJobs(system: System, q: ListJobsQuery, submittedByKey?: string) {
  const after = q.cursor === undefined ? undefined : decodeJobCursor(q.cursor);
  if (q.cursor !== undefined && !after) {
    throw validationFailed('invalid request querystring', [
      { index: 0, field: 'cursor', message: 'is not a cursor returned by this endpoint' },
    ]);
  }
  const page = await listJobs(
    system.db,
    {
      status: q.status,
      entity_type: q.entity_type,
      submitted_from: boundOf('submitted_from', q.submitted_from, false),
      submitted_to: boundOf('submitted_to', q.submitted_to, true),
      submitted_by_key: submittedByKey,
    },
    { limit: q.limit, after },
    STAGE_ORDER,
  );
  return { jobs: page.jobs, total: page.total, next_cursor: page.next ? encodeJobCursor(page.next) : null };
}
