import { Worker } from 'node:worker_threads';
import type { Row, Sql } from './db.ts';
import { type PgliteDb, readsFirst } from './pglite.ts';
import type { PgliteRequest, PgliteResponse, RowsMessage, WorkerStart } from './pglite-protocol.ts';

/** A request before its id is given (Omit over each member of the union). */
type Call = PgliteRequest extends infer R ? (R extends PgliteRequest ? Omit<R, 'id'> : never) : never;

/** Rows as the port returns them: one object per row, keyed by column name (a later equal name wins). */
function objectsOf<T extends Row>({ columns, rows }: RowsMessage): T[] {
  return rows.map((values) => {
    const row: Row = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
    return row as T;
  });
}

/** An error of the database thread, with the driver's fields (code, detail, constraint, …) as own properties. */
function rebuilt(error: Extract<PgliteResponse, { ok: false }>['error']): Error {
  const e = new Error(error.message);
  e.name = error.name;
  return Object.assign(e, error.fields);
}

/**
 * Embedded PostgreSQL (PGlite) on its own thread (src/store/pglite-worker.ts), the adapter `pas start` uses.
 * Same port, same ordering (readsFirst) as openPglite; what changes is where a statement runs: the event loop
 * that answers requests only sends it and waits for the answer, so a long statement, the WebAssembly initdb
 * of a first start or a CHECKPOINT never holds a liveness probe. Rows cross the thread boundary by structured
 * clone (plain values only: the adapter's parsers already return strings and numbers).
 */
export async function openPgliteThread(dataDir: string | undefined, image?: Blob): Promise<PgliteDb> {
  const start: WorkerStart = { dataDir, image };
  const worker = new Worker(new URL('./pglite-worker.ts', import.meta.url), { workerData: start });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 1;
  let dead: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => pending.set(0, { resolve: () => resolve(), reject }));

  worker.on('message', (message: PgliteResponse) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.value);
    else waiter.reject(rebuilt(message.error));
  });
  let closing = false;
  let opened = false;
  const die = (error: Error) => {
    dead ??= error;
    for (const waiter of pending.values()) waiter.reject(dead);
    pending.clear();
    // Once open, losing the database's thread is as fatal as losing the database: the process ends with the
    // reason (as it did when PGlite ran here) and its supervisor restarts it, rather than answer 503s forever.
    if (opened && !closing) {
      setImmediate(() => {
        throw error;
      });
    }
  };
  worker.on('error', (error) =>
    die(new Error(`embedded database thread failed: ${error.message}`, { cause: error })),
  );
  worker.on('exit', (code) => die(new Error(`embedded database thread exited (code ${code})`)));

  const call = <T>(request: Call): Promise<T> => {
    if (dead) return Promise.reject(dead);
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id } as PgliteRequest);
    });
  };
  const sqlIn = (tx: number | undefined): Sql => ({
    query: async <T extends Row>(text: string, params?: readonly unknown[]) =>
      objectsOf<T>(
        await call<RowsMessage>({ op: 'query', text, params: params as unknown[] | undefined, tx }),
      ),
    exec: (text) => call({ op: 'exec', text, tx }),
  });

  try {
    await ready;
  } catch (error) {
    closing = true;
    await worker.terminate();
    throw error;
  }
  opened = true;
  const base = sqlIn(undefined);
  const order = readsFirst();
  return {
    kind: 'pglite',
    query: (text, params) => order.statement(() => base.query(text, params)),
    exec: (text) => order.statement(() => base.exec(text)),
    transaction: (fn) =>
      order.transaction(async () => {
        const tx = await call<number>({ op: 'begin' });
        let value: Awaited<ReturnType<typeof fn>>;
        try {
          value = await fn(sqlIn(tx));
        } catch (error) {
          await call({ op: 'end', tx, commit: false }).catch(() => {});
          throw error;
        }
        await call({ op: 'end', tx, commit: true });
        return value;
      }),
    async close() {
      closing = true;
      if (!dead) await call({ op: 'close' });
      await worker.terminate();
    },
    dumpImage: () => call<Blob>({ op: 'dump', compression: 'none', checkpoint: false }),
    snapshot: () =>
      order.transaction(() => call<Blob>({ op: 'dump', compression: 'gzip', checkpoint: true })),
  };
}
