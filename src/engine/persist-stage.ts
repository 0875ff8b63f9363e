import { contentHash } from '../domain/canonical.ts';
import { ENTITY_ORDER } from '../domain/records/specs.ts';
import type { EntityRecords, EntityType, ReprocessRequest } from '../domain/records/types.ts';
import type { LogRecord } from '../log/log.ts';
import type { Sql } from '../store/db.ts';
import { businessKeyOf, FACT_SPECS, hashedRecordOf, storedRecordOf } from '../store/fact-specs.ts';
import { upsertFacts } from '../store/facts.writer.ts';
import { transactionKeysOf } from '../store/transaction-keys.ts';
import { type Change, ChangeEvents, type ChangeTopic, type Contributor } from './change-events.ts';
import { chainsOf, type Delivered, outcomeOf } from './fact-chains.ts';
import { pacer } from './pacer.ts';
import type { Stage, StageSubject } from './stage.ts';
import { TOPICS, type TopicPayloads } from './topics.ts';
import { subscriptionOf } from './topology.ts';

export const PERSIST_GROUP = 'persist';

/** The UTC day of an instant: the date a transaction counts on. */
const utcDateOf = (instant: string) => new Date(instant).toISOString().slice(0, 10);

const transactionsChanged = (
  r: { portfolio_id: string; security_id: string },
  fromDate: string,
  reason: 'ingest' | 'reprocess',
): Change => ({
  topic: TOPICS.transactionsChanged,
  key: r.portfolio_id,
  value: { portfolio_id: r.portfolio_id, security_id: r.security_id, from_date: fromDate, reason },
});

/** A change event of one topic, its value typed by the topic (TopicPayloads). */
const change = <T extends ChangeTopic>(topic: T, key: string, value: TopicPayloads[T]) =>
  ({ topic, key, value }) as Change;

interface FactFlow<E extends EntityType> {
  topic: string;
  /**
   * The change a version of the fact stands for; a correction reports both the old and the new version's.
   * Absent for facts no stage derives anything from (benchmarks: analytics read them on demand).
   */
  changeOf?(record: EntityRecords[E]): Change;
}

const FLOWS: { readonly [E in EntityType]: FactFlow<E> } = {
  portfolio: {
    topic: TOPICS.rawPortfolios,
    changeOf: (r) => change(TOPICS.portfoliosChanged, r.portfolio_id, { portfolio_id: r.portfolio_id }),
  },
  instrument: {
    topic: TOPICS.rawInstruments,
    changeOf: (r) => change(TOPICS.instrumentsChanged, r.security_id, { security_id: r.security_id }),
  },
  transaction: {
    topic: TOPICS.rawTransactions,
    changeOf: (r) => transactionsChanged(r, utcDateOf(r.transaction_date), 'ingest'),
  },
  market_price: {
    topic: TOPICS.rawMarketPrices,
    changeOf: (r) =>
      change(TOPICS.pricesChanged, r.security_id, {
        security_id: r.security_id,
        from_date: r.price_date,
        to_date: r.price_date,
      }),
  },
  fx_rate: {
    topic: TOPICS.rawFxRates,
    changeOf: (r) =>
      change(TOPICS.fxChanged, `${r.from_currency}-${r.to_currency}`, {
        from_currency: r.from_currency,
        to_currency: r.to_currency,
        from_date: r.rate_date,
      }),
  },
  business_date: {
    topic: TOPICS.rawBusinessDates,
    changeOf: (r) =>
      change(TOPICS.businessDatesChanged, r.calendar_code, {
        calendar_code: r.calendar_code,
        from_date: r.business_date,
      }),
  },
  benchmark: { topic: TOPICS.rawBenchmarks },
  benchmark_level: { topic: TOPICS.rawBenchmarkLevels },
  benchmark_return: { topic: TOPICS.rawBenchmarkReturns },
  benchmark_composition: { topic: TOPICS.rawBenchmarkCompositions },
};

/** Reference data first; the order only matters for reading the log lines. */
const ENTITIES = ENTITY_ORDER;

interface Counts {
  inserted: number;
  corrected: number;
  unchanged: number;
}

interface Indexed {
  record: LogRecord;
  order: number;
}

const contributorOf = ({ record, order }: Indexed): Contributor => ({
  jobIds: record.headers.job_ids ?? [],
  correlationId: record.headers.correlation_id,
  order,
});

/** Log order within a topic, whatever order the batch interleaves topics and partitions in. */
const byLogOrder = (a: Indexed, b: Indexed) =>
  a.record.partition - b.record.partition || a.record.offset - b.record.offset;

async function persistEntity<E extends EntityType>(
  tx: Sql,
  entity: E,
  records: readonly Indexed[],
  events: ChangeEvents,
): Promise<Counts> {
  const spec = FACT_SPECS[entity];
  const flow: FactFlow<E> = FLOWS[entity];
  const deliveries: Delivered<EntityRecords[E]>[] = [];
  const pace = pacer();
  for (const indexed of records) {
    const record = storedRecordOf(spec, indexed.record.value);
    deliveries.push({
      ...contributorOf(indexed),
      record,
      key: businessKeyOf(spec, record),
      hash: contentHash(hashedRecordOf(spec, record)),
    });
    await pace();
  }
  const chains = chainsOf(deliveries);
  const stored = await upsertFacts(
    tx,
    spec,
    chains.map((c) =>
      c.versions.map((d) => ({ record: d.record, hash: d.hash, jobId: d.jobIds[0] ?? null })),
    ),
  );

  const counts: Counts = { inserted: 0, corrected: 0, unchanged: 0 };
  for (const chain of chains) {
    const before = stored.get(chain.key);
    const outcome = outcomeOf(chain, before?.hash);
    counts.inserted += outcome.inserted;
    counts.corrected += outcome.corrected;
    counts.unchanged += outcome.unchanged;
    const changeOf = flow.changeOf;
    if (!changeOf) continue;
    let previous = before?.record ?? undefined;
    for (const d of outcome.applied) {
      if (previous !== undefined) events.add(changeOf(previous), d);
      events.add(changeOf(d.record), d);
      previous = d.record;
    }
  }
  return counts;
}

async function reprocess(
  tx: Sql,
  requests: readonly Indexed[],
  events: ChangeEvents,
  warn: (transactionId: string) => void,
): Promise<void> {
  const idOf = (r: Indexed) => String((r.record.value as ReprocessRequest).transaction_id);
  const found = new Map((await transactionKeysOf(tx, requests.map(idOf))).map((t) => [t.transaction_id, t]));
  for (const request of requests) {
    const current = found.get(idOf(request));
    if (current) {
      events.add(
        transactionsChanged(current, utcDateOf(current.transaction_date), 'reprocess'),
        contributorOf(request),
      );
    } else {
      warn(idOf(request));
    }
  }
}

const ENTITY_OF_TOPIC = new Map(ENTITIES.map((e) => [FLOWS[e].topic as string, e]));

const factKeyOf = <E extends EntityType>(entity: E, value: unknown) =>
  businessKeyOf(FACT_SPECS[entity], storedRecordOf(FACT_SPECS[entity], value));

const textOf = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * A raw fact is about its business key; a later version of the same fact supersedes it in quarantine. Only a
 * transaction blocks a position key (its own); a price or rate quarantined stays visible as a fact.
 * A reprocess request names the transaction, which retries it.
 */
function subjectOf(record: LogRecord): StageSubject {
  const value = (record.value ?? {}) as Record<string, unknown>;
  if (record.topic === TOPICS.reprocessRequests) {
    return { subject: `transaction:${String(value.transaction_id)}`, portfolio_id: record.key };
  }
  const entity = ENTITY_OF_TOPIC.get(record.topic);
  if (entity === undefined) return { subject: `${record.topic}:${record.key}` };
  const portfolio_id = textOf(value.portfolio_id);
  const security_id = textOf(value.security_id);
  return {
    subject: `${entity}:${factKeyOf(entity, value)}`,
    portfolio_id,
    security_id,
    blocks: entity === 'transaction' && portfolio_id !== null && security_id !== null,
    supersedes: true,
  };
}

/**
 * Persists the raw facts of a batch and says what changed. Each fact is upserted by content hash: the same
 * content again changes nothing and emits nothing; another content under the same business key is a
 * correction (version + 1, the old version kept in fact_history) and its event starts from the earlier of
 * the old and new dates. Reprocess requests are answered after the facts of the batch are written.
 */
export function createPersistStage(): Stage {
  const { topics } = subscriptionOf(PERSIST_GROUP);
  return {
    group: PERSIST_GROUP,
    topics,
    subjectOf,
    async handle(ctx, batch) {
      const byTopic = new Map<string, Indexed[]>();
      batch.forEach((record, order) => {
        const list = byTopic.get(record.topic);
        if (list) list.push({ record, order });
        else byTopic.set(record.topic, [{ record, order }]);
      });

      const events = new ChangeEvents();
      const counts: Partial<Record<EntityType, Counts>> = {};
      for (const entity of ENTITIES) {
        const records = byTopic.get(FLOWS[entity].topic);
        if (records) counts[entity] = await persistEntity(ctx.tx, entity, records.sort(byLogOrder), events);
      }
      const requests = byTopic.get(TOPICS.reprocessRequests);
      if (requests) {
        await reprocess(ctx.tx, requests.sort(byLogOrder), events, (transaction_id) =>
          ctx.log.warn(
            { transaction_id },
            'reprocess request for an unknown transaction; nothing to rebuild',
          ),
        );
      }

      const out = events.records();
      ctx.emit(out);
      ctx.log.info(
        { facts: counts, reprocess_requests: requests?.length ?? 0, events: out.length },
        'persisted facts',
      );
    },
  };
}
