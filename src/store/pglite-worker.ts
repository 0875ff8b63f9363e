import { parentPort, workerData } from 'node:worker_threads';
import type { Transaction } from '@electric-sql/pglite';
import { createPglite } from './pglite.ts';
import type { PgliteRequest, PgliteResponse, WorkerStart } from './pglite-protocol.ts';

/**
 * The embedded database's own thread (src/store/pglite-thread.ts is the other side). PGlite runs every
 * statement synchronously on the thread that owns it; here that thread is not the one that answers HTTP, so a
 * 100 ms statement no longer holds a liveness probe for 100 ms.
 */
const port = parentPort!;
const start = workerData as WorkerStart;
const send = (message: PgliteResponse) => port.postMessage(message);

/** Open transactions by id: each waits, inside pg.transaction, for the main thread to say commit or roll back. */
const open = new Map<number, { tx: Transaction; end: (commit: boolean) => void }>();
/** Thrown inside pg.transaction so that PGlite rolls back; never leaves this thread. */
const ROLLBACK = Symbol('rollback');

function fail(id: number, error: unknown) {
  const e = error instanceof Error ? error : new Error(String(error));
  // DatabaseError's fields (code, detail, constraint, …) are own properties: the caller maps on `code`.
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (typeof v !== 'object' && typeof v !== 'function') fields[k] = v;
  send({ id, ok: false, error: { message: e.message, name: e.name, fields } });
}

function target(tx: number | undefined): Pick<Transaction, 'query' | 'exec'> {
  if (tx === undefined) return pg;
  const entry = open.get(tx);
  if (!entry) throw new Error(`embedded database: transaction ${tx} is not open`);
  return entry.tx;
}

async function handle(request: PgliteRequest): Promise<void> {
  const { id } = request;
  try {
    switch (request.op) {
      case 'query': {
        // Rows as arrays and the column names once: half the bytes to clone across threads, half the time.
        const result = await target(request.tx).query<unknown[]>(request.text, request.params, {
          rowMode: 'array',
        });
        send({ id, ok: true, value: { columns: result.fields.map((f) => f.name), rows: result.rows } });
        return;
      }
      case 'exec':
        await target(request.tx).exec(request.text);
        send({ id, ok: true, value: undefined });
        return;
      case 'begin':
        // The begin's answer is sent from inside the transaction; its end's answer when PGlite has settled it.
        pg.transaction(
          (tx) =>
            new Promise<void>((resolve, reject) => {
              open.set(id, { tx, end: (commit) => (commit ? resolve() : reject(ROLLBACK)) });
              send({ id, ok: true, value: id });
            }),
        ).then(
          () => settled(id, undefined),
          (error: unknown) => {
            // BEGIN itself failed: the transaction never opened, so the begin is what gets the error.
            if (!open.has(id) && !ending.has(id)) fail(id, error);
            else settled(id, error === ROLLBACK ? undefined : error);
          },
        );
        return;
      case 'end': {
        const entry = open.get(request.tx);
        if (!entry) throw new Error(`embedded database: transaction ${request.tx} is not open`);
        ending.set(request.tx, id);
        entry.end(request.commit);
        return;
      }
      case 'dump':
        if (request.checkpoint) await pg.exec('CHECKPOINT');
        send({ id, ok: true, value: await pg.dumpDataDir(request.compression) });
        return;
      case 'close':
        await pg.close();
        send({ id, ok: true, value: undefined });
        return;
    }
  } catch (error) {
    fail(id, error);
  }
}

/** The id of the 'end' request of each transaction being settled, answered once PGlite has committed. */
const ending = new Map<number, number>();
function settled(tx: number, error: unknown) {
  open.delete(tx);
  const id = ending.get(tx);
  ending.delete(tx);
  if (id === undefined) return;
  if (error === undefined) send({ id, ok: true, value: undefined });
  else fail(id, error);
}

const pg = await createPglite(start.dataDir, start.image);
port.on('message', (request: PgliteRequest) => void handle(request));
send({ id: 0, ok: true, value: 'ready' });
