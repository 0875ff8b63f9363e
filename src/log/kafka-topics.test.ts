import { randomBytes } from 'node:crypto';
import { Admin } from '@platformatic/kafka';
import { describe, expect, inject, it } from 'vitest';
import { UserError } from '../cli/errors.ts';
import { runKafkaInit } from '../cli/kafka-init.ts';
import { TOPICS } from '../engine/topics.ts';
import { topicNames } from './kafka-topics.ts';

describe('Kafka topic names', () => {
  it("gives raw topics the original's names, keeps change events, applies the prefix both ways", () => {
    const names = topicNames('acme.');
    const expected: Record<string, string> = {
      raw_portfolios: 'acme.raw_portfolios',
      raw_transactions: 'acme.raw_transactions',
      raw_instruments: 'acme.instruments',
      raw_market_prices: 'acme.market_prices',
      raw_fx_rates: 'acme.fx_rates',
      raw_business_dates: 'acme.raw_business_dates',
      transactions_changed: 'acme.transactions_changed',
      a_1234: 'acme.a_1234',
    };
    for (const [log, kafka] of Object.entries(expected)) {
      expect(names.toKafka(log)).toBe(kafka);
      expect(names.fromKafka(kafka)).toBe(log);
    }
    // Every product topic has its own Kafka topic.
    const all = Object.values(TOPICS).map(topicNames().toKafka);
    expect(new Set(all).size).toBe(all.length);
  });

  it('pas kafka init refuses to run without KAFKA_BROKERS', async () => {
    await expect(runKafkaInit({}, () => {})).rejects.toThrow(UserError);
  });
});

const brokers = inject('kafkaBrokers');

describe.runIf(brokers !== '')('pas kafka init on a Kafka broker', () => {
  it('creates every topic with its partitions once; a second run creates nothing', async () => {
    const prefix = `init${randomBytes(4).toString('hex')}.`;
    const env = { KAFKA_BROKERS: brokers, PAS_KAFKA_TOPIC_PREFIX: prefix, PAS_KAFKA_PARTITIONS: '3' };
    const wanted = Object.values(TOPICS).map(topicNames(prefix).toKafka).sort();

    const first: string[] = [];
    await runKafkaInit(env, (line) => first.push(line));
    expect(first).toEqual([`pas kafka init: created ${wanted.join(', ')} (3 partitions each)`]);

    const admin = new Admin({ clientId: 'pas-test', bootstrapBrokers: brokers.split(',') });
    try {
      const md = await admin.metadata({ topics: wanted, forceUpdate: true });
      for (const topic of wanted) expect(md.topics.get(topic)?.partitionsCount, topic).toBe(3);
      expect(wanted).toContain(`${prefix}market_prices`);
    } finally {
      await admin.close();
    }

    const second: string[] = [];
    await runKafkaInit({ ...env, PAS_KAFKA_PARTITIONS: '5' }, (line) => second.push(line));
    expect(second).toEqual([
      'pas kafka init: created no topic',
      `pas kafka init: already present ${wanted.join(', ')}`,
    ]);
  });
});
