import { setImmediate as turn } from 'node:timers/promises';
import { PGlite, types } from '@electric-sql/pglite';
import { type Db, parseDate, parseInt8, parseTimestamptz, type Row, type Sql } from './db.ts';

const parsers = {
  [types.INT8]: parseInt8,
  [types.DATE]: parseDate,
  [types.TIMESTAMPTZ]: parseTimestamptz,
};

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

/**
 * PGlite runs each statement synchronously on this thread and settles its promise at once, so a chain of
 * statements (a stage working through a backlog, transaction after transaction) would run as microtasks only
 * and never let the event loop poll: no request would be read or answered until the whole backlog is done.
 * Every statement therefore first gives the event loop a turn (setImmediate: pending I/O callbacks run first);
 * the event loop then waits at most one statement, not one backlog.
 */
function sqlOf(conn: PgliteLike): Sql {
  return {
    async query<T extends Row>(text: string, params?: readonly unknown[]) {
      await turn();
      const result = await conn.query<T>(text, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(text: string) {
      await turn();
      await conn.exec(text);
    },
  };
}

/**
 * The longest a transaction waits for statements outside transactions (requests) to go first. Bounded, so a
 * steady stream of queries slows the stages down but cannot stop them.
 */
export const READS_FIRST_MAX_MS = 250;

/**
 * Statements outside a transaction (the requests' reads, the stages' log fetches) go before a transaction that
 * has not started yet. PGlite has one connection, queued first come, first served: with three stages each
 * queueing its next transaction there, a request of three statements would wait for up to three transactions
 * before each of them. So transactions wait here, one running at a time, and one that is about to start lets
 * every statement already queued or running go first (for at most READS_FIRST_MAX_MS): a request then waits
 * for at most the one transaction in progress.
 */
export function readsFirst() {
  let statements = 0;
  let transaction = false;
  const waiting = new Set<() => void>();
  const wakeAll = () => {
    for (const wake of waiting) wake();
  };
  const signal = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        waiting.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      waiting.add(wake);
    });
  return {
    async statement<T>(run: () => Promise<T>): Promise<T> {
      statements++;
      try {
        return await run();
      } finally {
        if (--statements === 0) wakeAll();
      }
    },
    async transaction<T>(run: () => Promise<T>): Promise<T> {
      let deadline = performance.now() + READS_FIRST_MAX_MS;
      for (;;) {
        // A request between two of its statements issues the next one within this turn.
        await turn();
        if (transaction) {
          await signal(60_000);
          deadline = performance.now() + READS_FIRST_MAX_MS; // the reads' window opens when the slot frees
          continue;
        }
        const left = deadline - performance.now();
        if (statements === 0 || left <= 0) break;
        await signal(left);
      }
      transaction = true;
      try {
        return await run();
      } finally {
        transaction = false;
        wakeAll();
      }
    },
  };
}

export interface PgliteDb extends Db {
  /** The whole database as an image that openPglite can start from (a migrated template for tests). */
  dumpImage(): Promise<Blob>;
  /**
   * A consistent gzipped image of the running database (`pas backup`): taken in the transaction slot, so no
   * transaction of this process is open, after a CHECKPOINT, so the data files are current.
   */
  snapshot(): Promise<Blob>;
}

/** PGlite with the port's value parsers, on this thread or the database's own (pglite-worker.ts). */
export async function createPglite(dataDir: string | undefined, image: Blob | undefined): Promise<PGlite> {
  const pg = await PGlite.create({
    parsers,
    ...(dataDir ? { dataDir } : {}),
    ...(image ? { loadDataDir: image } : {}),
  });
  // Every page PGlite reads is in memory, and its one session lasts as long as the database is open. With the
  // default random_page_cost (4, a spinning disk's) the planner answered the stages' deletes by key (`USING
  // unnest(keys)`) with a hash join over a sequential scan of the whole table, so each batch cost more as the
  // table grew (44 ms at 50,000 rows for 500 keys that matched nothing); at 1.1 it probes the index (3 ms).
  await pg.exec('SET random_page_cost = 1.1');
  return pg;
}

/**
 * Embedded PostgreSQL (WASM). dataDir undefined means in memory (tests). `image` starts from a dumped
 * database instead of running initdb, several times faster.
 */
export async function openPglite(dataDir: string | undefined, image?: Blob): Promise<PgliteDb> {
  const pg = await createPglite(dataDir, image);
  const base = sqlOf(pg);
  const order = readsFirst();
  return {
    kind: 'pglite',
    query: (text, params) => order.statement(() => base.query(text, params)),
    exec: (text) => order.statement(() => base.exec(text)),
    transaction: (fn) => order.transaction(() => pg.transaction((tx) => fn(sqlOf(tx)))),
    close: () => pg.close(),
    dumpImage: async () => (await pg.dumpDataDir('none')) as Blob,
    snapshot: () =>
      order.transaction(async () => {
        await pg.exec('CHECKPOINT');
        return (await pg.dumpDataDir('gzip')) as Blob;
      }),
  };
}
