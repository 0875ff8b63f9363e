import fs from 'node:fs';
import { setImmediate as turn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Db } from './db.ts';
import { openPglite, type PgliteDb } from './pglite.ts';
import { openPgliteThread } from './pglite-thread.ts';

const template = () => new Blob([fs.readFileSync(inject('pgliteTemplate'))]);

/**
 * The PGlite adapters' ordering on their single connection (ordering only, no clock): on this thread (tests,
 * tools) and on a thread of its own (`pas start`). One suite, both adapters.
 */
describe.each([
  { adapter: 'on this thread', open: () => openPglite(undefined, template()) },
  { adapter: 'on its own thread', open: () => openPgliteThread(undefined, template()) },
])('pglite adapter $adapter: statements and transactions on one connection', ({ open }) => {
  let db: PgliteDb;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db.close());

  it('runs a query that arrives during a transaction before a transaction that was already waiting', async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const a = db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      order.push('A begins');
      await held;
      await tx.query('SELECT 1');
      order.push('A ends');
    });
    while (!order.includes('A begins')) await turn();
    const b = db.transaction(async (tx) => {
      order.push('B begins');
      await tx.query('SELECT 1');
    });
    for (let i = 0; i < 5; i++) await turn(); // B is queued now
    const q = db.query('SELECT 2 AS x').then((rows) => order.push(`query ${rows[0]!.x}`));
    for (let i = 0; i < 5; i++) await turn();
    release();
    await Promise.all([a, b, q]);
    expect(order).toEqual(['A begins', 'A ends', 'query 2', 'B begins']);
  });

  it("gives the driver's error with its SQLSTATE and fields, and rolls back a transaction whose work throws", async () => {
    await db.exec('CREATE TABLE adapter_t (x int PRIMARY KEY)');
    await db.query('INSERT INTO adapter_t VALUES (1)');
    const duplicate = await db.query('INSERT INTO adapter_t VALUES (1)').catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(Error);
    expect(duplicate).toMatchObject({ code: '23505', constraint: 'adapter_t_pkey' });
    const thrown = await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO adapter_t VALUES (2)');
        throw new Error('work failed');
      })
      .catch((e: unknown) => e);
    expect((thrown as Error).message).toBe('work failed');
    expect(await db.query('SELECT x FROM adapter_t ORDER BY x')).toEqual([{ x: 1 }]);
    expect(await db.transaction((tx) => tx.query('INSERT INTO adapter_t VALUES (3) RETURNING x'))).toEqual([
      { x: 3 },
    ]);
  });

  it("returns the port's value types and an image another database starts from", async () => {
    const [row] = await db.query(
      `SELECT 12::int8 AS n, '2024-02-29'::date AS d, '0099-06-01 00:00:00+00'::timestamptz AS t,
              1.10::numeric AS m, '{"a":[1]}'::jsonb AS j`,
    );
    expect(row).toEqual({ n: 12, d: '2024-02-29', t: '0099-06-01T00:00:00.000Z', m: '1.10', j: { a: [1] } });
    await db.exec('CREATE TABLE adapter_image (x text)');
    await db.query(`INSERT INTO adapter_image VALUES ('kept')`);
    const copy = await openPglite(undefined, await db.dumpImage());
    expect(await copy.query('SELECT x FROM adapter_image')).toEqual([{ x: 'kept' }]);
    await copy.close();
    expect((await db.snapshot()).size).toBeGreaterThan(0);
  });
});

/**
 * On this thread a statement runs synchronously and its promise settles at once: the adapter's turn before each
 * statement is what lets the event loop run within a transaction. (On its own thread a statement is a message
 * the event loop waits for; several answers may then come in one delivery, so this is not a property of it.)
 */
describe('pglite adapter on this thread', () => {
  it('answers the event loop between the statements of a transaction (a turn before each statement)', async () => {
    const db = await openPglite(undefined, template());
    let ticks = 0;
    let counting = true;
    const count = () => {
      ticks++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const seen: number[] = [];
    await db.transaction(async (tx) => {
      for (let i = 0; i < 5; i++) {
        await tx.query('SELECT 1');
        seen.push(ticks);
      }
    });
    counting = false;
    // Event-loop iterations ran between statements: the transaction did not hold the event loop from BEGIN to COMMIT.
    expect(seen[4]!).toBeGreaterThan(seen[0]!);
    await db.close();
  });
});

describe('pglite adapter on its own thread', () => {
  it('lets the event loop run while a statement runs (on this thread it cannot)', async () => {
    const ticksDuring = async (db: Db) => {
      let ticks = 0;
      let counting = true;
      const count = () => {
        ticks++;
        if (counting) setImmediate(count);
      };
      const statement = db.query('SELECT count(*) AS n FROM generate_series(1, 2000000)');
      setImmediate(count);
      const [row] = await statement;
      counting = false;
      expect(row).toEqual({ n: 2_000_000 });
      return ticks;
    };
    const here = await openPglite(undefined, template());
    const threaded = await openPgliteThread(undefined, template());
    try {
      // On this thread the statement runs synchronously: only the turn given before it (and none during).
      expect(await ticksDuring(here)).toBeLessThanOrEqual(2);
      expect(await ticksDuring(threaded)).toBeGreaterThan(20);
    } finally {
      await Promise.all([here.close(), threaded.close()]);
    }
  });
});
