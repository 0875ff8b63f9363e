import { Admin } from '@platformatic/kafka';
import { describe, inject } from 'vitest';
import { logContract } from '../../test/support/log-contract.ts';
import { createKafkaLog } from './kafka-log.ts';

const brokers = inject('kafkaBrokers').split(',').filter(Boolean);

/** Creates the test's topics with one partition each: the contract's offsets are per topic. */
async function createTopics(topics: readonly string[]): Promise<void> {
  const admin = new Admin({ clientId: 'pas-test', bootstrapBrokers: brokers });
  try {
    await admin.createTopics({ topics: [...topics], partitions: 1, replicas: 1 });
    for (;;) {
      const md = await admin.metadata({ topics: [...topics], forceUpdate: true });
      if (topics.every((t) => md.topics.get(t)?.partitions.every((p) => p.leader >= 0))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await admin.close();
  }
}

// A broker runs on CI and with KAFKA_TEST=1 (test/support/kafka-broker.ts); elsewhere the suite is left out.
describe.runIf(brokers.length > 0)('on a Kafka broker', () => {
  logContract('kafka log', async (db, topics) => {
    await createTopics(topics);
    return createKafkaLog(db, { brokers });
  });
});
