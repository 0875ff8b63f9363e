import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PasClient } from '../../src/cli/client.ts';
import {
  type Cluster,
  demoData,
  jobCounts,
  loadDemo,
  openCluster,
  produce,
  readTopic,
  settled,
  snapshot,
  until,
} from './distributed.ts';
import { type PasProcess, startPas, tempDir } from './pas-process.ts';

const brokers = inject('kafkaBrokers');
const adminUrl = inject('pgAdminUrl');

/** One process per role, the stages twice: replicas share their consumer group. */
const ROLES = [
  'ingest,query',
  'relay',
  'stage:persist',
  'stage:positions',
  'stage:positions',
  'stage:series',
  'stage:series',
];

async function startAll(cluster: Cluster, roles: readonly string[]) {
  return Promise.all(roles.map(async (r) => ({ roles: r, ...(await cluster.start(r)) })));
}

async function kill9(proc: PasProcess): Promise<void> {
  proc.child.kill('SIGKILL');
  await proc.exited(10_000);
}

/** Resolves once the group has committed offsets (its stage is mid-run). */
const progressed = (cluster: Cluster, group: string) =>
  until(
    async () => {
      const [row] = await cluster.query<{ n: number }>(
        'SELECT coalesce(sum(next_offset), 0)::int8 AS n FROM consumer_offsets WHERE group_id = $1',
        [group],
      );
      return Number(row!.n) > 0;
    },
    120_000,
    `group ${group} to make progress`,
  );

/**
 * Issue 11 item 6: every role its own OS process (`pas start --roles …`), on the real broker and PostgreSQL,
 * the demo data set compared with embedded mode's answers: positions, transactions with their cost fields,
 * position history, both daily series, performance and risk.
 */
describe.runIf(brokers !== '' && adminUrl !== '')('distributed mode: roles as processes on Kafka', () => {
  let embedded: Record<string, unknown>;

  /** Once the load is done: embedded mode's answers, every job complete, every pending count exactly 0. */
  async function expectEmbedded(api: string, cluster: Cluster, loading: ReturnType<typeof loadDemo>) {
    const loaded = await loading;
    expect(await snapshot(api)).toEqual(embedded);
    // Exact counts: a record consumed twice would leave a negative pending count.
    expect(await jobCounts(cluster)).toEqual({
      jobs: loaded.jobs,
      complete: loaded.jobs,
      nonZeroPending: 0,
    });
  }

  beforeAll(async () => {
    const dir = tempDir('embedded-ref');
    const server = await startPas(dir);
    try {
      await loadDemo(server.url);
      embedded = await snapshot(server.url);
    } finally {
      await server.proc.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  describe('on the shared broker', () => {
    let cluster: Cluster;
    let api: string;
    beforeAll(async () => {
      cluster = await openCluster(adminUrl, brokers);
    });
    afterAll(async () => {
      await cluster?.close();
    });

    it('two positions and two series processes sharing their groups give embedded mode’s results, through kill -9 of a positions, a series and the relay process mid-run and their restarts; every job completes once', async () => {
      const procs = await startAll(cluster, ROLES);
      api = procs[0]!.url;
      const loading = loadDemo(api);
      await progressed(cluster, 'positions');
      const victims = [procs[1]!, procs[3]!, procs[5]!]; // relay, one stage:positions, one stage:series
      await Promise.all(victims.map((v) => kill9(v.proc)));
      const atKill = await jobCounts(cluster);
      expect(atKill.complete).toBeLessThan(atKill.jobs); // mid-run
      await startAll(
        cluster,
        victims.map((v) => v.roles),
      );
      await expectEmbedded(api, cluster, loading);
    }, 600_000);

    it('duplicate and out-of-order records injected into the topics change nothing', async () => {
      const data = demoData();
      const topic = `${cluster.prefix}raw_transactions`;
      const relayed = await readTopic(brokers, topic, data.transactions.length);
      expect(relayed).toHaveLength(data.transactions.length);
      // Every transaction again, newest first, as another producer would send them (no job of ours).
      await produce(
        brokers,
        topic,
        relayed.reverse().map((r) => ({ ...r, headers: '{}' })),
      );
      const prices = await readTopic(brokers, `${cluster.prefix}market_prices`, 500);
      await produce(
        brokers,
        `${cluster.prefix}market_prices`,
        prices.reverse().map((r) => ({ ...r, headers: '{}' })),
      );
      await until(() => settled(api), 180_000, 'the injected records to be consumed');
      expect(await snapshot(api)).toEqual(embedded);
      expect((await jobCounts(cluster)).nonZeroPending).toBe(0);
    }, 300_000);

    it('a poison record is quarantined and the records behind it on its partition flow', async () => {
      const data = demoData();
      const client = new PasClient(api);
      const portfolio = { ...data.portfolios[0]!, portfolio_id: 'P_POISON' };
      await client.waitForJob((await client.ingestRecords('portfolios', [portfolio])).job_id, 60_000);
      const relayed = await readTopic(brokers, `${cluster.prefix}raw_transactions`, data.transactions.length);
      const deposit = relayed
        .map((r) => JSON.parse(r.value) as Record<string, unknown>)
        .find((t) => t.transaction_type === 'DEPOSIT')!;
      const as = (id: string, extra: Record<string, unknown> = {}) => ({
        key: 'P_POISON',
        value: JSON.stringify({ ...deposit, portfolio_id: 'P_POISON', transaction_id: id, ...extra }),
        headers: '{}',
      });
      // Same Kafka key, so same partition: the poison first (a date PostgreSQL refuses; its key, on another
      // instrument, is blocked), a good deposit behind it.
      await produce(brokers, `${cluster.prefix}raw_transactions`, [
        as('P_POISON-BAD', { security_id: 'SEC_AAPL_US', transaction_date: '9999-12-31T23:00:00-05:00' }),
        as('P_POISON-OK'),
      ]);
      const cash = async () => {
        const r = await fetch(`${api}/portfolios/P_POISON/positions`);
        const body = (await r.json()) as { positions?: Array<{ security_id: string; quantity: string }> };
        return (body.positions ?? []).find((p) => p.security_id === deposit.security_id);
      };
      await until(async () => (await cash()) !== undefined, 90_000, 'the good deposit behind the poison');
      expect((await cash())!.quantity).toBe(deposit.quantity);
      // The poison is retried with back-off before it is quarantined: the deposit may well be through first.
      const quarantine = async () =>
        (
          (await (await fetch(`${api}/quarantine?portfolio_id=P_POISON`)).json()) as {
            items: Array<{ status: string; security_id: string | null }>;
          }
        ).items;
      await until(async () => (await quarantine()).length > 0, 90_000, 'the poison record to be quarantined');
      const items = await quarantine();
      expect(items.length).toBeGreaterThan(0);
      for (const item of items) {
        expect(item).toMatchObject({ status: 'QUARANTINED', security_id: 'SEC_AAPL_US' });
      }
      // The demo's portfolios are untouched.
      expect(await snapshot(api)).toEqual(embedded);
    }, 300_000);
  });

  it('a broker restart mid-run (stop, 20 s, start) heals by itself and finishes identically', async () => {
    // A broker of its own: the shared one must stay up for the other suites.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-kafka-restart-'));
    const script = path.resolve('infra/kafka/broker.sh');
    const broker = (cmd: 'start' | 'stop') => {
      const run = spawnSync('bash', [script, cmd, dir], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`broker.sh ${cmd}: ${run.stderr}`);
      return run.stdout.trim().split('\n').pop()!;
    };
    const address = broker('start');
    const cluster = await openCluster(adminUrl, address);
    try {
      const procs = await startAll(cluster, [
        'ingest,query',
        'relay',
        'stage:persist',
        'stage:positions',
        'stage:series',
      ]);
      const api = procs[0]!.url;
      const loading = loadDemo(api);
      await progressed(cluster, 'persist');
      broker('stop');
      await new Promise((r) => setTimeout(r, 20_000));
      broker('start');
      await expectEmbedded(api, cluster, loading);
      for (const p of procs) expect(p.proc.child.exitCode).toBeNull(); // nobody had to be restarted
    } finally {
      await cluster.close();
      spawnSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
