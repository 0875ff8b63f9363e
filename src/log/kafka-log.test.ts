import { randomBytes } from 'node:crypto';
import { Admin, Consumer, ProduceAcks, Producer, stringSerializers } from '@platformatic/kafka';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startKafkaBroker } from '../../test/support/kafka-broker.ts';
import { logContract } from '../../test/support/log-contract.ts';
import { stores } from '../../test/support/stores.ts';
import { TOPICS } from '../engine/topics.ts';
import type { Db } from '../store/db.ts';
import { createKafkaLog } from './kafka-log.ts';
import { ensureTopics } from './kafka-topics.ts';
import type { Log, LogRecord } from './log.ts';

const brokers = inject('kafkaBrokers').split(',').filter(Boolean);

/** Idempotent: a retried send on a loaded machine must not write a record twice (the offsets are asserted). */
const testProducer = () =>
  new Producer<string, string, string, string>({
    clientId: 'pas-test',
    bootstrapBrokers: brokers,
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
  });

/** Creates the test's topics with one partition each: the contract's offsets are per topic. */
async function createTopics(topics: readonly string[]): Promise<void> {
  const admin = new Admin({ clientId: 'pas-test', bootstrapBrokers: brokers });
  try {
    await admin.createTopics({ topics: [...topics], partitions: 1, replicas: 1 });
    for (;;) {
      const md = await admin.metadata({ topics: [...topics], forceUpdate: true });
      if (topics.every((t) => md.topics.get(t)?.partitions.every((p) => p.leader >= 0))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await admin.close();
  }
}

// A broker runs on CI and with KAFKA_TEST=1 (test/support/kafka-broker.ts); elsewhere the suite is left out.
describe.runIf(brokers.length > 0)('on a Kafka broker', () => {
  logContract('kafka log', async (db, topics) => {
    await createTopics(topics);
    return createKafkaLog(db, { brokers });
  });
});

describe.runIf(brokers.length > 0)('Kafka topic names on a broker', () => {
  const [store] = stores();
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('relays a log topic to its prefixed Kafka name and reads it back under the log name', async () => {
    const prefix = `t${randomBytes(4).toString('hex')}.`;
    await ensureTopics({ brokers, topics: [TOPICS.rawInstruments], partitions: 2, prefix });
    const db = await store!.open();
    const log: Log = createKafkaLog(db, { brokers, topicPrefix: prefix });
    cleanup = async () => {
      await log.close();
      await db.close();
    };
    await db.transaction((tx) =>
      log.emitter.emit(tx, [{ topic: TOPICS.rawInstruments, key: 'SEC1', value: { security_id: 'SEC1' } }]),
    );
    const consumer = log.consumer('names', [TOPICS.rawInstruments]);
    let got = await consumer.fetch(10);
    for (let i = 0; got.length === 0 && i < 100; i++) got = await consumer.fetch(10);
    expect(got.map((r) => [r.topic, r.key, r.value])).toEqual([
      [TOPICS.rawInstruments, 'SEC1', { security_id: 'SEC1' }],
    ]);
    // On the broker it is the original's topic name, under the prefix.
    const raw = new Consumer({ clientId: 'pas-test', groupId: 'pas-test-names', bootstrapBrokers: brokers });
    try {
      const ends = await raw.listOffsets({ topics: [`${prefix}instruments`] });
      expect((ends.get(`${prefix}instruments`) ?? []).reduce((a, b) => a + Number(b), 0)).toBe(1);
    } finally {
      await raw.close();
    }
  });
});

describe.runIf(brokers.length > 0)('the relay when the broker is gone', () => {
  it('keeps no transaction open while Kafka is unreachable, logs the failure, closes in bounded time, loses nothing', async () => {
    const broker = await startKafkaBroker();
    const pglite = stores().find((s) => s.kind === 'pglite')!;
    const db = await pglite.open();
    const errors: string[] = [];
    const logger = {
      error: (_: unknown, msg?: string) => void errors.push(msg ?? ''),
      warn: () => {},
    };
    let log: Log | undefined;
    try {
      const topic = `gone_${randomBytes(4).toString('hex')}`;
      await ensureTopics({ brokers: [broker.brokers], topics: [topic], partitions: 1 });
      log = createKafkaLog(db, {
        brokers: [broker.brokers],
        logger,
        sendTimeoutMs: 1_500,
        closeTimeoutMs: 2_000,
      });
      const emit = (n: number) =>
        db.transaction((tx) => log!.emitter.emit(tx, [{ topic, key: 'k', value: { n } }]));
      await emit(1);
      const consumer = log.consumer('gone', [topic]);
      let got = await consumer.fetch(10);
      for (let i = 0; got.length === 0 && i < 100; i++) got = await consumer.fetch(10);
      expect(got.length).toBe(1);

      await broker.stop();
      await emit(2);
      await sleep(300); // the relay is now waiting on Kafka
      // PGlite runs one transaction at a time: a relay holding one during its send would block this.
      const t0 = Date.now();
      await db.transaction((tx) => tx.query('SELECT 1'));
      expect(Date.now() - t0).toBeLessThan(1_000);

      for (let i = 0; errors.length === 0 && i < 100; i++) await sleep(100);
      expect(errors[0]).toMatch(/relay failed/);

      const t1 = Date.now();
      await log.close();
      log = undefined;
      expect(Date.now() - t1).toBeLessThan(6_000);
      // Not relayed, not lost: the row waits in the outbox for the next start.
      const [left] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM log_records');
      expect(left?.n).toBe(1);
    } finally {
      await log?.close();
      await db.close();
      await broker.stop();
    }
  }, 120_000);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(brokers.length > 0)('an idle Kafka fetch', () => {
  it('waits on the stream instead of polling the database, and returns a record as soon as it arrives', async () => {
    const pglite = stores().find((s) => s.kind === 'pglite')!;
    const inner = await pglite.open();
    let offsetReads = 0;
    const db: Db = {
      kind: inner.kind,
      exec: (text) => inner.exec(text),
      transaction: (fn) => inner.transaction(fn),
      close: () => inner.close(),
      query: (text, params) => {
        if (/SELECT topic, partition, next_offset/.test(text)) offsetReads++;
        return inner.query(text, params);
      },
    };
    const topic = `idle_${randomBytes(4).toString('hex')}`;
    await ensureTopics({ brokers, topics: [topic], partitions: 1 });
    const log = createKafkaLog(db, { brokers, fetchWaitMs: 1_000 });
    try {
      await db.transaction((tx) => log.emitter.emit(tx, [{ topic, key: 'k', value: { n: 1 } }]));
      const consumer = log.consumer('idle', [topic]);
      let got = await consumer.fetch(10);
      for (let i = 0; got.length === 0 && i < 100; i++) got = await consumer.fetch(10);
      await db.transaction((tx) => consumer.commit(tx, got));

      offsetReads = 0;
      expect(await consumer.fetch(10)).toEqual([]);
      // One read before waiting; polling every 20 ms for 1 s made about 50.
      expect(offsetReads).toBeLessThanOrEqual(2);

      const t0 = Date.now();
      const pending = consumer.fetch(10);
      await db.transaction((tx) => log.emitter.emit(tx, [{ topic, key: 'k', value: { n: 2 } }]));
      const next = await pending;
      expect(next.map((r) => r.value)).toEqual([{ n: 2 }]);
      expect(Date.now() - t0).toBeLessThan(1_000);
    } finally {
      await log.close();
      await db.close();
    }
  }, 60_000);
});

describe.runIf(brokers.length > 0)('a partition that leaves a member and comes back', () => {
  it('is delivered again in full: records the member held for it are not lost to the stream’s stale position', async () => {
    const pglite = stores().find((s) => s.kind === 'pglite')!;
    const db = await pglite.open();
    const topic = `moved_${randomBytes(4).toString('hex')}`;
    await ensureTopics({ brokers, topics: [topic], partitions: 2 });
    const producer = testProducer();
    await producer.send({
      messages: [0, 1].flatMap((partition) =>
        [0, 1, 2, 3, 4].map((n) => ({
          topic,
          partition,
          key: `k${partition}`,
          value: JSON.stringify({ n }),
        })),
      ),
    });
    await producer.close();
    // Neither log relays: the records come from the producer above, and nothing is ever committed, so no
    // committed offset (database or Kafka) tells a rejoining member where to start.
    const a = createKafkaLog(db, { brokers, relay: false, fetchWaitMs: 200 });
    const b = createKafkaLog(db, { brokers, relay: false, fetchWaitMs: 200 });
    const heldBy = async (log: Log, n: number, ms: number) => {
      const consumer = log.consumer('moved', [topic]);
      const deadline = Date.now() + ms;
      let got = await consumer.fetch(100);
      while (got.length < n && Date.now() < deadline) got = await consumer.fetch(100);
      return got.map((r) => `${r.partition}:${r.offset}`).sort();
    };
    const all = [0, 1].flatMap((p) => [0, 1, 2, 3, 4].map((o) => `${p}:${o}`));
    try {
      expect(await heldBy(a, 10, 30_000)).toEqual(all);
      // A second member joins: the group rebalances and one partition moves to it.
      const bGot = await heldBy(b, 5, 30_000);
      expect(bGot.length).toBe(5);
      // A fetches after the rebalance (it owns one partition now) …
      expect((await heldBy(a, 5, 5_000)).length).toBe(5);
      // … and gets the other back when B leaves: every record of both partitions, none twice.
      await b.close();
      expect(await heldBy(a, 10, 30_000)).toEqual(all);
    } finally {
      await a.close();
      await b.close().catch(() => {});
      await db.close();
    }
  }, 120_000);
});

describe.runIf(brokers.length > 0)('a member whose stream stops delivering', () => {
  it('rejoins and gets the records Kafka holds on its partitions that the database has not consumed', async () => {
    const pglite = stores().find((s) => s.kind === 'pglite')!;
    const db = await pglite.open();
    const topic = `stuck_${randomBytes(4).toString('hex')}`;
    await ensureTopics({ brokers, topics: [topic], partitions: 1 });
    const streams: Array<{ pause(): unknown }> = [];
    const log = createKafkaLog(db, {
      brokers,
      relay: false,
      fetchWaitMs: 200,
      stallCheckMs: 500,
      onJoin: (_group, stream) => streams.push(stream),
    });
    const producer = testProducer();
    try {
      const consumer = log.consumer('stuck', [topic]);
      const deadline = Date.now() + 30_000;
      expect(await consumer.fetch(10)).toEqual([]); // joins the group (the topic is empty)
      expect(streams.length).toBe(1);
      // The member's stream stops delivering (as the fault suite's stalled series member did), then records come.
      streams[0]!.pause();
      await producer.send({
        messages: [0, 1, 2].map((n) => ({ topic, partition: 0, key: 'k', value: JSON.stringify({ n }) })),
      });
      let got: LogRecord[] = [];
      while (got.length < 3 && Date.now() < deadline) got = await consumer.fetch(10);
      expect(got.map((r) => r.offset)).toEqual([0, 1, 2]);
      expect(streams.length).toBeGreaterThan(1); // it rejoined
    } finally {
      await producer.close();
      await log.close();
      await db.close();
    }
  }, 60_000);
});

describe.runIf(brokers.length > 0)('two systems on one broker (PAS_KAFKA_TOPIC_PREFIX)', () => {
  it('each stage group is its own: both systems consume their records, neither is handed the other’s partitions', async () => {
    const pglite = stores().find((s) => s.kind === 'pglite')!;
    const id = randomBytes(4).toString('hex');
    const systems = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const prefix = `${name}${id}.`;
        await ensureTopics({ brokers, topics: ['shared'], partitions: 2, prefix });
        const db = await pglite.open();
        const log = createKafkaLog(db, { brokers, topicPrefix: prefix, fetchWaitMs: 200 });
        return { name, db, log };
      }),
    );
    try {
      for (const s of systems) {
        await s.db.transaction((tx) =>
          s.log.emitter.emit(tx, [
            { topic: 'shared', key: 'k1', value: { system: s.name } },
            { topic: 'shared', key: 'k2', value: { system: s.name } },
          ]),
        );
      }
      const consumed = await Promise.all(
        systems.map(async (s) => {
          const consumer = s.log.consumer('series', ['shared']);
          const deadline = Date.now() + 40_000;
          let got = await consumer.fetch(10);
          while (got.length < 2 && Date.now() < deadline) got = await consumer.fetch(10);
          return got.map((r) => (r.value as { system: string }).system);
        }),
      );
      expect(consumed).toEqual([
        ['a', 'a'],
        ['b', 'b'],
      ]);
    } finally {
      for (const s of systems) {
        await s.log.close();
        await s.db.close();
      }
    }
  }, 120_000);
});
