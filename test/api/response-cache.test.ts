import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { loadConfig } from '../../src/app/config.ts';
import { ResponseCache } from '../../src/app/response-cache.ts';
import { TOPICS } from '../../src/engine/topics.ts';
import type { LogRecord } from '../../src/log/log.ts';
import { cash, instrumentRecord, on, portfolioRecord, price, trade } from '../positions/positions-harness.ts';
import { openQuarantine, type QuarantineHarness } from '../quarantine/quarantine-harness.ts';
import { stores } from '../support/stores.ts';

/**
 * Issue 11 item 7: the answer cache of the portfolio-scoped analytics (src/app/response-cache.ts). After every
 * kind of write the pipeline makes, the answer of the caching API is byte for byte the answer of an API without
 * the cache on the same database; a second identical request is a hit; a write to another portfolio is no miss.
 */

const deposit = (id: string, portfolio: string, date: string, amount: string) =>
  trade(id, 'DEPOSIT', date, amount, '1', { ...on('CASH_USD'), portfolio_id: portfolio });
const buy = (id: string, portfolio: string, security: string, date: string, qty: string, px: string) =>
  trade(id, 'BUY', date, qty, px, { ...on(security), portfolio_id: portfolio });
const buySap = (id: string, date: string, qty: string, px: string) =>
  trade(id, 'BUY', date, qty, px, { ...on('SAP'), trade_currency: 'EUR', currency: 'EUR' });

/** The P1 requests whose answers are compared: the three of the benchmark, with and without defaults. */
const REQUESTS: readonly Request[] = [
  { method: 'GET', url: '/portfolios/P1/positions' },
  { method: 'GET', url: '/portfolios/P1/positions?as_of_date=2024-01-05' },
  { method: 'POST', url: '/portfolios/P1/performance', payload: { periods: [{ type: 'SI' }] } },
  {
    method: 'POST',
    url: '/portfolios/P1/performance',
    payload: { periods: [{ type: 'MTD' }, { type: 'SI' }], scope: { net_or_gross: 'GROSS' } },
  },
  { method: 'POST', url: '/portfolios/P1/risk', payload: { periods: [{ type: 'SI' }] } },
  { method: 'POST', url: '/portfolios/P1/pnl', payload: { periods: [{ type: 'SI' }] } },
  { method: 'POST', url: '/portfolios/P1/concentration' },
];

interface Request {
  method: 'GET' | 'POST';
  url: string;
  payload?: unknown;
}

const weekdays = (from: string, to: string) => {
  const days: Array<{ business_date: string }> = [];
  for (
    let d = new Date(`${from}T00:00:00Z`);
    d <= new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1)
  ) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6)
      days.push({ business_date: d.toISOString().slice(0, 10) });
  }
  return days;
};

describe.each(stores())('the answer cache on $kind', (store) => {
  let h: QuarantineHarness;
  let fresh: FastifyInstance;
  const send = (app: FastifyInstance, r: Request) =>
    app.inject({
      method: r.method,
      url: r.url,
      ...(r.payload === undefined ? {} : { payload: r.payload as object }),
    });
  const counted = async (name: 'hits' | 'misses') => {
    const metric =
      name === 'hits' ? h.system.metrics.responseCacheHits : h.system.metrics.responseCacheMisses;
    return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
  };

  /**
   * Every request, through the cache twice and without it once: all three bodies are the same bytes, the
   * second is a hit. Returns the bodies and how many of the first requests were hits.
   */
  async function compare(): Promise<{ bodies: string[]; firstHits: number }> {
    const bodies: string[] = [];
    let firstHits = 0;
    for (const r of REQUESTS) {
      const hitsBefore = await counted('hits');
      const first = await send(h.app, r);
      firstHits += (await counted('hits')) - hitsBefore;
      const second = await send(h.app, r);
      const uncached = await send(fresh, r);
      expect(first.statusCode, `${r.url}: ${first.body}`).toBe(200);
      expect(first.body, r.url).toBe(uncached.body);
      expect(second.body, r.url).toBe(uncached.body);
      expect(second.headers['content-type']).toBe(uncached.headers['content-type']);
      bodies.push(first.body);
    }
    expect(await counted('hits')).toBeGreaterThanOrEqual(REQUESTS.length);
    return { bodies, firstHits };
  }

  /** After a write: every answer is recomputed (no hit), equals the uncached one, and `changed` of them moved. */
  async function afterWrite(before: string[], changed: number[]): Promise<string[]> {
    const { bodies, firstHits } = await compare();
    expect(firstHits).toBe(0);
    for (const i of changed) expect(bodies[i], REQUESTS[i]!.url).not.toBe(before[i]);
    return bodies;
  }

  let answers: string[];
  beforeAll(async () => {
    h = await openQuarantine(store);
    fresh = await buildApi({ ...h.system, responseCache: new ResponseCache(h.db, 0) });
    // No business date yet: the default calendar ends on the latest fact date.
    await h.ingestAndSettle({
      portfolios: [portfolioRecord('P1'), portfolioRecord('P2')],
      instruments: [instrumentRecord('AAPL'), instrumentRecord('SAP', { currency: 'EUR' }), cash],
      fx_rates: [{ from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-01', rate: '1.1' }],
      market_prices: [price('AAPL', '2024-01-02', '100'), price('SAP', '2024-01-02', '50', 'EUR')],
      transactions: [
        deposit('D1', 'P1', '2024-01-02', '10000'),
        buy('B1', 'P1', 'AAPL', '2024-01-03', '10', '100'),
        buySap('E1', '2024-01-04', '10', '50'),
        deposit('D2', 'P2', '2024-01-02', '5000'),
      ],
    });
    answers = (await compare()).bodies;
  });
  afterAll(async () => {
    await fresh?.close();
    await h?.close();
  });

  it('a hit is the uncached answer byte for byte; the cache off computes every time', async () => {
    const { bodies, firstHits } = await compare();
    expect(bodies).toEqual(answers);
    expect(firstHits).toBe(REQUESTS.length);
    const off = fresh as FastifyInstance;
    const res = await send(off, REQUESTS[0]!);
    expect(res.body).toBe(answers[0]);
    expect(h.system.responseCache.size).toBeGreaterThan(0);
  });

  it('without business dates, a transaction of another portfolio moves the default as-of date of this one', async () => {
    await h.ingestAndSettle({ transactions: [deposit('D3', 'P2', '2024-01-08', '100')] });
    answers = await afterWrite(answers, [0, 2]);
  });

  it('a business date', async () => {
    await h.ingestAndSettle({ business_dates: weekdays('2024-01-02', '2024-01-12') });
    answers = await afterWrite(answers, [0, 2]);
  });

  it('a transaction of another portfolio is no miss once the calendar is ingested', async () => {
    await h.ingestAndSettle({ transactions: [buy('B9', 'P2', 'AAPL', '2024-01-09', '5', '100')] });
    const { bodies, firstHits } = await compare();
    expect(bodies).toEqual(answers);
    expect(firstHits).toBe(REQUESTS.length);
  });

  it('a price', async () => {
    await h.ingestAndSettle({ market_prices: [price('AAPL', '2024-01-10', '120')] });
    answers = await afterWrite(answers, [0, 2]);
  });

  it('an FX rate', async () => {
    await h.ingestAndSettle({
      fx_rates: [{ from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-09', rate: '1.3' }],
    });
    answers = await afterWrite(answers, [0, 2]);
  });

  it('a transaction of the portfolio', async () => {
    await h.ingestAndSettle({ transactions: [buy('B2', 'P1', 'AAPL', '2024-01-11', '1', '100')] });
    answers = await afterWrite(answers, [0]);
  });

  it('a transaction quarantined (its key BLOCKED), then reprocessed', async () => {
    // Only Q1 flows now: the position stage fails on it until the fault is cleared.
    const value = (r: LogRecord) => r.value as { portfolio_id?: string; security_id?: string };
    h.faults.fail(
      (stage, r) =>
        stage === 'positions' &&
        r.topic === TOPICS.transactionsChanged &&
        value(r).portfolio_id === 'P1' &&
        value(r).security_id === 'AAPL',
    );
    await h.ingest({ transactions: [buy('Q1', 'P1', 'AAPL', '2024-01-12', '2', '100')] });
    await h.drain();
    expect(await h.key('P1', 'AAPL')).toMatchObject({ status: 'BLOCKED' });
    answers = await afterWrite(answers, [0]);

    h.faults.clear();
    const res = await h.app.inject({
      method: 'POST',
      url: '/reprocess/transactions',
      payload: { transaction_ids: ['Q1'] },
    });
    expect(res.statusCode, res.body).toBe(202);
    await h.drain();
    expect(await h.key('P1', 'AAPL')).toMatchObject({ status: 'CURRENT' });
    answers = await afterWrite(answers, [0]);
  });

  it('an instrument', async () => {
    await h.ingestAndSettle({ instruments: [instrumentRecord('AAPL', { sector: 'Hardware' })] });
    answers = await afterWrite(answers, [0]);
  });

  it('GET /metrics counts hits and misses by route', async () => {
    const text = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(
      /^pas_response_cache_hits_total\{route="POST \/portfolios\/:portfolio_id\/risk"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^pas_response_cache_misses_total\{route="GET \/portfolios\/:portfolio_id\/positions"\} [1-9]/m,
    );
  });

  it('eight identical requests at once compute their answer once, and each gets it', async () => {
    const r: Request = {
      method: 'POST',
      url: '/portfolios/P1/performance',
      payload: { periods: [{ type: 'YTD' }] },
    };
    const query = h.db.query.bind(h.db);
    let queries = 0;
    h.db.query = ((text: string, params?: readonly unknown[]) => {
      queries++;
      return query(text, params);
    }) as typeof h.db.query;
    try {
      const uncached = await send(fresh, r);
      const perAnswer = queries;
      expect(perAnswer).toBeGreaterThan(1);
      queries = 0;
      const answers = await Promise.all(Array.from({ length: 8 }, () => send(h.app, r)));
      for (const a of answers) expect(a.body).toBe(uncached.body);
      // Each request reads the versions once; the answer itself is computed once.
      expect(queries).toBe(8 + perAnswer);
    } finally {
      h.db.query = query;
    }
  });

  it('an error is never kept: a 404 for an unknown portfolio answers 200 once the portfolio exists', async () => {
    const r: Request = { method: 'GET', url: '/portfolios/P3/positions' };
    expect((await send(h.app, r)).statusCode).toBe(404);
    expect((await send(h.app, r)).statusCode).toBe(404);
    await h.ingestAndSettle({ portfolios: [portfolioRecord('P3')] });
    expect((await send(h.app, r)).statusCode).toBe(200);
  });
});

describe('ResponseCache: bounded by bytes, least recently used out first', () => {
  const db = { query: async () => [], exec: async () => {} };

  it('evicts the least recently used entry past the budget, and keeps one answer per key', () => {
    // Each entry: 2 bytes a character of key and versions, the body's bytes, 128 of bookkeeping.
    const cache = new ResponseCache(db, 3 * (2 * (1 + 1) + 100 + 128));
    const body = (c: string) => c.repeat(100);
    const get = (key: string, versions: string) => cache.get('r', key, versions)?.toString('utf8');
    cache.set('a', 'v', null, body('a'));
    cache.set('b', 'v', null, body('b'));
    cache.set('c', 'v', null, body('c'));
    expect(get('a', 'v')).toBe(body('a'));
    cache.set('d', 'v', null, body('d'));
    // b was the least recently used: a was read after c was stored.
    expect(get('b', 'v')).toBeUndefined();
    expect(get('a', 'v')).toBe(body('a'));
    expect(get('d', 'v')).toBe(body('d'));
    // Other versions: a miss, and the next answer replaces the entry instead of adding one.
    expect(get('a', 'w')).toBeUndefined();
    const size = cache.size;
    cache.set('a', 'w', null, body('A'));
    expect(cache.size).toBe(size);
    expect(get('a', 'v')).toBeUndefined();
    expect(get('a', 'w')).toBe(body('A'));
  });

  it('keeps nothing larger than its budget, and nothing at all with 0 bytes', () => {
    const small = new ResponseCache(db, 100);
    small.set('k', 'v', null, 'x'.repeat(1000));
    expect(small.get('r', 'k', 'v')).toBeUndefined();
    expect(small.size).toBe(0);
    expect(new ResponseCache(db, 0).enabled).toBe(false);
  });

  it('shares an answer being computed with requests under the same versions only, once it is ended', async () => {
    const cache = new ResponseCache(db, 1000);
    expect(cache.computing('k', 'v')).toBeUndefined();
    const finish = cache.startComputing('k', 'v');
    const waiting = cache.computing('k', 'v');
    expect(cache.computing('k', 'w')).toBeUndefined();
    finish(Buffer.from('answer'));
    expect((await waiting)?.toString()).toBe('answer');
    expect(cache.computing('k', 'v')).toBeUndefined();
    // Ended without an answer (an error, a timeout): those waiting compute it themselves.
    const failed = cache.startComputing('k', 'v');
    const alsoWaiting = cache.computing('k', 'v');
    failed(undefined);
    failed(Buffer.from('late'));
    expect(await alsoWaiting).toBeUndefined();
  });

  it('is sized by PAS_RESPONSE_CACHE_BYTES: 64 MiB by default, 0 turns it off', () => {
    expect(loadConfig({}).responseCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ PAS_RESPONSE_CACHE_BYTES: '0' }).responseCacheBytes).toBe(0);
    expect(() => loadConfig({ PAS_RESPONSE_CACHE_BYTES: '-1' })).toThrow(/PAS_RESPONSE_CACHE_BYTES/);
  });
});
