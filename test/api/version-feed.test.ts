import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { loadConfig } from '../../src/app/config.ts';
import { createSystem, type System } from '../../src/app/system.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPostgres } from '../../src/store/postgres.ts';
import { VERSION_CHANNEL } from '../../src/store/version-feed.ts';
import { cash, instrumentRecord, on, portfolioRecord, trade } from '../positions/positions-harness.ts';
import { freshDatabase, PGADMIN_URL } from '../support/stores.ts';

/**
 * Issue 11 item 7: a query-only process on PostgreSQL serves kept answers without reading the answer versions,
 * trusting the database's notifications of version changes (migration 0016, src/store/version-feed.ts). Here
 * one system writes (ingest + stages, as the pipeline's processes do) and another answers (roles: query) on
 * the same database; the answering one's versions reads are counted.
 */
const adminUrl = PGADMIN_URL();
const quiet = pino({ level: 'silent' });

const deposit = (id: string, portfolio: string, date: string, amount: string) =>
  trade(id, 'DEPOSIT', date, amount, '1', { ...on('CASH_USD'), portfolio_id: portfolio });

const until = async (what: string, check: () => Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe.runIf(adminUrl)('the answer version feed of a query-only process', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let writer: System;
  let writerApi: FastifyInstance;
  let reader: System;
  let readerApi: FastifyInstance;
  let listener: pg.Client;
  const told: string[] = [];
  let versionReads = 0;

  const ingest = async (bundle: Record<string, unknown>) => {
    const res = await writerApi.inject({ method: 'POST', url: '/ingest/portfolio-bundle', payload: bundle });
    expect(res.statusCode, res.body).toBe(202);
    await writer.runner.drain();
  };
  /** Resolves once this test's own LISTEN was told of a change to `scope`: the reader's was told at the same time. */
  const notified = async (scope: string) => {
    await until(`a notification naming ${scope}`, async () =>
      told.some((payload) => payload.split(',').includes(scope)),
    );
    // The reader's connection got the same message; give its event loop a moment to read it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    told.length = 0;
  };
  const positions = (portfolio: string, headers: Record<string, string> = {}) =>
    readerApi.inject({ method: 'GET', url: `/portfolios/${portfolio}/positions`, headers });

  beforeAll(async () => {
    database = await freshDatabase(adminUrl);
    const writerDb = await openPostgres(database.url, 4);
    await migrate(writerDb);
    writer = await createSystem(loadConfig({}, {}), { db: writerDb, runStages: false, logger: quiet });
    writerApi = await buildApi(writer);

    const readerDb = await openPostgres(database.url, 4);
    const counting: Db = {
      ...readerDb,
      query(text, params) {
        if (text.includes('FROM answer_versions')) versionReads++;
        return readerDb.query(text, params);
      },
    };
    reader = await createSystem(loadConfig({ DATABASE_URL: database.url, PAS_ROLES: 'query' }, {}), {
      db: counting,
      logger: quiet,
    });
    readerApi = await buildApi(reader);

    listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    listener.on('notification', (m) => told.push(m.payload ?? ''));
    await listener.query(`LISTEN ${VERSION_CHANNEL}`);

    await ingest({
      // With GLOBAL business dates a portfolio's default as-of date is not moved by another's transactions.
      business_dates: ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'].map((d) => ({
        business_date: d,
      })),
      portfolios: [portfolioRecord('P1'), portfolioRecord('P2')],
      instruments: [instrumentRecord('AAPL'), cash],
      transactions: [deposit('D1', 'P1', '2024-01-02', '10000'), deposit('D2', 'P2', '2024-01-02', '500')],
    });
    await notified('P:P1');
  });
  afterAll(async () => {
    await listener?.end();
    await readerApi?.close();
    await reader?.close();
    await writerApi?.close();
    await writer?.close();
    await database?.drop();
  });

  it('serves a kept answer again without reading the versions', async () => {
    const first = await positions('P1');
    expect(first.statusCode, first.body).toBe(200);
    const reads = versionReads;
    const second = await positions('P1');
    expect(second.body).toBe(first.body);
    expect(versionReads).toBe(reads);
  });

  it('Cache-Control: no-cache reads the versions, and the answer is the same', async () => {
    const first = await positions('P1');
    const reads = versionReads;
    const checked = await positions('P1', { 'cache-control': 'no-cache' });
    expect(checked.body).toBe(first.body);
    expect(versionReads).toBe(reads + 1);
  });

  it("another portfolio's write costs no versions read; a write to this one is answered once it is told", async () => {
    const before = await positions('P1');
    await ingest({ transactions: [deposit('D3', 'P2', '2024-01-03', '7')] });
    await notified('P:P2');
    let reads = versionReads;
    expect((await positions('P1')).body).toBe(before.body);
    expect(versionReads).toBe(reads);

    await ingest({ transactions: [deposit('D4', 'P1', '2024-01-03', '2500')] });
    await notified('P:P1');
    reads = versionReads;
    const after = await positions('P1');
    expect(versionReads).toBe(reads + 1);
    expect(after.body).not.toBe(before.body);
    // The writer reads its versions on every request: its answer is the current one.
    const current = await writerApi.inject({ method: 'GET', url: '/portfolios/P1/positions' });
    expect(after.body).toBe(current.body);
  });

  it('a lost feed connection: answers read the versions until it listens again, and miss no write', async () => {
    const before = await positions('P1');
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const [killed] = (
      await admin.query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND query = $1 AND pid <> $2`,
        [`LISTEN ${VERSION_CHANNEL}`, (listener as unknown as { processID: number }).processID],
      )
    ).rows;
    await admin.end();
    expect(killed?.n).toBe(1);
    // While it is down (and once it is back), a write is not missed.
    await ingest({ transactions: [deposit('D5', 'P1', '2024-01-04', '1')] });
    let reads = versionReads;
    const after = await positions('P1');
    expect(after.body).not.toBe(before.body);
    expect(versionReads).toBe(reads + 1);
    // It listens again within a few seconds: then a kept answer is served without a read once more.
    await until('the feed listening again', async () => {
      reads = versionReads;
      await positions('P1');
      await positions('P1');
      return versionReads - reads <= 1;
    });
    reads = versionReads;
    expect((await positions('P1')).body).toBe(after.body);
    expect(versionReads).toBe(reads);
  });

  it('a commit that moves many portfolios names each of them, in messages under 8,000 bytes', async () => {
    const ids = Array.from(
      { length: 400 },
      (_, i) => `PORTFOLIO-WITH-A-LONG-IDENTIFIER-${String(i).padStart(5, '0')}`,
    );
    told.length = 0;
    await ingest({ portfolios: ids.map((id) => portfolioRecord(id)) });
    await until('every portfolio named', async () => {
      const named = new Set(told.flatMap((payload) => payload.split(',')));
      return ids.every((id) => named.has(`P:${id}`));
    });
    expect(told.length).toBeGreaterThan(1);
    for (const payload of told) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
  });
});
