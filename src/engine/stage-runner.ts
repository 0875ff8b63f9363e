import type { Logger } from 'pino';
import {
  ConcurrentConsumerError,
  type Consumer,
  type Log,
  type LogRecord,
  type OutgoingRecord,
  type RecordHeaders,
} from '../log/log.ts';
import type { Db, Sql } from '../store/db.ts';
import {
  blockKeys,
  PROCESSING_ERROR,
  quarantineRecord,
  releaseSubjects,
  resolveRetried,
} from '../store/quarantine.ts';
import { BatchSizer } from './batch-sizer.ts';
import { type JobLedger, jobIdsOf, recordJobProblems } from './jobs.ts';
import type { Stage, StageSubject } from './stage.ts';

export interface StageObserver {
  batchDone?(stage: string, records: number, seconds: number): void;
  batchFailed?(stage: string, error: unknown): void;
  jobsCompleted?(jobIds: readonly string[]): void;
  recordQuarantined?(stage: string): void;
}

/** Tests only: called for each record of a batch after the stage handled it; a throw fails the batch. */
export type FaultInjector = (stage: string, record: LogRecord) => void;

export interface RetryPolicy {
  /** Tries of a whole batch before it is split to find the records that fail. */
  batchAttempts: number;
  /** Tries of a record alone before it is quarantined. */
  recordAttempts: number;
  /** First backoff between tries; doubles each time. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { batchAttempts: 2, recordAttempts: 3, backoffMs: 100 };

export interface StageRunnerOptions {
  db: Db;
  log: Log;
  ledger: JobLedger;
  logger: Logger;
  batchSize: number;
  /** The running loops size each stage's batches to last about this long; 0: always batchSize. */
  batchTargetMs?: number;
  idleMs: number;
  observer?: StageObserver;
  retry?: Partial<RetryPolicy>;
  /** Never set from configuration or HTTP: the fault hook of the isolation tests. */
  faultInjector?: FaultInjector;
}

/** Delay before retrying a batch the loop could not even fetch or quarantine from, growing to at most 5 s. */
const backoffMs = (failures: number) => Math.min(5_000, 100 * 2 ** Math.min(failures, 6));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How a set of records has failed so far. */
interface Failure {
  error: unknown;
  attempts: number;
  first: Date;
}

// A text column refuses NUL: an error message carrying one must not make the quarantine itself fail.
const messageOf = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).replaceAll('\u0000', '\uFFFD').slice(0, 2_000) ||
  'unknown error';

const defaultSubject = (record: LogRecord): StageSubject => ({ subject: `${record.topic}:${record.key}` });

/**
 * Runs stages: fetch a batch, handle it, commit work + offsets + emitted records + job accounting in one
 * transaction. A batch that fails is retried a few times, then split in halves, each committed on its own,
 * down to the records that fail alone: each of those is retried a few times, then quarantined (kept with its
 * error, its offset committed past it, its jobs failed, the keys it is about BLOCKED), and everything else
 * flows on. A later record with the same subject, or a client's retry, puts it back on the log.
 */
export class StageRunner {
  private running = false;
  private readonly loops: Promise<void>[] = [];
  private readonly consumers: Consumer[] = [];
  /** Per stage group, while the loops run (drain() takes full batches: tests rely on its batching). */
  private readonly sizers = new Map<string, BatchSizer>();

  private readonly stages: readonly Stage[];
  private readonly options: StageRunnerOptions;
  private readonly retry: RetryPolicy;
  constructor(stages: readonly Stage[], options: StageRunnerOptions) {
    this.stages = stages;
    this.options = options;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const stage of this.stages) {
      const consumer = this.options.log.consumer(stage.group, stage.topics);
      this.consumers.push(consumer);
      this.sizers.set(stage.group, new BatchSizer(this.options.batchSize, this.options.batchTargetMs ?? 0));
      this.loops.push(this.loop(stage, consumer));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    await Promise.all(this.consumers.map((c) => c.close()));
    this.loops.length = 0;
    this.consumers.length = 0;
    this.sizers.clear();
  }

  /** Processes every stage until none has anything left to read (tests, CLI one-shot runs). */
  async drain(): Promise<void> {
    for (;;) {
      let processed = 0;
      for (const stage of this.stages) {
        const consumer = this.options.log.consumer(stage.group, stage.topics);
        processed += await this.step(stage, consumer);
      }
      if (processed === 0) return;
    }
  }

  /** Handles one batch of a stage, isolating the records that fail; returns how many records it consumed. */
  async step(stage: Stage, consumer: Consumer): Promise<number> {
    const batch = await consumer.fetch(this.sizers.get(stage.group)?.size ?? this.options.batchSize);
    if (batch.length === 0) return 0;
    const failure = await this.attempt(stage, consumer, batch, this.retry.batchAttempts);
    if (failure) await this.isolate(stage, consumer, batch, failure);
    return batch.length;
  }

  /**
   * Commits `records` in one transaction, trying up to `tries` times with backoff; returns how they failed, or
   * undefined once committed. Another consumer of the group moving the offsets is not a failure: it is thrown.
   */
  private async attempt(
    stage: Stage,
    consumer: Consumer,
    records: readonly LogRecord[],
    tries: number,
    before?: Failure,
  ): Promise<Failure | undefined> {
    let failure = before;
    for (let n = 0; n < tries; n++) {
      if (n > 0) await sleep(this.retry.backoffMs * 2 ** (n - 1));
      try {
        await this.commit(stage, consumer, records);
        return undefined;
      } catch (error) {
        if (error instanceof ConcurrentConsumerError) throw error;
        failure = { error, attempts: (failure?.attempts ?? 0) + 1, first: failure?.first ?? new Date() };
        this.options.observer?.batchFailed?.(stage.group, error);
        this.options.logger.warn(
          { stage: stage.group, err: error, records: records.length, attempts: failure.attempts },
          'stage batch failed and was rolled back',
        );
      }
    }
    return failure;
  }

  /** Splits failing records in halves, in log order, until the ones that fail alone are found and quarantined. */
  private async isolate(
    stage: Stage,
    consumer: Consumer,
    records: readonly LogRecord[],
    failure: Failure,
  ): Promise<void> {
    if (records.length === 1) {
      const last = await this.attempt(stage, consumer, records, this.retry.recordAttempts, failure);
      if (last) await this.quarantine(stage, consumer, records[0]!, last);
      return;
    }
    const middle = Math.ceil(records.length / 2);
    for (const half of [records.slice(0, middle), records.slice(middle)]) {
      // Attempts add up over every piece that held the record: its quarantine row says how often it failed.
      const failed = half.length === 1 ? failure : await this.attempt(stage, consumer, half, 1, failure);
      if (failed) await this.isolate(stage, consumer, half, failed);
    }
  }

  private async commit(stage: Stage, consumer: Consumer, batch: readonly LogRecord[]): Promise<void> {
    const { db, ledger, logger, observer, faultInjector } = this.options;
    const sizer = this.sizers.get(stage.group);
    const started = performance.now();
    const log = logger.child({ stage: stage.group, correlation_ids: correlationIdsOf(batch) });
    let heldMs = 0;
    const completed = await db.transaction(async (tx) => {
      const began = performance.now();
      const out: OutgoingRecord[] = [];
      await stage.handle({ tx, emit: (records) => out.push(...records), log }, batch);
      if (faultInjector) for (const r of batch) faultInjector(stage.group, r);
      // Offsets first: a consumer that lost the race to another member of its group stops here.
      await consumer.commit(tx, batch);
      out.push(...(await this.release(tx, stage, batch)));
      await resolveRetried(tx, retriedIdsOf(batch));
      await ledger.lock(tx, [...jobIdsOf(batch), ...jobIdsOf(out)]);
      await ledger.emit(tx, out);
      const done = await ledger.consumed(tx, stage.group, batch);
      heldMs = performance.now() - began;
      return done;
    });
    const seconds = (performance.now() - started) / 1000;
    sizer?.record(batch.length, heldMs);
    log.debug({ records: batch.length, seconds, jobs_completed: completed.length }, 'batch committed');
    observer?.batchDone?.(stage.group, batch.length, seconds);
    if (completed.length > 0) observer?.jobsCompleted?.(completed);
  }

  /**
   * The quarantined records of the stage that processed records name by subject: superseded by a later version
   * of the same fact, or put back on the log for the jobs of the records that named them.
   */
  private async release(tx: Sql, stage: Stage, batch: readonly LogRecord[]): Promise<OutgoingRecord[]> {
    const retrying = new Map<string, Set<string>>();
    const superseding = new Set<string>();
    for (const record of batch) {
      if (record.headers.quarantine_id !== undefined) continue;
      const { subject, supersedes } = stage.subjectOf?.(record) ?? defaultSubject(record);
      if (supersedes) superseding.add(subject);
      else {
        const jobs = retrying.get(subject) ?? new Set<string>();
        for (const id of record.headers.job_ids ?? []) jobs.add(id);
        retrying.set(subject, jobs);
      }
    }
    const released = await releaseSubjects(tx, stage.group, [...retrying.keys()], [...superseding]);
    return released.map((r) => {
      const jobIds = [...(retrying.get(r.subject) ?? [])];
      const headers: RecordHeaders = { ...r.headers, quarantine_id: r.id };
      if (jobIds.length > 0) headers.job_ids = jobIds;
      else delete headers.job_ids;
      return { topic: r.topic, key: r.record_key, value: r.value, headers };
    });
  }

  /**
   * One transaction: the record kept in quarantined_records with its error, the offset moved past it, its jobs
   * failed with the reason (they end once the rest of their records are done), the keys it is about BLOCKED.
   */
  private async quarantine(
    stage: Stage,
    consumer: Consumer,
    record: LogRecord,
    failure: Failure,
  ): Promise<void> {
    const { db, ledger, logger, observer } = this.options;
    const subject = stage.subjectOf?.(record) ?? defaultSubject(record);
    const error = messageOf(failure.error);
    const reason = `${PROCESSING_ERROR}: ${error}`;
    const jobs = jobIdsOf([record]);
    const { id, completed } = await db.transaction(async (tx) => {
      const id = await quarantineRecord(tx, {
        ...subject,
        stage: stage.group,
        record,
        error,
        attempts: failure.attempts,
        firstFailedAt: failure.first,
      });
      await consumer.commit(tx, [record]);
      await ledger.lock(tx, jobs);
      await blockKeys(tx, subject, error);
      await ledger.fail(tx, jobs, `${reason} (stage ${stage.group}, quarantined record ${id})`);
      await recordJobProblems(
        tx,
        jobs.map((job_id) => ({
          job_id,
          portfolio_id: subject.portfolio_id ?? null,
          security_id: subject.security_id ?? null,
          reason,
        })),
      );
      return { id, completed: await ledger.consumed(tx, stage.group, [record]) };
    });
    logger.error(
      {
        stage: stage.group,
        quarantine_id: id,
        topic: record.topic,
        offset: record.offset,
        key: record.key,
        subject: subject.subject,
        attempts: failure.attempts,
        err: failure.error,
        correlation_id: record.headers.correlation_id,
      },
      'record quarantined: it failed alone after retries; the stage moves on (GET /quarantine)',
    );
    observer?.recordQuarantined?.(stage.group);
    if (completed.length > 0) observer?.jobsCompleted?.(completed);
  }

  private async loop(stage: Stage, consumer: Consumer): Promise<void> {
    const { logger, idleMs, observer, log } = this.options;
    let failures = 0;
    while (this.running) {
      try {
        const n = await this.step(stage, consumer);
        failures = 0;
        if (n === 0) await log.waitForAppend(idleMs);
      } catch (error) {
        if (error instanceof ConcurrentConsumerError) {
          logger.debug({ stage: stage.group }, error.message);
          continue;
        }
        // Failures of records are isolated in step(); what lands here is the database or the log failing
        // (a fetch, a quarantine): the batch is fetched again after a pause.
        failures++;
        observer?.batchFailed?.(stage.group, error);
        logger.error({ stage: stage.group, err: error, failures }, 'stage step failed; it will be retried');
        await new Promise((r) => setTimeout(r, backoffMs(failures)));
      }
    }
  }
}

function correlationIdsOf(batch: readonly LogRecord[]): string[] {
  const ids = new Set<string>();
  for (const r of batch) if (r.headers.correlation_id) ids.add(r.headers.correlation_id);
  return [...ids].slice(0, 20);
}

function retriedIdsOf(batch: readonly LogRecord[]): number[] {
  const ids: number[] = [];
  for (const r of batch) if (r.headers.quarantine_id !== undefined) ids.push(r.headers.quarantine_id);
  return ids;
}
