import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { operations, type SchemaNode } from '../support/openapi.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { bearer, multipart, openSecured } from './security-harness.ts';

/**
 * Issue 15: a key limited to portfolios cannot read or write another portfolio by any route. Every operation
 * of the committed OpenAPI document is called with a key limited to MINE, naming OTHER wherever a request can
 * name a portfolio; no answer may carry OTHER's data, a route with OTHER in its path is 404, a write touching
 * OTHER is refused record by record with nothing written. The same walk with an unlimited key finds OTHER's
 * data, so the walk can see a leak.
 */

const bundle = JSON.parse(fs.readFileSync('test/fixtures/seed-bundle-slice.json', 'utf8')) as Record<
  string,
  Record<string, unknown>[]
>;
const MINE = 'DEMO_ADV_USD_001';
const OTHER = 'DEMO_DPM_EUR_001';
/** What only OTHER's data holds: its client id and its transaction id. */
const SECRET_CLIENT = 'SECRET_CIF_200';
const SECRET_TRANSACTION = 'OTHER_SECRET_DEP';

const otherPortfolio = {
  ...bundle.portfolios!.find((p) => p.portfolio_id === OTHER)!,
  client_id: SECRET_CLIENT,
};
const otherTransaction = {
  transaction_id: SECRET_TRANSACTION,
  portfolio_id: OTHER,
  instrument_id: 'CASH',
  security_id: 'CASH_EUR',
  transaction_date: '2024-11-01T09:00:00Z',
  transaction_type: 'DEPOSIT',
  quantity: 1000,
  price: 1,
  gross_transaction_amount: 1000,
  trade_currency: 'EUR',
  currency: 'EUR',
};
const seed = {
  ...bundle,
  portfolios: bundle.portfolios!.map((p) => (p.portfolio_id === OTHER ? otherPortfolio : p)),
  transactions: [...bundle.transactions!.filter((t) => t.portfolio_id === MINE), otherTransaction],
};

/** Jobs, and records the API put on the log (the raw and reprocessing topics; stages emit the others). */
const WRITTEN = `SELECT (SELECT count(*) FROM ingestion_jobs)::int8 AS jobs,
  (SELECT count(*) FROM log_records WHERE topic LIKE 'raw\\_%' OR topic = 'reprocess_requests')::int8 AS log`;

const committed = JSON.parse(fs.readFileSync('openapi.json', 'utf8')) as SchemaNode;

/** A write body that touches OTHER (or shared reference data), per ingest route. */
interface Write {
  payload: string | object;
  headers?: Record<string, string>;
}

function writeOf(path: string): Write | undefined {
  const csv =
    'portfolio_id,base_currency,open_date,risk_exposure,investment_time_horizon,portfolio_type,booking_center_code,client_id,status\n' +
    `${OTHER},EUR,2024-01-02,Balanced,Long,Discretionary,Zurich,X,ACTIVE\n`;
  switch (path) {
    case '/ingest/portfolios':
      return { payload: { portfolios: [{ ...otherPortfolio, client_id: 'CHANGED' }] } };
    case '/ingest/transactions':
      return { payload: { transactions: [{ ...otherTransaction, transaction_id: 'NEW_1' }] } };
    case '/ingest/transaction':
      return { payload: { ...otherTransaction, transaction_id: 'NEW_2' } };
    case '/ingest/portfolio-bundle':
      return { payload: { portfolios: [otherPortfolio] } };
    case '/ingest/instruments':
      return { payload: { instruments: bundle.instruments!.slice(0, 1) } };
    case '/ingest/market-prices':
      return { payload: { market_prices: bundle.market_prices } };
    case '/ingest/fx-rates':
      return { payload: { fx_rates: bundle.fx_rates } };
    case '/ingest/business-dates':
      return { payload: { business_dates: bundle.business_dates } };
    case '/ingest/benchmarks':
      return {
        payload: { benchmarks: [{ benchmark_id: 'B1', benchmark_name: 'B', benchmark_currency: 'USD' }] },
      };
    case '/ingest/uploads/commit':
    case '/ingest/uploads/preview':
      return multipart({ entity_type: 'portfolios' }, csv);
    case '/reprocess/transactions':
      return { payload: { transaction_ids: [SECRET_TRANSACTION] } };
  }
  return undefined;
}

describe.each(stores())('a key limited to portfolios, on every route ($kind)', (store) => {
  const keys: Record<string, string> = {};
  let otherJob = '';
  const h = forSuite(
    () => openSecured(store),
    async () => {
      keys.all = await h.key({ name: 'all', scopes: ['read', 'ingest'] });
      keys.admin = await h.key({ name: 'admin', scopes: ['admin'] });
      keys.mine = await h.key({ name: 'mine', scopes: ['read', 'ingest'], portfolios: [MINE] });
      const res = await h.app.inject({
        method: 'POST',
        url: '/ingest/portfolio-bundle',
        headers: bearer(keys.all!),
        payload: seed,
      });
      expect(res.statusCode, res.body).toBe(202);
      otherJob = res.json().job_id;
      await h.system.waitForJobs([otherJob], 60_000);
    },
  );

  const pathOf = (path: string) =>
    path
      .replace('{portfolio_id}', OTHER)
      .replace('{security_id}', 'CASH_EUR')
      .replace('{transaction_id}', SECRET_TRANSACTION)
      .replace('{job_id}', otherJob)
      .replace('{benchmark_id}', 'B1')
      .replace('{id}', '1');

  /** Calls every operation with `key`; without `writes`, those that would write (ingest, reprocess) are left out. */
  async function walk(key: string, writes = true) {
    const answers: { method: string; path: string; status: number; body: string; code?: string }[] = [];
    for (const [method, path, operation] of operations(committed)) {
      if (!writes && method === 'POST' && writeOf(path)) continue;
      const query = ((operation.parameters ?? []) as SchemaNode[]).some(
        (p) => p.in === 'query' && p.name === 'portfolio_id',
      )
        ? `?portfolio_id=${OTHER}`
        : '';
      const write: Write | undefined = method === 'POST' ? (writeOf(path) ?? { payload: {} }) : undefined;
      const res = await h.app.inject({
        method: method as 'GET' | 'POST',
        url: `${pathOf(path)}${query}`,
        headers: { ...bearer(key), ...write?.headers },
        ...(write ? { payload: write.payload } : {}),
      });
      const code = res.headers['content-type']?.includes('problem+json') ? res.json().code : undefined;
      answers.push({ method, path, status: res.statusCode, body: res.body, code });
    }
    return answers;
  }

  const leaks = (body: string) => body.includes(SECRET_CLIENT) || body.includes(SECRET_TRANSACTION);

  it('the walk finds OTHER’s data with an unlimited key (it can see a leak)', async () => {
    const answers = await walk(keys.all!, false);
    const leaking = answers
      .filter((a) => a.status < 300 && leaks(a.body))
      .map((a) => `${a.method} ${a.path}`);
    expect(leaking).toEqual(
      expect.arrayContaining(['GET /portfolios', 'GET /portfolios/{portfolio_id}/transactions']),
    );
  });

  it('reads nothing of OTHER and writes nothing by any route', async () => {
    const before = await h.system.db.query<{ jobs: number; log: number }>(WRITTEN);
    const answers = await walk(keys.mine!);
    expect(answers.length).toBe([...operations(committed)].length);
    const problems: string[] = [];
    for (const a of answers) {
      const route = `${a.method} ${a.path} → ${a.status} ${a.code ?? ''}`;
      if (a.status < 300 && leaks(a.body)) problems.push(`${route}: leaks OTHER`);
      if (a.path.includes('{portfolio_id}') && a.status !== 404) problems.push(`${route}: expected 404`);
      if (a.path.includes('{job_id}') && a.status !== 404) problems.push(`${route}: expected 404`);
      if (a.method === 'POST' && a.path.startsWith('/ingest/') && a.path !== '/ingest/uploads/preview') {
        if (a.status !== 403 || a.code !== 'PORTFOLIO_FORBIDDEN')
          problems.push(`${route}: expected 403 PORTFOLIO_FORBIDDEN`);
        else if (!(JSON.parse(a.body).errors?.length > 0)) problems.push(`${route}: names no record`);
      }
    }
    expect(problems).toEqual([]);
    const after = await h.system.db.query<{ jobs: number; log: number }>(WRITTEN);
    expect(after).toEqual(before);
  });

  it('names each refused record of a mixed batch, and accepts the same batch without it', async () => {
    const mine = {
      ...otherTransaction,
      transaction_id: 'MINE_OK',
      portfolio_id: MINE,
      security_id: 'CASH_USD',
    };
    const refused = await h.app.inject({
      method: 'POST',
      url: '/ingest/transactions',
      headers: bearer(keys.mine!),
      payload: { transactions: [mine, { ...otherTransaction, transaction_id: 'X1' }] },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors).toEqual([
      {
        index: 1,
        field: 'portfolio_id',
        message: `belongs to portfolio "${OTHER}", which this API key may not write`,
      },
    ]);
    const bundled = await h.app.inject({
      method: 'POST',
      url: '/ingest/portfolio-bundle',
      headers: bearer(keys.mine!),
      payload: { transactions: [mine], market_prices: bundle.market_prices!.slice(0, 1) },
    });
    expect(bundled.statusCode).toBe(403);
    expect(bundled.json().errors).toEqual([
      expect.objectContaining({ index: 0, field: 'market_prices.portfolio_id' }),
    ]);
    // Reusing another portfolio's transaction id would move that transaction into MINE.
    const takeover = await h.app.inject({
      method: 'POST',
      url: '/ingest/transactions',
      headers: bearer(keys.mine!),
      payload: { transactions: [mine, { ...mine, transaction_id: SECRET_TRANSACTION }] },
    });
    expect(takeover.statusCode).toBe(403);
    expect(takeover.json().errors).toEqual([expect.objectContaining({ index: 1, field: 'transaction_id' })]);
    const accepted = await h.app.inject({
      method: 'POST',
      url: '/ingest/transactions',
      headers: bearer(keys.mine!),
      payload: { transactions: [mine] },
    });
    expect(accepted.statusCode, accepted.body).toBe(202);
  });

  it('sees its own portfolio, its own jobs and not the others', async () => {
    const own = await h.app.inject({
      method: 'GET',
      url: `/portfolios/${MINE}`,
      headers: bearer(keys.mine!),
    });
    expect(own.statusCode).toBe(200);
    const list = await h.app.inject({ method: 'GET', url: '/portfolios', headers: bearer(keys.mine!) });
    expect(list.json().portfolios.map((p: { portfolio_id: string }) => p.portfolio_id)).toEqual([MINE]);
    const jobs = await h.app.inject({ method: 'GET', url: '/ingestion/jobs', headers: bearer(keys.mine!) });
    const ids = jobs.json().jobs.map((j: { job_id: string }) => j.job_id) as string[];
    expect(ids).not.toContain(otherJob);
    expect(ids.length).toBe(jobs.json().total);
    for (const id of ids) {
      const one = await h.app.inject({
        method: 'GET',
        url: `/ingestion/jobs/${id}`,
        headers: bearer(keys.mine!),
      });
      expect(one.statusCode).toBe(200);
    }
  });

  it('cannot be created with the admin scope', async () => {
    await expect(h.key({ name: 'x', scopes: ['admin'], portfolios: [MINE] })).rejects.toThrow(
      /invalid API key/,
    );
  });
});
