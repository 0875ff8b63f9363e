/**
 * How many records a stage takes in its next batch, so that one batch's transaction lasts about `targetMs`.
 * A batch is one transaction and, in embedded mode, holds the single database connection until it commits:
 * requests wait for it. The work per record varies by orders of magnitude (a persisted fact vs. a portfolio's
 * series rebuilt), so a fixed record count cannot bound the time; the size follows the last batch's rate,
 * shrinking at once and growing at most twofold per batch, between 1 and `max`.
 */
/** Records in a stage's first batch when batches are sized by time. */
const FIRST_BATCH = 100;

export class BatchSizer {
  private current: number;
  private readonly max: number;
  private readonly targetMs: number;
  /** targetMs 0 keeps every batch at `max`. */
  constructor(max: number, targetMs: number) {
    this.max = Math.max(1, max);
    this.targetMs = targetMs;
    // The first batch is the one nobody has measured: start small and let the rate grow it (twofold per batch),
    // rather than hold the connection for a whole `max` batch of the costliest kind.
    this.current = targetMs > 0 ? Math.min(this.max, FIRST_BATCH) : this.max;
  }

  get size(): number {
    return this.current;
  }

  /** A batch of `records` held its transaction for `ms`. */
  record(records: number, ms: number): void {
    if (this.targetMs <= 0 || records <= 0) return;
    const fitting = Math.floor((records * this.targetMs) / Math.max(ms, 1));
    this.current = Math.max(1, Math.min(this.max, fitting, this.current * 2));
  }
}
