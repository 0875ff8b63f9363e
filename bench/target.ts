import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/app/config.ts';
import { TOPICS } from '../src/engine/topics.ts';
import { ensureTopics } from '../src/log/kafka-topics.ts';

export type Mode = 'embedded' | 'postgres' | 'kafka';
export const MODES: readonly Mode[] = ['embedded', 'postgres', 'kafka'];

/** Where one workload runs: a fresh store (and on Kafka fresh topics), removed again by dispose(). */
export interface Target {
  /** Config overrides: dataDir (embedded), databaseUrl (postgres, kafka), brokers and topic prefix (kafka). */
  config: { dataDir?: string; databaseUrl?: string; kafkaBrokers?: string[]; kafkaTopicPrefix?: string };
  dispose(): Promise<void>;
}

/** A Kafka broker: KAFKA_BROKERS, else a throwaway single-node broker (infra/kafka/broker.sh; Java 17, Maven). */
export interface KafkaServer {
  brokers: string[];
  source: string;
  stop(): Promise<void>;
}

const brokerScript = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'infra',
  'kafka',
  'broker.sh',
);

export async function kafkaServer(): Promise<KafkaServer> {
  const given = process.env.KAFKA_BROKERS;
  if (given) return { brokers: given.split(','), source: 'KAFKA_BROKERS', stop: async () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-bench-kafka-'));
  const out = execFileSync('bash', [brokerScript, 'start', dir], { encoding: 'utf8' }).trim().split('\n');
  return {
    brokers: [out[out.length - 1]!],
    source: 'throwaway broker (infra/kafka/broker.sh)',
    async stop() {
      execFileSync('bash', [brokerScript, 'stop', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL server to create databases on: DATABASE_URL, else a throwaway cluster (scripts/pg-throwaway.sh). */
export interface PgServer {
  adminUrl: string;
  /** 'DATABASE_URL' or 'throwaway cluster'. */
  source: string;
  stop(): Promise<void>;
}

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'pg-throwaway.sh');

export async function pgServer(): Promise<PgServer> {
  const url = process.env.DATABASE_URL;
  if (url) return { adminUrl: url, source: 'DATABASE_URL', stop: async () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-bench-pg-'));
  fs.chmodSync(dir, 0o777);
  const out = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8' }).trim().split('\n');
  return {
    adminUrl: out[out.length - 1]!,
    source: 'throwaway cluster (scripts/pg-throwaway.sh)',
    async stop() {
      execFileSync('bash', [script, 'stop', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function openTarget(
  mode: Mode,
  server: PgServer | undefined,
  kafka?: KafkaServer,
): Promise<Target> {
  if (mode === 'embedded') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-bench-'));
    return {
      config: { dataDir },
      async dispose() {
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!server) throw new Error(`${mode} mode needs a PostgreSQL server`);
  const name = `pas_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(server.adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  let topics: Pick<Target['config'], 'kafkaBrokers' | 'kafkaTopicPrefix'> = {};
  if (mode === 'kafka') {
    if (!kafka) throw new Error('kafka mode needs a broker');
    // Fresh topics per workload, as `pas kafka init` creates them (PAS_KAFKA_PARTITIONS, default 12).
    const prefix = `${name}.`;
    await ensureTopics({
      brokers: kafka.brokers,
      topics: Object.values(TOPICS),
      partitions: loadConfig().kafkaPartitions,
      prefix,
    });
    topics = { kafkaBrokers: kafka.brokers, kafkaTopicPrefix: prefix };
  }
  return {
    config: { databaseUrl: url.toString(), ...topics },
    async dispose() {
      await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
