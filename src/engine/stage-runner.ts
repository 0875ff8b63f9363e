import type { Logger } from 'pino';
import {
  ConcurrentConsumerError,
  type Consumer,
  type Log,
  type LogRecord,
  type OutgoingRecord,
} from '../log/log.ts';
import type { Db } from '../store/db.ts';
import { BatchSizer } from './batch-sizer.ts';
import { type JobLedger, jobIdsOf } from './jobs.ts';
import type { Stage } from './stage.ts';

export interface StageObserver {
  batchDone?(stage: string, records: number, seconds: number): void;
  batchFailed?(stage: string, error: unknown): void;
  jobsCompleted?(jobIds: readonly string[]): void;
}

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
}

/** Delay before retrying a batch that failed, growing to at most 5 s: a failing batch is retried, never skipped. */
const backoffMs = (failures: number) => Math.min(5_000, 100 * 2 ** Math.min(failures, 6));

/**
 * Runs stages: fetch a batch, handle it, commit work + offsets + emitted records + job accounting in one
 * transaction. On failure the transaction rolls back and the same batch is fetched again.
 */
export class StageRunner {
  private running = false;
  private readonly loops: Promise<void>[] = [];
  private readonly consumers: Consumer[] = [];
  /** Per stage group, while the loops run (drain() takes full batches: tests rely on its batching). */
  private readonly sizers = new Map<string, BatchSizer>();

  private readonly stages: readonly Stage[];
  private readonly options: StageRunnerOptions;
  constructor(stages: readonly Stage[], options: StageRunnerOptions) {
    this.stages = stages;
    this.options = options;
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

  /** Handles one batch of a stage; returns how many records it consumed. */
  async step(stage: Stage, consumer: Consumer): Promise<number> {
    const { db, ledger, logger, batchSize, observer } = this.options;
    const sizer = this.sizers.get(stage.group);
    const batch = await consumer.fetch(sizer?.size ?? batchSize);
    if (batch.length === 0) return 0;
    const started = performance.now();
    const log = logger.child({ stage: stage.group, correlation_ids: correlationIdsOf(batch) });
    let heldMs = 0;
    const completed = await db.transaction(async (tx) => {
      const began = performance.now();
      const out: OutgoingRecord[] = [];
      await stage.handle({ tx, emit: (records) => out.push(...records), log }, batch);
      // Offsets first: a consumer that lost the race to another member of its group stops here.
      await consumer.commit(tx, batch);
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
    return batch.length;
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
        failures++;
        observer?.batchFailed?.(stage.group, error);
        logger.error({ stage: stage.group, err: error, failures }, 'stage batch failed; it will be retried');
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
