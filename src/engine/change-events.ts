import type { OutgoingRecord, RecordHeaders } from '../log/log.ts';
import type { Topic, TopicPayloads } from './topics.ts';

/** The records behind a change: their jobs wait for the event, their correlation id travels with it. */
export interface Contributor {
  jobIds: readonly string[];
  correlationId: string | undefined;
  /** Position in the batch; the earliest contributor gives the event its correlation id. */
  order: number;
}

/** The topics whose events say what changed. */
export type ChangeTopic = Extract<Topic, `${string}_changed`>;

/**
 * A change event: its value is its topic's payload. `from_date` (earliest), `to_date` (latest), `reason` and
 * `security_ids` (a union) merge; every other field identifies what changed.
 */
export type Change = {
  [T in ChangeTopic]: {
    topic: T;
    key: string;
    value: TopicPayloads[T];
    /** Epoch of the key the change was produced under; merged changes carry the highest (headers.epoch). */
    epoch?: number;
  };
}[ChangeTopic];

/** The fields of a change value that merge, and the rest that identify it. */
type Mergeable = {
  from_date?: string;
  to_date?: string;
  reason?: 'ingest' | 'reprocess';
  security_ids?: string[];
} & Record<string, unknown>;

interface Pending {
  change: { topic: ChangeTopic; key: string; value: Mergeable; epoch?: number };
  /** The union of security_ids while merging (null: every security); written into the value by records(). */
  securities: Set<string> | null;
  jobIds: Set<string>;
  first: Contributor;
}

const MERGED = new Set(['from_date', 'to_date', 'reason', 'security_ids']);

/**
 * Coalesces the changes of one batch: one event per topic and identity, from the earliest date touched.
 * Each event's job_ids are only the jobs of the records that contributed to it, so a job never waits on work
 * that another job's records caused.
 */
export class ChangeEvents {
  private readonly pending = new Map<string, Pending>();

  add(typed: Change, by: Contributor): void {
    const change: Pending['change'] = typed;
    const identity = Object.entries(change.value)
      .filter(([k]) => !MERGED.has(k))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const id = JSON.stringify([change.topic, change.key, identity]);
    const seen = this.pending.get(id);
    if (!seen) {
      this.pending.set(id, {
        change: { ...change, value: { ...change.value } },
        securities: change.value.security_ids === undefined ? null : new Set(change.value.security_ids),
        jobIds: new Set(by.jobIds),
        first: by,
      });
      return;
    }
    const value = seen.change.value;
    if (
      change.value.from_date !== undefined &&
      (value.from_date === undefined || change.value.from_date < value.from_date)
    ) {
      value.from_date = change.value.from_date;
    }
    // A requested rebuild is the stronger reason: it must not be lost to an ingest change of the same key.
    if (change.value.reason === 'reprocess') value.reason = 'reprocess';
    // A change without to_date reaches every later day, so the merge has none as soon as one has none.
    if (value.to_date !== undefined) {
      if (change.value.to_date === undefined) delete value.to_date;
      else if (change.value.to_date > value.to_date) value.to_date = change.value.to_date;
    }
    // A change without security_ids covers every security, so the union is "all" as soon as one has none.
    if (seen.securities !== null) {
      if (change.value.security_ids === undefined) seen.securities = null;
      else for (const s of change.value.security_ids) seen.securities.add(s);
    }
    if (change.epoch !== undefined && (seen.change.epoch === undefined || change.epoch > seen.change.epoch)) {
      seen.change.epoch = change.epoch;
    }
    for (const j of by.jobIds) seen.jobIds.add(j);
    if (by.order < seen.first.order) seen.first = by;
  }

  /** The events, in a stable order (topic, key, identity). */
  records(): OutgoingRecord[] {
    return [...this.pending.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, p]) => {
        const headers: RecordHeaders = { job_ids: [...p.jobIds].sort() };
        if (p.first.correlationId !== undefined) headers.correlation_id = p.first.correlationId;
        if (p.change.epoch !== undefined) headers.epoch = p.change.epoch;
        const value = { ...p.change.value };
        if (p.securities === null) delete value.security_ids;
        else value.security_ids = [...p.securities].sort();
        return { topic: p.change.topic, key: p.change.key, value, headers };
      });
  }
}
