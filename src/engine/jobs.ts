import { randomUUID } from 'node:crypto';
import type { Emitter, LogRecord, OutgoingRecord, StagedRecords, StagedStream } from '../log/log.ts';
import type { Sql } from '../store/db.ts';
import { SUBSCRIPTIONS, type Subscription, subscribersOf } from './topology.ts';

/**
 * accepted: records still pending somewhere. complete: everything derived from them is current.
 * complete_with_problems: done, but a key its records reached is BLOCKED (job_problems says which and why).
 * failed: a record of it was quarantined (failure_reason), or it never reached the log.
 */
export const JOB_STATUSES = ['accepted', 'complete', 'complete_with_problems', 'failed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** Something a job's records left behind: a key blocked (portfolio and security known) or a record quarantined. */
export interface JobProblem {
  job_id: string;
  portfolio_id: string | null;
  security_id: string | null;
  reason: string;
}

export interface JobRow {
  job_id: string;
  endpoint: string;
  entity_type: string;
  status: JobStatus;
  accepted_count: number;
  idempotency_key: string | null;
  request_hash: string;
  correlation_id: string;
  submitted_at: string;
  completed_at: string | null;
  failure_reason: string | null;
  [k: string]: unknown;
}

export interface NewJob {
  endpoint: string;
  entity_type: string;
  accepted_count: number;
  idempotency_key?: string | undefined;
  request_hash: string;
  correlation_id: string;
}

export const newJobId = (): string => `job_${randomUUID().replaceAll('-', '')}`;

function countByJobAndGroup(
  records: ReadonlyArray<Pick<OutgoingRecord, 'topic' | 'headers'>>,
  groupsOf: (topic: string) => readonly string[],
): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  for (const r of records) {
    const jobs = r.headers?.job_ids;
    if (!jobs?.length) continue;
    for (const group of groupsOf(r.topic)) {
      for (const job of jobs) {
        let perGroup = counts.get(job);
        if (!perGroup) {
          perGroup = new Map();
          counts.set(job, perGroup);
        }
        perGroup.set(group, (perGroup.get(group) ?? 0) + 1);
      }
    }
  }
  return counts;
}

function flatten(counts: Map<string, Map<string, number>>) {
  const jobs: string[] = [];
  const groups: string[] = [];
  const deltas: number[] = [];
  // In (job, group) order: concurrent writers of job_pending (stages in several processes) then take their row
  // locks in one order and cannot deadlock on each other.
  const byId = (a: [string, unknown], b: [string, unknown]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  for (const [job, perGroup] of [...counts].sort(byId)) {
    for (const [group, n] of [...perGroup].sort(byId)) {
      jobs.push(job);
      groups.push(group);
      deltas.push(n);
    }
  }
  return { jobs, groups, deltas };
}

/**
 * Tracks ingestion jobs through the pipeline. Emitting on behalf of a job adds to the pending count of every
 * group subscribed to the topic; a group consuming the record subtracts, in the same transaction as its work.
 * A job is complete when nothing of it is pending anywhere: everything derived from its records is current.
 */
export class JobLedger {
  private readonly emitter: Emitter;
  private readonly subscriptions: readonly Subscription[];
  constructor(emitter: Emitter, subscriptions: readonly Subscription[] = SUBSCRIPTIONS) {
    this.emitter = emitter;
    this.subscriptions = subscriptions;
  }

  async create(tx: Sql, job: NewJob, jobId = newJobId()): Promise<string> {
    await tx.query(
      `INSERT INTO ingestion_jobs (job_id, endpoint, entity_type, status, accepted_count, idempotency_key,
                                   request_hash, correlation_id)
       VALUES ($1, $2, $3, 'accepted', $4, $5, $6, $7)`,
      [
        jobId,
        job.endpoint,
        job.entity_type,
        job.accepted_count,
        job.idempotency_key ?? null,
        job.request_hash,
        job.correlation_id,
      ],
    );
    return jobId;
  }

  /**
   * Locks the rows of these jobs, in job_id order, until the transaction ends. Every transaction that
   * changes a job's pending counts takes it first (the stage runner, for all the jobs of its batch and of
   * what it emits, at once): on PostgreSQL, transactions of several stages and processes then update one
   * job's counts one after another — no deadlock between them, and the last one to bring the job to zero
   * sees the others' committed counts, so the job cannot be left accepted with nothing pending.
   */
  async lock(tx: Sql, jobIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(jobIds)].sort();
    if (ids.length === 0) return;
    await tx.query('SELECT 1 FROM ingestion_jobs WHERE job_id = ANY($1::text[]) ORDER BY job_id FOR UPDATE', [
      ids,
    ]);
  }

  /** Emits records and counts them as pending for their jobs in every subscribed group. */
  async emit(tx: Sql, records: readonly OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.emitter.emit(tx, records);
    await this.countPending(tx, records);
  }

  /** Whether the log can stage records outside a transaction (Emitter.stage and stageStream). */
  get canStage(): boolean {
    return this.emitter.stage !== undefined && this.emitter.stageStream !== undefined;
  }

  /** stage() for `count` records of one topic written part by part (Emitter.stageStream). */
  async stageStream(topic: string, count: number): Promise<StagedStream> {
    const staged = await this.emitter.stageStream!(topic, count);
    const records: OutgoingRecord[] = [];
    return {
      write: (part) => {
        for (const r of part) records.push(r);
        staged.write(part);
      },
      flushed: () => staged.flushed(),
      publish: async (tx) => {
        await staged.publish(tx);
        await this.countPending(tx, records);
      },
      discard: () => staged.discard(),
    };
  }

  /** Writes records to the log invisibly; `publish` makes them visible and pending in the caller's transaction. */
  async stage(records: readonly OutgoingRecord[]): Promise<StagedRecords> {
    const staged = await this.emitter.stage!(records);
    return {
      publish: async (tx) => {
        await staged.publish(tx);
        await this.countPending(tx, records);
      },
      discard: () => staged.discard(),
    };
  }

  private async countPending(tx: Sql, records: readonly OutgoingRecord[]): Promise<void> {
    const { jobs, groups, deltas } = flatten(
      countByJobAndGroup(records, (t) => subscribersOf(t, this.subscriptions)),
    );
    if (jobs.length === 0) return;
    await tx.query(
      `INSERT INTO job_pending AS p (job_id, group_id, pending)
       SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
       ON CONFLICT (job_id, group_id) DO UPDATE SET pending = p.pending + excluded.pending`,
      [jobs, groups, deltas],
    );
  }

  /**
   * Counts records as consumed by `group` and completes the jobs left with nothing pending. Call inside the
   * transaction that commits the group's work and offsets. Returns the jobs that completed.
   */
  async consumed(tx: Sql, group: string, records: readonly LogRecord[]): Promise<string[]> {
    const { jobs, deltas } = flatten(countByJobAndGroup(records, () => [group]));
    if (jobs.length === 0) return [];
    await tx.query(
      `UPDATE job_pending p SET pending = p.pending - x.n
       FROM unnest($1::text[], $3::bigint[]) AS x(job_id, n)
       WHERE p.job_id = x.job_id AND p.group_id = $2`,
      [jobs, group, deltas],
    );
    return this.completeIfDone(tx, [...new Set(jobs)]);
  }

  /**
   * Ends those of `jobIds` with nothing pending: failed when a record of theirs was quarantined,
   * complete_with_problems when a key they reached is still BLOCKED, complete otherwise. A problem whose key
   * is no longer BLOCKED (a later record of the job healed it) is dropped first.
   */
  async completeIfDone(tx: Sql, jobIds: readonly string[]): Promise<string[]> {
    const rows = await tx.query<{ job_id: string }>(
      `UPDATE ingestion_jobs j SET completed_at = clock_timestamp(), status = CASE
         WHEN j.failure_reason IS NOT NULL THEN 'failed'
         WHEN EXISTS (${LIVE_PROBLEM}) THEN 'complete_with_problems'
         ELSE 'complete' END
       WHERE j.job_id = ANY($1::text[]) AND j.status = 'accepted'
         AND NOT EXISTS (SELECT 1 FROM job_pending p WHERE p.job_id = j.job_id AND p.pending > 0)
       RETURNING j.job_id`,
      [jobIds],
    );
    const done = rows.map((r) => r.job_id);
    if (done.length > 0) {
      await tx.query(
        `DELETE FROM job_problems p WHERE p.job_id = ANY($1::text[]) AND p.portfolio_id IS NOT NULL
           AND p.security_id IS NOT NULL AND NOT EXISTS (${BLOCKED_KEY})`,
        [done],
      );
    }
    return done;
  }

  /** A record of these jobs was quarantined: they end failed, with the first such reason, once nothing is pending. */
  async fail(tx: Sql, jobIds: readonly string[], reason: string): Promise<void> {
    if (jobIds.length === 0) return;
    await tx.query(
      `UPDATE ingestion_jobs SET failure_reason = coalesce(failure_reason, $2)
       WHERE job_id = ANY($1::text[]) AND status = 'accepted'`,
      [jobIds, reason],
    );
  }
}

const BLOCKED_KEY = `SELECT 1 FROM position_keys k
  WHERE k.portfolio_id = p.portfolio_id AND k.security_id = p.security_id AND k.status = 'BLOCKED'`;

/** A problem of job j that still stands: no key named, or its key still BLOCKED. */
const LIVE_PROBLEM = `SELECT 1 FROM job_problems p WHERE p.job_id = j.job_id
  AND (p.portfolio_id IS NULL OR p.security_id IS NULL OR EXISTS (${BLOCKED_KEY}))`;

/** Notes what records of jobs left behind (a blocked key, a quarantined record); see completeIfDone. */
export async function recordJobProblems(tx: Sql, problems: readonly JobProblem[]): Promise<void> {
  if (problems.length === 0) return;
  await tx.query(
    `INSERT INTO job_problems (job_id, portfolio_id, security_id, reason)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
     ON CONFLICT DO NOTHING`,
    [
      problems.map((p) => p.job_id),
      problems.map((p) => p.portfolio_id),
      problems.map((p) => p.security_id),
      problems.map((p) => p.reason),
    ],
  );
}

/** The jobs some records work for: the union of their job ids. */
export function jobIdsOf(records: ReadonlyArray<Pick<OutgoingRecord, 'headers'>>): string[] {
  const ids = new Set<string>();
  for (const r of records) for (const id of r.headers?.job_ids ?? []) ids.add(id);
  return [...ids];
}
