import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface KafkaBroker {
  /** Bootstrap address, host:port. */
  brokers: string;
  stop(): Promise<void>;
}

/**
 * The broker the Kafka suites run against: PAS_TEST_KAFKA_BROKERS when set (.ci/run starts one), else a
 * throwaway broker from infra/kafka/broker.sh when KAFKA_TEST=1 or on CI (Java 17 and Maven needed), else
 * none: the Kafka variants are left out. Not KAFKA_BROKERS: that one switches the product to the Kafka log.
 */
export async function ensureKafka(): Promise<KafkaBroker | undefined> {
  const given = process.env.PAS_TEST_KAFKA_BROKERS;
  if (given) return { brokers: given, stop: async () => {} };
  if (process.env.KAFKA_TEST !== '1' && !process.env.CI) return undefined;
  return startKafkaBroker();
}

/** A throwaway broker of its own (Java 17 and Maven needed), for tests that stop it. */
export async function startKafkaBroker(): Promise<KafkaBroker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-kafkatest-'));
  const script = path.resolve('infra/kafka/broker.sh');
  const { stdout } = await promisify(execFile)('bash', [script, 'start', dir], { encoding: 'utf8' });
  return {
    brokers: stdout.trim().split('\n').pop()!,
    async stop() {
      spawnSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
