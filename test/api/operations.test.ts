import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import type { System } from '../../src/app/system.ts';
import { TOPICS } from '../../src/engine/topics.ts';
import { stores } from '../support/stores.ts';
import { type ApiHarness, openApi } from './api-harness.ts';

/** Every path issue 2 asks the API to serve. */
const INGEST_PATHS = [
  '/ingest/portfolios',
  '/ingest/instruments',
  '/ingest/transaction',
  '/ingest/transactions',
  '/ingest/market-prices',
  '/ingest/fx-rates',
  '/ingest/business-dates',
  '/ingest/portfolio-bundle',
  '/ingest/uploads/preview',
  '/ingest/uploads/commit',
  '/reprocess/transactions',
];
const QUERY_PATHS = [
  '/health/live',
  '/health/ready',
  '/metrics',
  '/portfolios',
  '/portfolios/{portfolio_id}',
  '/portfolios/{portfolio_id}/transactions',
  '/instruments',
  '/prices',
  '/fx-rates',
  '/business-dates',
  '/ingestion/jobs',
  '/ingestion/jobs/{job_id}',
];

interface Operation {
  tags?: string[];
  summary?: string;
  parameters?: unknown[];
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

/** Every "$ref" string anywhere in a JSON value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe.each(stores())('operations on $kind', (store) => {
  let h: ApiHarness;
  let queryApp: FastifyInstance;
  const failing = (message: string) => () => Promise.reject(new Error(message));
  /** An API over the same system with one dependency swapped for a failing one. */
  async function withFailing(patch: (s: System) => Partial<System>) {
    const app = await buildApi({ ...h.system, ...patch(h.system) });
    try {
      return await app.inject({ url: '/health/ready' });
    } finally {
      await app.close();
    }
  }

  beforeAll(async () => {
    h = await openApi(store);
    queryApp = await buildApi(h.system, { routes: 'query' });
  });
  afterAll(async () => {
    await queryApp?.close();
    await h?.close();
  });

  describe('health', () => {
    it('is alive', async () => {
      const res = await h.app.inject({ url: '/health/live' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'alive' });
    });

    it('is ready when the database and the log answer', async () => {
      const res = await h.app.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'ready', dependencies: { database: 'ok', log: 'ok' } });
    });

    const failures: Array<
      [dependency: 'database' | 'log', patch: (s: System) => Partial<System>, message: string]
    > = [
      ['database', (s) => ({ db: { ...s.db, query: failing('connection refused') } }), 'connection refused'],
      ['log', (s) => ({ log: { ...s.log, backlog: failing('log gone') } }), 'log gone'],
    ];
    it.each(failures)(
      'is not ready, naming the dependency, when the %s fails',
      async (dependency, patch, message) => {
        const res = await withFailing(patch);
        expect(res.statusCode).toBe(503);
        expect(res.json()).toEqual({
          status: 'not_ready',
          dependencies: {
            database: dependency === 'database' ? 'unavailable' : 'ok',
            log: dependency === 'log' ? 'unavailable' : 'ok',
          },
          errors: { [dependency]: message },
        });
      },
    );

    it('is not ready, naming the dependency, when the log fails', async () => {
      const res = await withFailing((s) => ({ log: { ...s.log, backlog: failing('log gone') } }));
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({
        status: 'not_ready',
        dependencies: { database: 'ok', log: 'unavailable' },
        errors: { log: 'log gone' },
      });
    });
  });

  describe('metrics', () => {
    it('serves Prometheus text with the log backlog measured at scrape time', async () => {
      await h.app.inject({ url: '/portfolios' });
      const before = await h.app.inject({ url: '/metrics' });
      expect(before.statusCode).toBe(200);
      expect(before.headers['content-type']).toMatch(/^text\/plain/);
      expect(before.body).toContain('pas_log_backlog_records{group="persist",topic="raw_portfolios"} 0');

      await h.system.db.transaction((tx) =>
        h.system.log.emitter.emit(tx, [
          { topic: TOPICS.rawPortfolios, key: 'P1', value: {} },
          { topic: TOPICS.rawPortfolios, key: 'P2', value: {} },
          { topic: TOPICS.rawFxRates, key: 'EUR/USD', value: {} },
        ]),
      );
      const after = (await h.app.inject({ url: '/metrics' })).body;
      expect(after).toContain('pas_log_backlog_records{group="persist",topic="raw_portfolios"} 2');
      expect(after).toContain('pas_log_backlog_records{group="persist",topic="raw_fx_rates"} 1');
      expect(after).toMatch(
        /pas_http_request_duration_seconds_count\{method="GET",route="\/portfolios",status="200"\} [1-9]/,
      );
      expect(after).toContain('# TYPE pas_records_ingested_total counter');
      expect(after).toContain('# TYPE pas_stage_batch_records histogram');
    });
  });

  describe('OpenAPI', () => {
    it('is a structurally valid OpenAPI 3.1 document listing every path of the issue', async () => {
      const res = await h.app.inject({ url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([...QUERY_PATHS, ...INGEST_PATHS]));
      for (const path of INGEST_PATHS) {
        expect(doc.paths[path].post, path).toMatchObject({
          tags: expect.any(Array),
          summary: expect.any(String),
        });
      }
      // the original's trailing-slash spellings answer but are listed once
      expect(Object.keys(doc.paths)).not.toContain('/portfolios/');
      expect(Object.keys(doc.components.schemas)).toEqual(
        expect.arrayContaining(['Problem', 'Portfolio', 'Instrument', 'Transaction', 'IngestionJob']),
      );
      for (const ref of refsIn(doc)) {
        expect(ref).toMatch(/^#\/components\/schemas\//);
        expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
      }
    });

    it('documents every query route: tags, summary, parameters and each response', async () => {
      const doc = (await h.app.inject({ url: '/openapi.json' })).json();
      for (const path of QUERY_PATHS) {
        const op: Operation = doc.paths[path].get;
        expect(op.tags?.length, path).toBeGreaterThan(0);
        expect(op.summary, path).toBeTruthy();
        const ok = op.responses?.['200'];
        expect(ok?.description, path).toBeTruthy();
        expect(Object.values(ok?.content ?? {})[0]?.schema, path).toBeDefined();
        for (const [status, response] of Object.entries(op.responses ?? {})) {
          expect(response.description, `${path} ${status}`).toBeTruthy();
          if (Number(status) >= 400 && Number(status) < 500) {
            expect(response.content?.['application/problem+json']?.schema, `${path} ${status}`).toEqual({
              $ref: '#/components/schemas/Problem',
            });
          }
        }
      }
      const txParams = doc.paths['/portfolios/{portfolio_id}/transactions'].get.parameters.map(
        (p: { name: string; in: string }) => `${p.in}:${p.name}`,
      );
      expect(txParams).toEqual(
        expect.arrayContaining([
          'path:portfolio_id',
          'query:security_id',
          'query:start_date',
          'query:end_date',
          'query:skip',
          'query:limit',
          'query:sort_by',
          'query:sort_order',
        ]),
      );
      expect(doc.components.schemas.Transaction.properties.quantity.description).toMatch(
        /Decimal as a JSON string.*rounded half-even to at most 10 decimal places on output/,
      );
    });
  });

  describe('query port', () => {
    it('serves the query routes but not the ingest routes', async () => {
      expect((await queryApp.inject({ url: '/portfolios' })).statusCode).toBe(200);
      expect((await queryApp.inject({ url: '/ingestion/jobs' })).statusCode).toBe(200);
      expect((await queryApp.inject({ url: '/health/ready' })).statusCode).toBe(200);
      const ingest = await queryApp.inject({
        method: 'POST',
        url: '/ingest/portfolios',
        payload: { portfolios: [] },
      });
      expect(ingest.statusCode).toBe(404);
      expect(ingest.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(ingest.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      const doc = (await queryApp.inject({ url: '/openapi.json' })).json();
      expect(Object.keys(doc.paths).filter((p) => INGEST_PATHS.includes(p))).toEqual([]);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(QUERY_PATHS));
      // …while the main port does serve them
      const main = await h.app.inject({
        method: 'POST',
        url: '/ingest/portfolios',
        payload: { portfolios: [] },
      });
      expect(main.statusCode).not.toBe(404);
    });
  });

  describe('correlation', () => {
    it('echoes X-Correlation-ID and carries it in problem bodies', async () => {
      const ok = await h.app.inject({ url: '/portfolios', headers: { 'X-Correlation-ID': 'abc' } });
      expect(ok.headers['x-correlation-id']).toBe('abc');

      const missing = await h.app.inject({ url: '/portfolios/NOPE', headers: { 'X-Correlation-ID': 'abc' } });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['x-correlation-id']).toBe('abc');
      expect(missing.json().correlation_id).toBe('abc');

      const invalid = await h.app.inject({
        url: '/instruments?limit=5000',
        headers: { 'x-correlation-id': 'xyz' },
      });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.json().correlation_id).toBe('xyz');
    });

    it('generates a correlation id when the request has none', async () => {
      const res = await h.app.inject({ url: '/portfolios/NOPE' });
      const id = res.headers['x-correlation-id'];
      expect(id).toMatch(/^PAS:[0-9a-f-]{36}$/);
      expect(res.json().correlation_id).toBe(id);
    });
  });
});
