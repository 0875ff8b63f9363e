import { randomBytes } from 'node:crypto';
import { Consumer as KafkaConsumer } from '@platformatic/kafka';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freshDatabase } from '../../test/support/stores.ts';
import type { Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { openPostgres } from '../store/postgres.ts';
import { createKafkaLog } from './kafka-log.ts';
import { ensureTopics } from './kafka-topics.ts';
import type { Log, LogRecord } from './log.ts';

const brokers = inject('kafkaBrokers').split(',').filter(Boolean);
const adminUrl = inject('pgAdminUrl');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = { error: () => {}, warn: () => {} };

/** A fresh, migrated PostgreSQL database that several Db handles (processes, in effect) can open. */
async function database(): Promise<{ url: string; drop(): Promise<void> }> {
  const fresh = await freshDatabase(adminUrl, 'pas_relay');
  const db = await openPostgres(fresh.url, 1);
  await migrate(db);
  await db.close();
  return fresh;
}

/** Records on the broker for `topic`, all partitions (high watermarks; the relay writes no transactions). */
async function onBroker(topic: string): Promise<number> {
  const c = new KafkaConsumer({ clientId: 'pas-test', groupId: `count-${topic}`, bootstrapBrokers: brokers });
  try {
    const ends = await c.listOffsets({ topics: [topic] });
    return (ends.get(topic) ?? []).reduce((a, b) => a + Number(b), 0);
  } finally {
    await c.close();
  }
}

const emit = (db: Db, log: Log, topic: string, from: number, n: number) =>
  db.transaction((tx) =>
    log.emitter.emit(
      tx,
      Array.from({ length: n }, (_, i) => ({ topic, key: `k${(from + i) % 5}`, value: { n: from + i } })),
    ),
  );

/** Consumes (and commits) until `want` records came, then a few idle fetches more; returns every value seen. */
async function consumeAll(db: Db, log: Log, topic: string, want: number): Promise<number[]> {
  const consumer = log.consumer('relay-test', [topic]);
  const seen: number[] = [];
  for (let idle = 0; idle < 5 || seen.length < want; ) {
    const batch: LogRecord[] = await consumer.fetch(100);
    if (batch.length === 0) {
      idle++;
      if (idle > 200) break;
      continue;
    }
    await db.transaction((tx) => consumer.commit(tx, batch));
    seen.push(...batch.map((r) => (r.value as { n: number }).n));
  }
  return seen;
}

describe.runIf(brokers.length > 0 && adminUrl !== '')('the Kafka relay', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.reverse()) await c();
    cleanups.length = 0;
  });

  /** A fresh database (dropped after the test) and a fresh topic named `prefix_…` of `partitions` partitions. */
  async function databaseAndTopic(
    prefix: string,
    partitions: number,
  ): Promise<{ url: string; topic: string }> {
    const { url, drop } = await database();
    cleanups.push(drop);
    const topic = `${prefix}_${randomBytes(4).toString('hex')}`;
    await ensureTopics({ brokers, topics: [topic], partitions });
    return { url, topic };
  }

  it('crashing after Kafka acknowledged a batch sends it twice, and the consumers skip the second copy', async () => {
    const { url, topic } = await databaseAndTopic('dup', 2);
    const db = await openPostgres(url, 4);
    let crashes = 1;
    const log = createKafkaLog(db, {
      brokers,
      logger: quiet,
      // As if the process died between Kafka's acknowledgement and the delete: the rows stay and go again.
      afterSend: async () => {
        if (crashes-- > 0) throw new Error('crash after send');
      },
    });
    cleanups.push(async () => {
      await log.close();
      await db.close();
    });
    await emit(db, log, topic, 0, 20);

    const seen = await consumeAll(db, log, topic, 20);
    expect(await onBroker(topic)).toBe(40); // every record reached Kafka twice …
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i)); // … and counted once
    expect(await log.backlog([{ group: 'relay-test', topics: [topic] }])).toEqual([
      { group: 'relay-test', topic, lag: 0 },
    ]);
    // New records after the duplicates flow as usual.
    await emit(db, log, topic, 20, 5);
    expect((await consumeAll(db, log, topic, 5)).sort((a, b) => a - b)).toEqual([20, 21, 22, 23, 24]);
  }, 90_000);

  it('puts each key on the partition the Java client would (murmur2, positive, modulo the partitions)', async () => {
    const { url, topic } = await databaseAndTopic('keys', 12);
    const db = await openPostgres(url, 4);
    const log = createKafkaLog(db, { brokers, logger: quiet });
    cleanups.push(async () => {
      await log.close();
      await db.close();
    });
    // murmur2 of these keys as Kafka's own Java tests state it (UtilsTest.testMurmur2); Java's partition is
    // (hash & 0x7fffffff) % partitions.
    const java: Record<string, number> = {
      '21': -973932308,
      foobar: -790332482,
      'a-little-bit-long-string': -985981536,
      'a-little-bit-longer-string': -1486304829,
      abc: 479470107,
    };
    await db.transaction((tx) =>
      log.emitter.emit(
        tx,
        Object.keys(java).map((key) => ({ topic, key, value: { key } })),
      ),
    );
    const consumer = log.consumer('keys-test', [topic]);
    const seen = new Map<string, number>();
    for (let i = 0; i < 200 && seen.size < 5; i++) {
      for (const r of await consumer.fetch(10)) seen.set(r.key, r.partition);
    }
    expect(Object.fromEntries(seen)).toEqual(
      Object.fromEntries(Object.entries(java).map(([k, hash]) => [k, (hash & 0x7fffffff) % 12])),
    );
  }, 60_000);

  it('runs one active relay per database; a second waits as standby and takes over when the first goes', async () => {
    const { url, topic } = await databaseAndTopic('standby', 1);
    const dbA = await openPostgres(url, 4);
    const dbB = await openPostgres(url, 4);
    const a = createKafkaLog(dbA, { brokers, logger: quiet, clientId: 'relay-a' });
    const b = createKafkaLog(dbB, { brokers, logger: quiet, clientId: 'relay-b' });
    let aOpen = true;
    cleanups.push(async () => {
      if (aOpen) await a.close();
      await b.close();
      await dbA.close();
      await dbB.close();
    });
    for (let i = 0; i < 100 && a.relayState!() !== 'active' && b.relayState!() !== 'active'; i++)
      await sleep(100);
    await sleep(1_500); // both have tried the lock at least once
    const states = [a.relayState!(), b.relayState!()].sort();
    expect(states).toEqual(['active', 'standby']);
    const [active, standby] = a.relayState!() === 'active' ? [a, b] : [b, a];

    await emit(dbB, b, topic, 0, 10);
    expect((await consumeAll(dbB, b, topic, 10)).length).toBe(10);

    await active.close();
    if (active === a) aOpen = false;
    for (let i = 0; i < 100 && standby.relayState!() !== 'active'; i++) await sleep(100);
    expect(standby.relayState!()).toBe('active');
    const db = standby === a ? dbA : dbB;
    await emit(db, standby, topic, 10, 10);
    expect((await consumeAll(db, standby, topic, 10)).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 10 }, (_, i) => 10 + i),
    );
    expect(await onBroker(topic)).toBe(20);
  }, 90_000);
});
