import type { Sql } from './db.ts';

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

  /** Lets the answers of the statements sent so far in, so the next ones go out while the caller goes on. */
  turn(): Promise<void> {
    return this.running > 0 ? new Promise((resolve) => setImmediate(resolve)) : Promise.resolve();
  }

  async done(): Promise<void> {
    await this.last;
    if (this.failure) throw this.failure.error;
  }
}
