import type { Logger } from 'pino';
import type { LogRecord, OutgoingRecord } from '../log/log.ts';
import type { Sql } from '../store/db.ts';
import type { Subject } from '../store/quarantine.ts';

export interface StageContext {
  /** The transaction that also commits the batch's offsets and everything emitted. */
  tx: Sql;
  /** Queues records to emit; they are written in the same transaction, after the handler returns. */
  emit(records: readonly OutgoingRecord[]): void;
  log: Logger;
}

/** A record's subject in its stage; see Stage.subjectOf. */
export type StageSubject = Subject & { supersedes?: boolean };

/** The subject of a record about a whole portfolio: quarantined, it blocks every key of the portfolio. */
export const portfolioSubject = (portfolioId: string): StageSubject => ({
  subject: `portfolio:${portfolioId}`,
  portfolio_id: portfolioId,
  blocks: true,
});

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
  /**
   * What a record is about, for quarantine (default: its topic and log key): the position keys a quarantined
   * record blocks, and the subject a later record must name to release it. `supersedes`: a processed record
   * with this subject replaces a quarantined one (a later version of the same fact) rather than retrying it.
   */
  subjectOf?(record: LogRecord): StageSubject;
}
