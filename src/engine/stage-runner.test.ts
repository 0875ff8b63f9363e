import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stores } from '../../test/support/stores.ts';
import { createLocalLog } from '../log/local-log.ts';
import type { Log, LogRecord } from '../log/log.ts';
import type { Db } from '../store/db.ts';
import { JobLedger } from './jobs.ts';
import type { Stage } from './stage.ts';
import { StageRunner } from './stage-runner.ts';

const quiet = pino({ level: 'silent' });

/**
 * A stage that writes each record's value into a scratch table, then meets a bug no one foresaw on the
 * values in `poison` (a TypeError thrown by the handler after its writes, not a database error).
 */
function scratchStage(poison: Set<number>, batches: number[]): Stage {
  return {
    group: 'scratch',
    topics: ['in'],
    async handle(ctx, batch: readonly LogRecord[]) {
      batches.push(batch.length);
      const values = batch.map((r) => r.value as number);
      // Idempotent, as a stage must be; `writes` shows a record committed twice.
      await ctx.tx.query(
        `INSERT INTO scratch (n) SELECT * FROM unnest($1::int[])
         ON CONFLICT (n) DO UPDATE SET writes = scratch.writes + 1`,
        [values],
      );
      for (const n of values) if (poison.has(n)) (null as unknown as { x: () => void }).x();
    },
    subjectOf: (r) => ({ subject: `n:${String(r.value)}` }),
  };
}

describe.each(stores())('stage runner isolation on $kind', (store) => {
  let db: Db;
  let log: Log;
  let ledger: JobLedger;
  beforeEach(async () => {
    db = await store.open();
    await db.exec('CREATE TABLE scratch (n int PRIMARY KEY, writes int NOT NULL DEFAULT 1)');
    log = createLocalLog(db);
    ledger = new JobLedger(log.emitter, [{ group: 'scratch', topics: ['in'] }]);
  });
  afterEach(() => db.close());

  async function ingest(values: readonly number[]): Promise<string> {
    return db.transaction(async (tx) => {
      const id = await ledger.create(tx, {
        endpoint: '/test',
        entity_type: 'test',
        accepted_count: values.length,
        request_hash: 'h',
        correlation_id: 'c',
      });
      await ledger.emit(
        tx,
        values.map((n) => ({ topic: 'in', key: `k${n}`, value: n, headers: { job_ids: [id] } })),
      );
      return id;
    });
  }
  const runnerOf = (stage: Stage) =>
    new StageRunner([stage], {
      db,
      log,
      ledger,
      logger: quiet,
      batchSize: 100,
      idleMs: 5,
      retry: { batchAttempts: 2, recordAttempts: 3, backoffMs: 1 },
    });
  const written = async () =>
    (await db.query<{ n: number; writes: number }>('SELECT n, writes FROM scratch ORDER BY n')).map((r) =>
      r.writes === 1 ? r.n : `${r.n} × ${r.writes}`,
    );
  const jobOf = async (id: string) =>
    (await db.query('SELECT status, failure_reason FROM ingestion_jobs WHERE job_id = $1', [id]))[0];

  it('commits a healthy batch in one transaction', async () => {
    const batches: number[] = [];
    const job = await ingest([1, 2, 3, 4, 5, 6, 7, 8]);
    await runnerOf(scratchStage(new Set(), batches)).drain();
    expect(batches).toEqual([8]);
    expect(await written()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await jobOf(job)).toEqual({ status: 'complete', failure_reason: null });
  });

  it('isolates a record the handler throws on: the rest is written once, it is quarantined, its job fails', async () => {
    const batches: number[] = [];
    const poisonJob = await ingest([1, 2, 3, 4, 5, 6, 7, 8]);
    const cleanJob = await ingest([9, 10]);
    await runnerOf(scratchStage(new Set([6]), batches)).drain();

    // Every other record written exactly once: the rolled-back tries left nothing behind.
    expect(await written()).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10]);
    // The batch of 10 twice, then halves in log order: [1..5] ok, [6..10] fails, [6,7,8] fails, [6,7] fails,
    // 6 alone three times, 7 ok, 8 ok, [9,10] ok.
    expect(batches).toEqual([10, 10, 5, 5, 3, 2, 1, 1, 1, 1, 1, 2]);
    expect(await jobOf(cleanJob)).toEqual({ status: 'complete', failure_reason: null });
    expect(await jobOf(poisonJob)).toEqual({
      status: 'failed',
      failure_reason: expect.stringMatching(
        /^PROCESSING_ERROR: Cannot read properties of null .*stage scratch/,
      ),
    });
    const rows = await db.query(
      'SELECT stage, topic, record_key, subject, value, attempts, status FROM quarantined_records',
    );
    expect(rows).toEqual([
      {
        stage: 'scratch',
        topic: 'in',
        record_key: 'k6',
        subject: 'n:6',
        value: 6,
        attempts: 8,
        status: 'QUARANTINED',
      },
    ]);
    const [offsets] = await db.query<{ next_offset: number }>(
      "SELECT next_offset FROM consumer_offsets WHERE group_id = 'scratch'",
    );
    expect(offsets!.next_offset).toBe(10);
  });

  it('retries a quarantined record when a later record names its subject, and resolves it when it passes', async () => {
    const poison = new Set([2]);
    const runner = runnerOf(scratchStage(poison, []));
    await ingest([1, 2]);
    await runner.drain();
    expect(await written()).toEqual([1]);

    // Value 2 again (same subject) while it still fails: the new one is quarantined, the old one retried and
    // quarantined again; nothing else is lost and the loop ends.
    await ingest([2, 3]);
    await runner.drain();
    expect(await written()).toEqual([1, 3]);
    poison.clear();
    const fixing = await ingest([2]);
    await runner.drain();
    const statuses = await db.query('SELECT status FROM quarantined_records ORDER BY id');
    expect(statuses.every((r) => r.status === 'RESOLVED')).toBe(true);
    expect(statuses.length).toBeGreaterThan(0);
    expect(await jobOf(fixing)).toEqual({ status: 'complete', failure_reason: null });
  });

  it('quarantines a record whose error message carries a NUL byte (a text column refuses NUL)', async () => {
    const stage: Stage = {
      group: 'scratch',
      topics: ['in'],
      async handle() {
        throw new Error('bad \u0000 byte');
      },
    };
    const job = await ingest([1]);
    await runnerOf(stage).drain();
    expect(await db.query('SELECT subject, error FROM quarantined_records')).toEqual([
      { subject: 'in:k1', error: 'bad \uFFFD byte' },
    ]);
    expect((await jobOf(job))!.status).toBe('failed');
  });
});
