import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stores } from '../../test/support/stores.ts';
import type { Db } from '../store/db.ts';
import { createLocalLog } from './local-log.ts';
import type { Log, OutgoingRecord } from './log.ts';

// Staging exists for the embedded database only (its single connection is what a long append transaction holds).
const pglite = stores().find((s) => s.kind === 'pglite')!;

const records = (topic: string, from: number, n: number): OutgoingRecord[] =>
  Array.from({ length: n }, (_, i) => ({ topic, key: `k${(from + i) % 7}`, value: { n: from + i } }));

/** Everything a fresh consumer of `topics` can read, committing as it goes. */
async function drain(db: Db, log: Log, group: string, topics: string[]): Promise<number[]> {
  const consumer = log.consumer(group, topics);
  const seen: number[] = [];
  for (;;) {
    const batch = await consumer.fetch(1_000);
    if (batch.length === 0) return seen;
    await db.transaction((tx) => consumer.commit(tx, batch));
    for (const r of batch) seen.push((r.value as { n: number }).n);
  }
}

const lagOf = async (log: Log, group: string, topic: string) =>
  (await log.backlog([{ group, topics: [topic] }]))[0]!.lag;

describe('local log: staged appends (PGlite)', () => {
  let db: Db;
  beforeEach(async () => {
    db = await pglite.open();
  });
  afterEach(async () => {
    await db.close();
  });

  it('keeps staged records, and everything appended after them, invisible until published', async () => {
    const log = createLocalLog(db);
    await db.transaction((tx) => log.emitter.emit(tx, records('t', 0, 3)));
    const staged = await log.emitter.stage!(records('t', 3, 4_500));
    // A small append after the reservation takes the offsets after it: readable only once the range before it is.
    await db.transaction((tx) => log.emitter.emit(tx, records('t', 4_503, 2)));
    expect(await drain(db, log, 'g', ['t'])).toEqual([0, 1, 2]);
    expect(await lagOf(log, 'g', 't')).toBe(0);

    await db.transaction((tx) => staged.publish(tx));
    expect(await lagOf(log, 'g', 't')).toBe(4_502);
    const rest = await drain(db, log, 'g', ['t']);
    expect(rest).toEqual(Array.from({ length: 4_502 }, (_, i) => 3 + i));
  });

  it('publishes nothing when the publishing transaction rolls back, and a discard leaves a gap consumers step over', async () => {
    const log = createLocalLog(db);
    const staged = await log.emitter.stage!(records('t', 0, 10));
    await expect(
      db.transaction(async (tx) => {
        await staged.publish(tx);
        throw new Error('the job could not be created');
      }),
    ).rejects.toThrow('the job could not be created');
    expect(await drain(db, log, 'g', ['t'])).toEqual([]);
    await staged.discard();
    const [left] = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM log_records');
    expect(left?.n).toBe(0);

    await db.transaction((tx) => log.emitter.emit(tx, records('t', 100, 3)));
    // The consumer's committed offset (0) lies before the unused range 0..9: its commit from offset 10 succeeds.
    expect(await drain(db, log, 'g', ['t'])).toEqual([100, 101, 102]);
    expect(await lagOf(log, 'g', 't')).toBe(0);
  });

  it('stageStream: parts written in order into one reservation, invisible until published, offsets in order', async () => {
    const log = createLocalLog(db);
    const staged = await log.emitter.stageStream!('t', 4_100);
    staged.write(records('t', 0, 2_500));
    staged.write([]);
    await staged.flushed();
    // Published while a write is queued behind the publishing transaction, it would wait forever: refused.
    await expect(
      db.transaction(async (tx) => {
        staged.write(records('t', 2_500, 1_600));
        await staged.publish(tx);
      }),
    ).rejects.toThrow('before they were flushed');
    await staged.flushed();
    expect(await drain(db, log, 'g', ['t'])).toEqual([]);
    await db.transaction((tx) => staged.publish(tx));
    expect(await drain(db, log, 'g', ['t'])).toEqual(Array.from({ length: 4_100 }, (_, i) => i));
  });

  it('stageStream: refuses to publish fewer or more records than reserved; a discard leaves nothing', async () => {
    const log = createLocalLog(db);
    const short = await log.emitter.stageStream!('t', 10);
    short.write(records('t', 0, 9));
    await short.flushed();
    await expect(db.transaction((tx) => short.publish(tx))).rejects.toThrow('9 of the 10');
    const long = await log.emitter.stageStream!('t', 10);
    long.write(records('t', 0, 6));
    long.write(records('t', 6, 6));
    await expect(long.flushed()).rejects.toThrow('12 records staged into 10');
    await expect(db.transaction((tx) => long.publish(tx))).rejects.toThrow('12 records staged into 10');
    await short.discard();
    await long.discard();
    await long.discard();
    const [left] = await db.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM log_records) + (SELECT count(*) FROM log_reservations) AS n',
    );
    expect(Number(left?.n)).toBe(0);
    await db.transaction((tx) => log.emitter.emit(tx, records('t', 100, 2)));
    expect(await drain(db, log, 'g', ['t'])).toEqual([100, 101]);
  });

  it('drops a reservation left by a process that died before publishing, records and all, at the next start', async () => {
    const dead = createLocalLog(db);
    await db.transaction((tx) => dead.emitter.emit(tx, records('t', 0, 2)));
    await dead.emitter.stage!(records('t', 2, 5)); // never published: the process "dies" here
    await db.transaction((tx) => dead.emitter.emit(tx, records('t', 7, 1)));

    const restarted = createLocalLog(db);
    expect(await drain(db, restarted, 'g', ['t'])).toEqual([0, 1, 7]);
    const [reserved] = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM log_reservations');
    expect(reserved?.n).toBe(0);
  });

  it('is not offered on PostgreSQL, where a long transaction holds up no one', async () => {
    const postgres = stores().find((s) => s.kind === 'postgres');
    if (!postgres) return; // PGlite-only run (no server): nothing to check here
    const pgDb = await postgres.open();
    try {
      expect(createLocalLog(pgDb).emitter.stage).toBeUndefined();
      expect(createLocalLog(pgDb).emitter.stageStream).toBeUndefined();
    } finally {
      await pgDb.close();
    }
  });
});
