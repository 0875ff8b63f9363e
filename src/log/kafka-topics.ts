import { Admin } from '@platformatic/kafka';

/**
 * Kafka names of the log's topics. Raw topics keep the original system's names, so its producers and tools
 * find them (`raw_instruments` was `instruments` there, and so on); change events keep their names, which say
 * what changed. Any other topic (tests use their own) passes through. Only the Kafka adapter uses these names:
 * the outbox, the consumer offsets in the database and every stage keep the log's own names.
 */
const KAFKA_NAMES: Readonly<Record<string, string>> = {
  raw_instruments: 'instruments',
  raw_market_prices: 'market_prices',
  raw_fx_rates: 'fx_rates',
};
const LOG_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(KAFKA_NAMES).map(([log, kafka]) => [kafka, log]),
);

/**
 * Maps log topics to Kafka topics and back, and stage names to Kafka consumer group ids; `prefix`
 * (PAS_KAFKA_TOPIC_PREFIX) lets systems share a cluster. The groups carry it too: two systems whose `series`
 * stages joined one group `series` would be handed each other's partitions, and each would wait forever for
 * records it is never assigned.
 */
export interface TopicNames {
  toKafka(topic: string): string;
  fromKafka(topic: string): string;
  group(stage: string): string;
}

export function topicNames(prefix = ''): TopicNames {
  return {
    toKafka: (topic) => prefix + (KAFKA_NAMES[topic] ?? topic),
    fromKafka: (topic) => {
      const bare = topic.startsWith(prefix) ? topic.slice(prefix.length) : topic;
      return LOG_NAMES[bare] ?? bare;
    },
    group: (stage) => prefix + stage,
  };
}

export interface EnsuredTopics {
  /** Kafka names of the topics this call created. */
  created: string[];
  /** Kafka names of the topics that were there already (their partitions are left as they are). */
  existing: string[];
}

/**
 * Creates the Kafka topics of `topics` (log names) that do not exist, with `partitions` partitions each, and
 * waits until every partition has a leader. Idempotent: existing topics are reported, never changed. The
 * broker does not create topics on first use (a relay sending to a missing topic would stall), so this runs
 * before anything produces (`pas kafka init`).
 */
export async function ensureTopics(options: {
  brokers: readonly string[];
  topics: readonly string[];
  partitions: number;
  prefix?: string;
  clientId?: string;
}): Promise<EnsuredTopics> {
  const names = topicNames(options.prefix);
  const wanted = [...new Set(options.topics.map(names.toKafka))].sort();
  const admin = new Admin({
    clientId: options.clientId ?? 'pas-admin',
    bootstrapBrokers: [...options.brokers],
    retries: 3,
  });
  try {
    const present = new Set(await admin.listTopics({ includeInternals: false }));
    const missing = wanted.filter((t) => !present.has(t));
    if (missing.length > 0) {
      try {
        await admin.createTopics({ topics: missing, partitions: options.partitions, replicas: 1 });
      } catch (error) {
        // Another process may have created some meanwhile: only a topic still missing is a failure.
        const now = new Set(await admin.listTopics({ includeInternals: false }));
        if (missing.some((t) => !now.has(t))) throw error;
      }
      for (;;) {
        const md = await admin.metadata({ topics: missing, forceUpdate: true });
        if (missing.every((t) => md.topics.get(t)?.partitions.every((p) => p.leader >= 0))) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return { created: missing, existing: wanted.filter((t) => present.has(t)) };
  } finally {
    await admin.close();
  }
}
