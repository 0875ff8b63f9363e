import { setImmediate as turn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stores } from '../../test/support/stores.ts';
import type { Db } from './db.ts';

/** The PGlite adapter's ordering on its single connection (ordering only, no clock). */
describe('pglite adapter: statements and transactions on one connection', () => {
  const store = stores().find((s) => s.kind === 'pglite')!;
  let db: Db;
  beforeAll(async () => {
    db = await store.open();
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

  it('answers the event loop between the statements of a transaction', async () => {
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
  });
});
