import type { Sql } from '../store/db.ts';

/**
 * The log port. The local adapter keeps the log in the database; the Kafka adapter (a later issue) keeps it
 * in Kafka. In both, consumers store their offsets in the database in the same transaction as their work,
 * and producers write inside a database transaction (the local log table, or the outbox relayed to Kafka),
 * so "work done", "offset committed" and "events emitted" are one atomic unit in every mode.
 */
export interface RecordHeaders {
  /** The request that caused the record, carried through every stage's log lines. */
  correlation_id?: string;
  /** Ingestion jobs the record works on behalf of; a job completes when no record of it is pending. */
  job_ids?: string[];
  /** The quarantined record (quarantined_records.id) this record puts back on the log for another try. */
  quarantine_id?: number;
  /** Epoch of the (portfolio, security) key the record was produced under, for fencing. */
  epoch?: number;
}

export interface OutgoingRecord<V = unknown> {
  topic: string;
  /** Partition key: ordering is guaranteed among records with the same key. */
  key: string;
  value: V;
  headers?: RecordHeaders;
}

export interface LogRecord<V = unknown> {
  topic: string;
  partition: number;
  offset: number;
  key: string;
  value: V;
  headers: RecordHeaders;
  /** When the record was appended, ISO-8601. */
  timestamp: string;
}

/** Writes records to the log as part of the caller's database transaction. */
export interface Emitter {
  emit(tx: Sql, records: readonly OutgoingRecord[]): Promise<void>;
  /**
   * Writes records outside any transaction, invisible to every consumer until `publish` commits in the caller's
   * transaction; `discard` removes them. Only where one long transaction would hold up everything else (the
   * embedded database's single connection) and only for large batches: see STAGED_APPEND_MIN.
   */
  stage?(records: readonly OutgoingRecord[]): Promise<StagedRecords>;
  /**
   * stage() for records of one topic that arrive in parts (a large request as it is validated): `count` offsets
   * are reserved at once and the parts written into them in order, each while the caller goes on; present
   * wherever `stage` is.
   */
  stageStream?(topic: string, count: number): Promise<StagedStream>;
}

/** Records written to the log but not yet visible to consumers. */
export interface StagedRecords {
  /** Makes the records visible, in order, when `tx` commits. */
  publish(tx: Sql): Promise<void>;
  /** Removes the records; their offsets stay unused (consumers step over the gap). */
  discard(): Promise<void>;
}

/** Staged records written part by part; `publish` fails unless exactly the reserved count was written. */
export interface StagedStream extends StagedRecords {
  /** Queues the next records of the range; a failed write surfaces at `flushed` and `publish`. */
  write(records: readonly OutgoingRecord[]): void;
  /**
   * Resolves once every part written so far is on the log (still invisible); rejects with a failed write. Await
   * it before the publishing transaction: the writes run outside any transaction, and on the embedded
   * database's one connection they would wait for that transaction to end.
   */
  flushed(): Promise<void>;
}

/**
 * Another member of the consumer group committed the records first; the caller's transaction must roll back
 * and fetch again. Expected, not a fault, when several processes run one stage on the local log.
 */
export class ConcurrentConsumerError extends Error {
  readonly code = 'CONCURRENT_CONSUMER';
  constructor(group: string) {
    super(`consumer group ${group}: offsets moved by another consumer; the batch will be fetched again`);
  }
}

/** One consumer group's view of some topics. */
export interface Consumer {
  readonly group: string;
  readonly topics: readonly string[];
  /** The next records after the group's committed offsets, at most `max`; in offset order per topic. */
  fetch(max: number): Promise<LogRecord[]>;
  /**
   * Records the offsets after `records` as the group's position, inside the caller's transaction. Throws
   * ConcurrentConsumerError when another consumer of the group has already moved past their start.
   */
  commit(tx: Sql, records: readonly LogRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface Backlog {
  group: string;
  topic: string;
  lag: number;
}

/** A consumer group's lag on one Kafka partition (Kafka log only). */
export interface PartitionLag extends Backlog {
  partition: number;
}

/** Records written to the database outbox and not yet relayed to Kafka (Kafka log only). */
export interface OutboxState {
  records: number;
  /** Age of the oldest waiting record in seconds; null when the outbox is empty. */
  oldestAgeSeconds: number | null;
}

export interface Log {
  readonly kind: 'local' | 'kafka';
  readonly emitter: Emitter;
  consumer(group: string, topics: readonly string[]): Consumer;
  /** Records not yet consumed, per group and topic. */
  backlog(subscriptions: ReadonlyArray<{ group: string; topics: readonly string[] }>): Promise<Backlog[]>;
  /** Kafka log: the lag per group, topic and partition. */
  partitionLag?(
    subscriptions: ReadonlyArray<{ group: string; topics: readonly string[] }>,
  ): Promise<PartitionLag[]>;
  /** Kafka log: whether this process relays the outbox now ('standby': another process holds the lock). */
  relayState?(): 'off' | 'standby' | 'active';
  /** Kafka log: what waits in the outbox for the relay. */
  outbox?(): Promise<OutboxState>;
  /** Resolves when a record may have been appended since the last call (or after `ms`). */
  waitForAppend(ms: number): Promise<void>;
  close(): Promise<void>;
}
