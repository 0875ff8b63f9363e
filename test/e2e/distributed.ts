import { randomBytes } from 'node:crypto';
import {
  compatibilityPartitioner,
  Consumer as KafkaConsumer,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
} from '@platformatic/kafka';
import { PasClient } from '../../src/cli/client.ts';
import { ingestDemo } from '../../src/cli/demo.ts';
import { type DemoDataSet, generateDemo } from '../../src/domain/demo/generate.ts';
import { TOPICS } from '../../src/engine/topics.ts';
import { ensureTopics } from '../../src/log/kafka-topics.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { freshDatabase } from '../support/stores.ts';
import { childEnv, type PasProcess, runPas } from './pas-process.ts';

/**
 * The distributed mode as a user runs it: one database, one topic prefix, and `pas start --roles …` as separate
 * OS processes (bin/pas.mjs), on the real broker and PostgreSQL. Also the demo data set and a snapshot of the
 * answers the fault suites compare with embedded mode's.
 */

/** The demo the fault suites load: small, so every scenario stays within seconds; a fixed end date. */
export const DEMO = { seed: 7, portfolios: 2, years: 1, endDate: '2026-12-04' } as const;
export const demoData = (): DemoDataSet => generateDemo(DEMO);

const quiet = { start() {}, update() {}, stop() {} };

/** Ingests the demo through the API at `url` and waits for every job (throws if one fails). */
export async function loadDemo(url: string, data = demoData()) {
  return ingestDemo(new PasClient(url), data, quiet);
}

export interface Cluster {
  databaseUrl: string;
  prefix: string;
  brokers: string;
  /** Starts `pas start --roles <roles>` and waits for its ready line; returns the process and its URL. */
  start(roles: string): Promise<{ proc: PasProcess; url: string }>;
  /** Runs a query on the cluster's database. */
  query<T extends Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Stops every process still running (SIGTERM), drops the database. */
  close(): Promise<void>;
}

/** A fresh database (migrated) and topic prefix (topics created, as `pas migrate` and `pas kafka init` do). */
export async function openCluster(adminUrl: string, brokers: string, partitions = 4): Promise<Cluster> {
  const id = randomBytes(4).toString('hex');
  const { url: databaseUrl, drop } = await freshDatabase(adminUrl, 'pas_dist');
  const db = await openPostgres(databaseUrl, 2);
  await migrate(db);
  const prefix = `dist${id}.`;
  await ensureTopics({ brokers: brokers.split(','), topics: Object.values(TOPICS), partitions, prefix });
  const procs: PasProcess[] = [];
  return {
    databaseUrl,
    prefix,
    brokers,
    async start(roles) {
      const proc = runPas(
        ['start', '--roles', roles, '--port', '0', '--query-port', '0'],
        childEnv({
          DATABASE_URL: databaseUrl,
          KAFKA_BROKERS: brokers,
          PAS_KAFKA_TOPIC_PREFIX: prefix,
          PAS_STAGE_IDLE_MS: '20',
        }),
      );
      procs.push(proc);
      return { proc, url: await proc.ready(90_000) };
    },
    query: (text, params) => db.query(text, params),
    async close() {
      await Promise.allSettled(procs.map((p) => p.stop()));
      await db.close();
      await drop();
    },
  };
}

/** Resolves once `probe` is true, polling; throws after `ms`. */
export async function until(probe: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Fields that say when or in which order something was written, not what: left out of the comparison. */
const VOLATILE = /(^|_)(at|epoch|job_id|correlation_id|updated|created)$|^epoch/;

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.test(k))
        .map(([k, v]) => [k, stable(v)]),
    );
  }
  return value;
}

async function call(url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(
    url,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}: ${await response.text()}`);
  return response.json();
}

/**
 * What a user sees of the demo's portfolios: positions, transactions with their cost fields, position
 * history, the portfolio and every position's daily series, performance and risk answers.
 */
export async function snapshot(base: string, data = demoData()): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const { portfolio_id: id } of data.portfolios) {
    const p = `${base}/portfolios/${id}`;
    const positions = (await call(`${p}/positions`)) as { positions: Array<{ security_id: string }> };
    out[`${id} positions`] = positions;
    out[`${id} transactions`] = await call(
      `${p}/transactions?limit=1000&sort_by=transaction_date&sort_order=asc`,
    );
    for (const { security_id: s } of positions.positions) {
      out[`${id} ${s} history`] = await call(`${p}/position-history?security_id=${s}`);
      out[`${id} ${s} series`] = await call(`${p}/positions/${s}/timeseries`);
    }
    out[`${id} series`] = await call(`${p}/timeseries`);
    out[`${id} performance`] = await call(`${p}/performance`, { periods: [{ type: 'SI' }, { type: 'YTD' }] });
    out[`${id} risk`] = await call(`${p}/risk`, { periods: [{ type: 'SI' }] });
  }
  return stable(out) as Record<string, unknown>;
}

/** Every job complete, and every pending count exactly zero: nothing consumed twice, nothing left. */
export async function jobCounts(cluster: Cluster) {
  const [row] = await cluster.query<{ jobs: number; complete: number; off: number }>(
    `SELECT (SELECT count(*)::int8 FROM ingestion_jobs) AS jobs,
            (SELECT count(*)::int8 FROM ingestion_jobs WHERE status = 'complete') AS complete,
            (SELECT count(*)::int8 FROM job_pending WHERE pending <> 0) AS off`,
  );
  return { jobs: Number(row!.jobs), complete: Number(row!.complete), nonZeroPending: Number(row!.off) };
}

/** Sum of a gauge (every label set) on a process's /metrics. */
export async function gaugeSum(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.split(' ').at(-1));
  }
  return sum;
}

/** Nothing left anywhere: the outbox is relayed and every group has consumed everything (per `url`'s /metrics). */
export async function settled(url: string): Promise<boolean> {
  return (
    (await gaugeSum(url, 'pas_relay_backlog_records')) === 0 &&
    (await gaugeSum(url, 'pas_log_backlog_records')) === 0
  );
}

export interface RawRecord {
  key: string;
  value: string;
  /** The `pas` header (JSON of the log's record headers). */
  headers: string;
}

/** Reads the first `n` records of a Kafka topic (every partition, from the beginning). */
export async function readTopic(brokers: string, topic: string, n: number): Promise<RawRecord[]> {
  const consumer = new KafkaConsumer({
    clientId: 'pas-test-reader',
    groupId: `pas-test-reader-${randomBytes(4).toString('hex')}`,
    bootstrapBrokers: brokers.split(','),
    deserializers: stringDeserializers,
  });
  try {
    const stream = await consumer.consume({
      topics: [topic],
      mode: MessagesStreamModes.EARLIEST,
      autocommit: false,
      maxWaitTime: 100,
    });
    const out: RawRecord[] = [];
    for await (const msg of stream) {
      out.push({ key: msg.key, value: msg.value, headers: msg.headers.get('pas') ?? '{}' });
      if (out.length >= n) break;
    }
    await stream.close();
    return out;
  } finally {
    await consumer.close();
  }
}

/** Produces records straight to a Kafka topic, as another system's producer would (no outbox header). */
export async function produce(brokers: string, topic: string, records: readonly RawRecord[]): Promise<void> {
  const producer = new Producer<string, string, string, string>({
    clientId: 'pas-test-injector',
    bootstrapBrokers: brokers.split(','),
    serializers: stringSerializers,
    partitioner: compatibilityPartitioner,
  });
  try {
    await producer.send({
      messages: records.map((r) => ({
        topic,
        key: r.key,
        value: r.value,
        headers: new Map([['pas', r.headers]]),
      })),
    });
  } finally {
    await producer.close();
  }
}
