import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { revokeKey } from '../../src/app/api-keys.ts';
import type { AuditRow } from '../../src/store/audit.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { bearer, multipart, openSecured } from './security-harness.ts';

/** Issue 15 item 4: every write is attributable, in the audit table and in the JSON log. */

const bundle = JSON.parse(fs.readFileSync('test/fixtures/seed-bundle-slice.json', 'utf8')) as Record<
  string,
  Record<string, unknown>[]
>;
const [portfolio] = bundle.portfolios!;
const transaction = bundle.transactions![0]!;

describe.each(stores())('audit of every write ($kind)', (store) => {
  const keys: Record<string, string> = {};
  const h = forSuite(
    () => openSecured(store),
    async () => {
      keys.writer = await h.key({ name: 'writer', scopes: ['ingest', 'read'] });
      keys.admin = await h.key({ name: 'admin', scopes: ['admin'] });
    },
  );
  const keyIdOf = (key: string) => key.split('_')[1]!;

  it('records ingest, single transaction, bundle, benchmarks, upload, reprocess, quarantine retry and key changes', async () => {
    const writes: {
      url: string;
      key: string;
      action: string;
      counts: Record<string, number>;
      inject: object;
    }[] = [
      {
        url: '/ingest/portfolios',
        key: 'writer',
        action: 'ingest',
        counts: { portfolio: 1 },
        inject: { payload: { portfolios: [portfolio] } },
      },
      {
        url: '/ingest/transaction',
        key: 'writer',
        action: 'ingest',
        counts: { transaction: 1 },
        inject: { payload: transaction },
      },
      {
        url: '/ingest/portfolio-bundle',
        key: 'writer',
        action: 'ingest',
        counts: { business_date: 2, instrument: 4 },
        inject: { payload: { business_dates: bundle.business_dates, instruments: bundle.instruments } },
      },
      {
        url: '/ingest/benchmarks',
        key: 'writer',
        action: 'ingest',
        counts: { benchmark: 1 },
        inject: {
          payload: { benchmarks: [{ benchmark_id: 'B1', benchmark_name: 'B', benchmark_currency: 'USD' }] },
        },
      },
      {
        url: '/ingest/uploads/commit',
        key: 'writer',
        action: 'upload',
        counts: { business_date: 2 },
        inject: multipart({ entity_type: 'business_dates' }, 'business_date\n2024-10-30\n2024-10-29\n'),
      },
    ];
    const receipts: { job_id: string; correlation_id: string }[] = [];
    for (const w of writes) {
      const inject = w.inject as { payload: object | string; headers?: Record<string, string> };
      const res = await h.app.inject({
        method: 'POST',
        url: w.url,
        payload: inject.payload,
        headers: { ...bearer(keys[w.key]!), ...inject.headers },
      });
      expect(res.statusCode, `${w.url}: ${res.body}`).toBe(202);
      receipts.push(res.json());
    }
    await h.system.waitForJobs(
      receipts.map((r) => r.job_id),
      60_000,
    );
    const reprocess = await h.app.inject({
      method: 'POST',
      url: '/reprocess/transactions',
      headers: bearer(keys.admin!),
      payload: { transaction_ids: [transaction.transaction_id] },
    });
    expect(reprocess.statusCode, reprocess.body).toBe(202);
    const [quarantined] = await h.system.db.query<{ id: number }>(
      `INSERT INTO quarantined_records (stage, topic, "partition", "offset", record_key, subject, blocks_keys, value,
         headers, error, attempts, first_failed_at, last_failed_at, status)
       VALUES ('persist', 'raw_portfolios', 0, 0, 'P9', 'portfolio:P9', false, $1::jsonb, '{}'::jsonb, 'test', 1,
         now(), now(), 'QUARANTINED') RETURNING id`,
      [JSON.stringify({ ...portfolio, portfolio_id: 'P9' })],
    );
    const retry = await h.app.inject({
      method: 'POST',
      url: `/quarantine/${quarantined!.id}/retry`,
      headers: bearer(keys.admin!),
    });
    expect(retry.statusCode, retry.body).toBe(202);
    const extra = await h.key({ name: 'to revoke', scopes: ['read'] });
    await revokeKey(h.system.db, keyIdOf(extra), { keyId: null, correlationId: 'cli:test' });

    const rows = await h.system.db.query<AuditRow>('SELECT * FROM audit_events ORDER BY id');
    const writesSeen = rows.filter((r) => r.job_id !== null);
    const expected = [
      ...writes.map((w, i) => ({
        action: w.action,
        key_id: keyIdOf(keys[w.key]!),
        endpoint: w.url,
        job_id: receipts[i]!.job_id,
        correlation_id: receipts[i]!.correlation_id,
        counts: w.counts,
      })),
      ...(
        [
          ['reprocess', '/reprocess/transactions', reprocess, { reprocessing_request: 1 }],
          ['quarantine_retry', '/quarantine/retry', retry, { records: 1 }],
        ] as const
      ).map(([action, endpoint, res, counts]) => ({
        action,
        key_id: keyIdOf(keys.admin!),
        endpoint,
        job_id: res.json().job_id,
        correlation_id: res.json().correlation_id,
        counts,
      })),
    ];
    expect(
      writesSeen.map(({ action, key_id, endpoint, job_id, correlation_id, counts }) => ({
        action,
        key_id,
        endpoint,
        job_id,
        correlation_id,
        counts,
      })),
    ).toEqual(expected);
    // One audit row per job, and every job has one.
    const [jobs] = await h.system.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM ingestion_jobs');
    expect(writesSeen.length).toBe(jobs!.n);
    const keyEvents = rows.filter((r) => r.entity_type === 'api_key').map((r) => r.action);
    expect(keyEvents).toEqual(['key_create', 'key_create', 'key_create', 'key_revoke']);

    // The same events in the JSON log.
    const logged = h.logLines
      .filter((l) => l.msg === 'audit: write accepted')
      .map((l) => (l.audit as AuditRow).job_id);
    expect(logged).toEqual(expected.map((e) => e.job_id));
  });

  it('pages GET /audit for the admin scope only', async () => {
    const all = (await h.system.db.query<{ id: number }>('SELECT id FROM audit_events ORDER BY id')).map(
      (r) => r.id,
    );
    expect(all.length).toBeGreaterThan(3);
    const seen: number[] = [];
    let after = 0;
    for (let page = 0; page < 100; page++) {
      const res = await h.app.inject({
        method: 'GET',
        url: `/audit?limit=3&after=${after}`,
        headers: bearer(keys.admin!),
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      seen.push(...body.items.map((i: { id: number }) => i.id));
      if (body.next_after === null) break;
      after = body.next_after;
    }
    expect(seen).toEqual(all);
    const ofWriter = await h.app.inject({
      method: 'GET',
      url: `/audit?key_id=${keyIdOf(keys.writer!)}&action=upload`,
      headers: bearer(keys.admin!),
    });
    expect(ofWriter.json().items.map((i: AuditRow) => i.endpoint)).toEqual(['/ingest/uploads/commit']);
    expect(
      (await h.app.inject({ method: 'GET', url: '/audit', headers: bearer(keys.writer!) })).statusCode,
    ).toBe(403);
  });
});
