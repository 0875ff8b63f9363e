import type { Logger } from 'pino';
import type { LogRecord, OutgoingRecord } from '../log/log.ts';
import type { Sql } from '../store/db.ts';

export interface StageContext {
  /** The transaction that also commits the batch's offsets and everything emitted. */
  tx: Sql;
  /** Queues records to emit; they are written in the same transaction, after the handler returns. */
  emit(records: readonly OutgoingRecord[]): void;
  log: Logger;
}

/**
 * A stage consumes a batch of records of its topics and commits its derived rows, its offsets and the records
 * it emits in one transaction. It must be idempotent per record: at-least-once delivery may hand it a record
 * again after a crash between its commit and the broker's acknowledgement (Kafka mode).
 */
export interface Stage {
  /** The consumer group; also the stage's name in metrics and job status. */
  readonly group: string;
  readonly topics: readonly string[];
  handle(ctx: StageContext, batch: readonly LogRecord[]): Promise<void>;
}
