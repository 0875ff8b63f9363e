import type { Sql } from './db.ts';

/**
 * Rows per INSERT of `pushRows`: bounded statements. Each holds the database for its length (on the embedded
 * database, every request's read waits behind the transaction it belongs to): 2,000 rows of the series' 24
 * columns keep one near 50 ms.
 */
export const ROWS_PER_INSERT = 2_000;

/**
 * A transaction's writes, sent one after another in the order pushed while the caller goes on preparing the
 * next ones. On the embedded database the statements run on the database's own thread: a writer that built
 * every chunk of rows between two awaited statements kept that thread idle while the transaction held it.
 * A statement pushed while none is running is sent at once; the caller lets the answers in between its chunks
 * with `turn`, so that the next statement is sent as soon as the one before it ends. Parameters are encoded
 * when pushed (on the caller's thread). `done` waits for every statement and throws the first failure, after
 * which nothing more is sent (the transaction rolls back anyway).
 */
export class WriteQueue {
  private readonly tx: Sql;
  private last: Promise<void> = Promise.resolve();
  private running = 0;
  private failure: { error: unknown } | undefined;

  constructor(tx: Sql) {
    this.tx = tx;
  }

  push(text: string, params: readonly unknown[]): void {
    const run = async () => {
      try {
        if (!this.failure) await this.tx.query(text, params);
      } catch (error) {
        this.failure = { error };
      } finally {
        this.running--;
      }
    };
    this.running++;
    this.last = this.running === 1 ? run() : this.last.then(run);
  }

  /**
   * An INSERT of `rows` as one JSON parameter (json-rows.ts) per chunk of ROWS_PER_INSERT, each chunk encoded
   * (`rowOf`, then JSON text) while the statements before it run.
   */
  async pushRows<T>(
    sql: string,
    rows: readonly T[],
    rowOf: (row: T) => unknown = (row) => row,
  ): Promise<void> {
    for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
      this.push(sql, [JSON.stringify(rows.slice(at, at + ROWS_PER_INSERT).map(rowOf))]);
      await this.turn();
    }
  }

  /** Lets the answers of the statements sent so far in, so the next ones go out while the caller goes on. */
  turn(): Promise<void> {
    return this.running > 0 ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve();
  }

  async done(): Promise<void> {
    await this.last;
    if (this.failure) throw this.failure.error;
  }
}
