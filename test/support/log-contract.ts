import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobLedger } from '../../src/engine/jobs.ts';
import type { Stage } from '../../src/engine/stage.ts';
import { StageRunner } from '../../src/engine/stage-runner.ts';
import type { Log, LogRecord } from '../../src/log/log.ts';
import type { Db } from '../../src/store/db.ts';
import { stores } from './stores.ts';

const quiet = pino({ level: 'silent' });

/**
 * Opens the adapter under test on a fresh database. `topics` are the topics the test uses, named uniquely per
 * test: an adapter whose log outlives the database (a shared Kafka broker) creates them empty.
 */
export type MakeLog = (db: Db, topics: readonly string[]) => Promise<Log>;

/**
 * The log port's contract: every adapter runs these same tests, on every store (PGlite, and PostgreSQL when a
 * server is available). Topic names get a suffix unique to the test, so a log shared by the whole run starts
 * each test empty.
 */
export function logContract(name: string, makeLog: MakeLog): void {
  describe.each(stores())(`${name} on $kind`, (store) => {
    let db: Db;
    let log: Log | undefined;
    beforeEach(async () => {
      db = await store.open();
    });
    afterEach(async () => {
      await log?.close();
      log = undefined;
      await db.close();
    });
    /** The adapter, with the test's topics named `<base>_<suffix>` in the order given. */
    const open = async <const B extends readonly string[]>(...bases: B) => {
      const suffix = randomBytes(4).toString('hex');
      const topics = bases.map((b) => `${b}_${suffix}`) as { [I in keyof B]: string };
      log = await makeLog(db, topics);
      return { log, topics };
    };

    it('delivers records in offset order per topic and resumes from the committed offset', async () => {
      const {
        log,
        topics: [a, b],
      } = await open('a', 'b');
      await db.transaction((tx) =>
        log.emitter.emit(tx, [
          { topic: a, key: 'k1', value: { n: 1 } },
          { topic: b, key: 'k1', value: { n: 2 } },
          { topic: a, key: 'k2', value: { n: 3 } },
        ]),
      );
      await db.transaction((tx) => log.emitter.emit(tx, [{ topic: a, key: 'k1', value: { n: 4 } }]));
      const consumer = log.consumer('g', [a, b]);
      const first = await consumer.fetch(2);
      // Interleaved by rank: the first record of each topic.
      expect(first.map((r) => [r.topic, r.offset])).toEqual([
        [a, 0],
        [b, 0],
      ]);
      await db.transaction((tx) => consumer.commit(tx, first));
      const rest = await consumer.fetch(10);
      expect(rest.map((r) => (r.value as { n: number }).n)).toEqual([3, 4]);
      // A rolled-back commit leaves the position where it was.
      await expect(
        db.transaction(async (tx) => {
          await consumer.commit(tx, rest);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await consumer.fetch(10)).length).toBe(2);
      const backlog = await log.backlog([{ group: 'g', topics: [a, b] }]);
      expect(backlog).toEqual([
        { group: 'g', topic: a, lag: 2 },
        { group: 'g', topic: b, lag: 0 },
      ]);
    });

    it('rolls back emitted records with the transaction that emitted them', async () => {
      const {
        log,
        topics: [a],
      } = await open('a');
      await expect(
        db.transaction(async (tx) => {
          await log.emitter.emit(tx, [{ topic: a, key: 'k', value: 1 }]);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await log.consumer('g', [a]).fetch(10)).toEqual([]);
    });

    it('completes a job only when every subscribed group has consumed its records, and retries failed batches', async () => {
      const {
        log,
        topics: [inTopic, midTopic],
      } = await open('in', 'mid');
      const subscriptions = [
        { group: 'first', topics: [inTopic] },
        { group: 'second', topics: [midTopic] },
      ];
      const ledger = new JobLedger(log.emitter, subscriptions);
      let failOnce = true;
      const seen: number[] = [];
      const first: Stage = {
        group: 'first',
        topics: [inTopic],
        async handle(ctx, batch: readonly LogRecord[]) {
          if (failOnce) {
            failOnce = false;
            throw new Error('transient');
          }
          ctx.emit(batch.map((r) => ({ topic: midTopic, key: r.key, value: r.value, headers: r.headers })));
        },
      };
      const second: Stage = {
        group: 'second',
        topics: [midTopic],
        async handle(_ctx, batch) {
          for (const r of batch) seen.push(r.value as number);
        },
      };
      const jobId = await db.transaction(async (tx) => {
        const id = await ledger.create(tx, {
          endpoint: '/test',
          entity_type: 'test',
          accepted_count: 3,
          request_hash: 'h',
          correlation_id: 'c',
        });
        await ledger.emit(
          tx,
          [1, 2, 3].map((n) => ({ topic: inTopic, key: `k${n}`, value: n, headers: { job_ids: [id] } })),
        );
        return id;
      });
      const runner = new StageRunner([first, second], {
        db,
        log,
        ledger,
        logger: quiet,
        batchSize: 2,
        idleMs: 5,
      });
      const status = async () =>
        (
          await db.query<{ status: string }>('SELECT status FROM ingestion_jobs WHERE job_id = $1', [jobId])
        )[0]!.status;

      // A failed batch is rolled back and tried again within the step (bounded tries): nothing is skipped.
      await runner.step(first, log.consumer('first', [inTopic])); // records 1, 2, at the second try
      expect(failOnce).toBe(false);
      expect(await status()).toBe('accepted');
      await runner.step(first, log.consumer('first', [inTopic])); // record 3
      expect(await status()).toBe('accepted'); // 'second' still owes 3 records
      await runner.drain();
      expect(seen).toEqual([1, 2, 3]);
      expect(await status()).toBe('complete');
    });
    it('commits each record once when two runners of one group race on the same database', async () => {
      const {
        log,
        topics: [inTopic],
      } = await open('in');
      const subscriptions = [{ group: 'g', topics: [inTopic] }];
      const ledger = new JobLedger(log.emitter, subscriptions);
      await db.exec('CREATE TABLE seen (k text NOT NULL)');
      const stage: Stage = {
        group: 'g',
        topics: [inTopic],
        async handle(ctx, batch) {
          await ctx.tx.query('INSERT INTO seen (k) SELECT unnest($1::text[])', [batch.map((r) => r.key)]);
        },
      };
      const n = 600;
      const jobId = await db.transaction(async (tx) => {
        const id = await ledger.create(tx, {
          endpoint: '/t',
          entity_type: 't',
          accepted_count: n,
          request_hash: 'h',
          correlation_id: 'c',
        });
        await ledger.emit(
          tx,
          Array.from({ length: n }, (_, i) => ({
            topic: inTopic,
            key: `k${i}`,
            value: i,
            headers: { job_ids: [id] },
          })),
        );
        return id;
      });
      const options = { db, log, ledger, logger: quiet, batchSize: 25, idleMs: 5 };
      const a = new StageRunner([stage], options);
      const b = new StageRunner([stage], options);
      a.start();
      b.start();
      for (let i = 0; i < 600; i++) {
        const [row] = await db.query<{ status: string }>(
          'SELECT status FROM ingestion_jobs WHERE job_id = $1',
          [jobId],
        );
        if (row?.status === 'complete') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await Promise.all([a.stop(), b.stop()]);
      const [counts] = await db.query<{ total: number; distinct_keys: number }>(
        'SELECT count(*)::int8 AS total, count(DISTINCT k)::int8 AS distinct_keys FROM seen',
      );
      expect(counts).toEqual({ total: n, distinct_keys: n });
      const [pending] = await db.query<{ pending: number }>(
        'SELECT pending::int8 AS pending FROM job_pending WHERE job_id = $1',
        [jobId],
      );
      expect(pending!.pending).toBe(0);
    });
    it('completes a job whose last records two groups settle in overlapping transactions (ledger lock)', async () => {
      const {
        log,
        topics: [topicA, topicB],
      } = await open('a', 'b');
      const ledger = new JobLedger(log.emitter, [
        { group: 'x', topics: [topicA] },
        { group: 'y', topics: [topicB] },
      ]);
      const jobId = await db.transaction(async (tx) => {
        const id = await ledger.create(tx, {
          endpoint: '/t',
          entity_type: 't',
          accepted_count: 2,
          request_hash: 'h',
          correlation_id: 'c',
        });
        await ledger.emit(tx, [
          { topic: topicA, key: 'k', value: 1, headers: { job_ids: [id] } },
          { topic: topicB, key: 'k', value: 2, headers: { job_ids: [id] } },
        ]);
        return id;
      });
      const [a] = await log.consumer('x', [topicA]).fetch(1);
      const [b] = await log.consumer('y', [topicB]).fetch(1);
      // x settles its count and keeps its transaction open; y settles meanwhile. Without the lock y would not
      // see x's uncommitted zero, x would not see y's, and the job would stay accepted with nothing pending.
      let xSettled: () => void = () => {};
      const settled = new Promise<void>((r) => {
        xSettled = r;
      });
      const first = db.transaction(async (tx) => {
        await ledger.lock(tx, [jobId]);
        await ledger.consumed(tx, 'x', [a!]);
        xSettled();
        await new Promise((r) => setTimeout(r, 300));
      });
      await Promise.race([settled, new Promise((r) => setTimeout(r, 1_000))]);
      const second = db.transaction(async (tx) => {
        await ledger.lock(tx, [jobId]);
        return ledger.consumed(tx, 'y', [b!]);
      });
      await first;
      expect(await second).toEqual([jobId]);
      const [row] = await db.query<{ status: string }>(
        'SELECT status FROM ingestion_jobs WHERE job_id = $1',
        [jobId],
      );
      expect(row!.status).toBe('complete');
    });
  });
}
