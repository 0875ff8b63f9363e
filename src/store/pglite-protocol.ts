/** The messages between the embedded database's thread (pglite-worker.ts) and the process (pglite-thread.ts). */

export interface WorkerStart {
  dataDir: string | undefined;
  image: Blob | undefined;
}

/** `tx` names an open transaction (the id of its `begin`); absent, the statement runs outside transactions. */
export type PgliteRequest =
  | { id: number; op: 'query'; text: string; params: unknown[] | undefined; tx: number | undefined }
  | { id: number; op: 'exec'; text: string; tx: number | undefined }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'dump'; compression: 'none' | 'gzip'; checkpoint: boolean }
  | { id: number; op: 'close' };

/** The answer to a query: each row an array in the order of `columns`. */
export interface RowsMessage {
  columns: string[];
  rows: unknown[][];
}

/** Id 0 is the worker's "ready" once the database is open (or its failure to open). */
export type PgliteResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string; name: string; fields: Record<string, unknown> } };
