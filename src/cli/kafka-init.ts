import { loadConfig } from '../app/config.ts';
import { TOPICS } from '../engine/topics.ts';
import { ensureTopics } from '../log/kafka-topics.ts';
import { UserError } from './errors.ts';

/**
 * `pas kafka init`: creates the Kafka topics that are missing, with PAS_KAFKA_PARTITIONS partitions, and says
 * which existed. Safe to run again (and before every deployment): existing topics are left as they are.
 */
export async function runKafkaInit(
  env: Record<string, string | undefined> = process.env,
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<void> {
  const config = loadConfig(env);
  if (config.kafkaBrokers.length === 0) {
    throw new UserError('kafka init: set KAFKA_BROKERS (host:port, comma-separated)');
  }
  const { created, existing } = await ensureTopics({
    brokers: config.kafkaBrokers,
    topics: Object.values(TOPICS),
    partitions: config.kafkaPartitions,
    prefix: config.kafkaTopicPrefix,
  });
  out(
    created.length === 0
      ? 'pas kafka init: created no topic'
      : `pas kafka init: created ${created.join(', ')} (${config.kafkaPartitions} partitions each)`,
  );
  if (existing.length > 0) out(`pas kafka init: already present ${existing.join(', ')}`);
}
