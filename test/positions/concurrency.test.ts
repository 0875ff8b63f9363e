import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/app/config.ts';
import { createSystem, type System } from '../../src/app/system.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { derivedRows, POSITION_TABLES } from '../support/derived-rows.ts';
import { fxRate, instrument, portfolio, raw, transaction } from '../support/persist-harness.ts';
import { PGADMIN_URL, stores } from '../support/stores.ts';

const PORTFOLIOS = ['P1', 'P2'];
const SECURITIES = ['AAPL', 'MSFT', 'SAP'];

/** 2 portfolios × 3 securities, 30 transactions each, arriving newest first so most of them are back-dated. */
function records() {
  const out = [
    ...PORTFOLIOS.map((id) => raw.portfolio(portfolio({ portfolio_id: id }))),
    ...SECURITIES.map((id) =>
      raw.instrument(instrument({ security_id: id, currency: id === 'SAP' ? 'EUR' : 'USD' })),
    ),
    raw.fx(fxRate({ rate_date: '2024-01-01', rate: '1.1' })),
  ];
  const trades = [];
  for (const p of PORTFOLIOS) {
    for (const s of SECURITIES) {
      for (let i = 0; i < 30; i++) {
        const sell = i % 3 === 2;
        trades.push(
          raw.transaction(
            transaction({
              transaction_id: `${p}-${s}-${i}`,
              portfolio_id: p,
              security_id: s,
              instrument_id: s,
              transaction_date: new Date(Date.parse('2024-01-02T10:00:00Z') + i * 86_400_000).toISOString(),
              transaction_type: sell ? 'SELL' : 'BUY',
              quantity: sell ? '5' : '10',
              price: String(100 + i),
              gross_transaction_amount: String((sell ? 5 : 10) * (100 + i)),
              trade_currency: s === 'SAP' ? 'EUR' : 'USD',
              currency: s === 'SAP' ? 'EUR' : 'USD',
              trade_fee: '1',
            }),
          ),
        );
      }
    }
  }
  return [...out, ...trades.reverse()];
}

async function ingest(system: System, batch: ReturnType<typeof records>, n: number): Promise<string> {
  return system.db.transaction(async (tx) => {
    const job = await system.ledger.create(tx, {
      endpoint: '/test',
      entity_type: 'test',
      accepted_count: batch.length,
      request_hash: `job-${n}`,
      correlation_id: `corr-${n}`,
    });
    await system.ledger.emit(
      tx,
      batch.map((r) => ({ ...r, headers: { job_ids: [job], correlation_id: `corr-${n}` } })),
    );
    return job;
  });
}

const quiet = pino({ level: 'silent' });
const adminUrl = PGADMIN_URL();

/**
 * Two processes on one PostgreSQL database, both running every stage in small batches: they race for the same
 * batches (the offset compare-and-set lets one commit) and for the same keys (the key row lock serialises
 * them). The result is what one process alone derives.
 */
describe.runIf(adminUrl)('two processes on one PostgreSQL database', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('derive the same positions as one process, with no deadlock and every job complete', async () => {
    const all = records();
    // One process alone.
    const alone = await createSystem(loadConfig({}, {}), {
      db: await stores()
        .find((s) => s.kind === 'pglite')!
        .open(),
      runStages: false,
      logger: quiet,
    });
    cleanup.push(() => alone.close());
    await ingest(alone, all, 0);
    await alone.runner.drain();
    const expected = await derivedRows(alone.db, POSITION_TABLES);

    // Two processes sharing a fresh database.
    const name = `pas_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    cleanup.push(async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const config = loadConfig({}, { stageBatchSize: 7, stageIdleMs: 5 });
    const systems: System[] = [];
    for (let i = 0; i < 2; i++) {
      const db = await openPostgres(url.toString(), 4);
      if (i === 0) await migrate(db);
      const system = await createSystem(config, { db, logger: quiet });
      systems.push(system);
      cleanup.push(() => system.close());
    }
    const jobs: string[] = [];
    for (let at = 0, n = 1; at < all.length; at += 12, n++) {
      jobs.push(await ingest(systems[n % 2]!, all.slice(at, at + 12), n));
    }
    await systems[0]!.waitForJobs(jobs, 60_000);
    const [open] = await systems[0]!.db.query<{ n: number }>(
      // Sells may arrive before their buys: a job can end while its key is still (briefly) oversold.
      `SELECT count(*)::int8 AS n FROM ingestion_jobs WHERE status NOT IN ('complete', 'complete_with_problems')`,
    );
    expect(open?.n).toBe(0);
    expect(await derivedRows(systems[0]!.db, POSITION_TABLES)).toEqual(expected);
    const failures = systems.map((s) => s.metrics.stageFailures.get());
    for (const f of await Promise.all(failures))
      expect(f.values.reduce((sum, v) => sum + v.value, 0)).toBe(0);
  });
});
