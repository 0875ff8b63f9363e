import type { FastifyInstance, InjectOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { THREADED_JSON_MIN_BYTES } from '../../src/api/json-body-thread.ts';
import { buildApi } from '../../src/api/server.ts';
import { loadConfig } from '../../src/app/config.ts';
import { createSystem, type System } from '../../src/app/system.ts';
import slice from '../fixtures/seed-bundle-slice.json' with { type: 'json' };
import { stores } from '../support/stores.ts';

/** Guards sit in front of every route and touch no store: PGlite alone is enough. */
const [store] = stores();

const ALLOWED = 'https://app.example.com';
const json = { 'content-type': 'application/json' };
const prices = JSON.stringify({ market_prices: [slice.market_prices[0]] });

describe('request guards', () => {
  let system: System;
  let app: FastifyInstance;
  beforeAll(async () => {
    system = await createSystem(loadConfig({ PAS_CORS_ORIGINS: `${ALLOWED}, http://localhost:3000/` }), {
      db: await store!.open(),
      runStages: false,
      logger: pino({ level: 'silent' }),
    });
    app = await buildApi(system);
  });
  afterAll(async () => {
    await app.close();
    await system.close();
  });

  const send = (options: InjectOptions) => app.inject(options);
  const problem = async (options: InjectOptions, status: number, code: string) => {
    const res = await send(options);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().code).toBe(code);
    return res;
  };
  const logged = async () =>
    (await system.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM log_records'))[0]!.n;
  /** Runs fn and says how many records it put on the log. */
  const written = async (fn: () => Promise<unknown>) => {
    const before = await logged();
    await fn();
    return (await logged()) - before;
  };

  describe('strings', () => {
    it.each([
      ['a NUL in a path parameter', '/portfolios/P%001', 'portfolio_id', /NUL/],
      ['a NUL in a query parameter', '/instruments?security_id=A%00', 'security_id', /NUL/],
    ])('%s → 422 naming it', async (_label, url, field, message) => {
      const res = await problem({ method: 'GET', url }, 422, 'VALIDATION_FAILED');
      expect(res.json().errors).toEqual([{ index: 0, field, message: expect.stringMatching(message) }]);
    });

    it.each([
      ['a NUL', 'P\\u0000', /NUL/],
      ['a lone high surrogate', 'P\\ud800', /lone surrogate/],
      ['a lone low surrogate', '\\udc00P', /lone surrogate/],
    ])('%s in a body string → 422 naming record and field; nothing written', async (_label, id, message) => {
      const payload = `{"market_prices": [${JSON.stringify(slice.market_prices[0])}, {"security_id": "${id}"}]}`;
      const res = await problem(
        { method: 'POST', url: '/ingest/market-prices', payload, headers: json },
        422,
        'VALIDATION_FAILED',
      );
      expect(res.json().errors).toEqual([
        { index: 1, field: 'market_prices[1].security_id', message: expect.stringMatching(message) },
      ]);
    });

    it('takes a surrogate pair (an emoji) as the character it is', async () => {
      const payload = JSON.stringify({
        market_prices: [{ ...slice.market_prices[0], security_id: 'P\ud83d\ude00' }],
      });
      expect(
        (await send({ method: 'POST', url: '/ingest/market-prices', payload, headers: json })).statusCode,
      ).toBe(202);
    });

    it('invalid UTF-8 in the query string, the path or the body → 400', async () => {
      await problem({ method: 'GET', url: '/portfolios/%FF' }, 400, 'BAD_REQUEST');
      await problem({ method: 'GET', url: '/instruments?security_id=%FF' }, 400, 'BAD_REQUEST');
      await problem({ method: 'GET', url: '/instruments?security_id=%ED%A0%80' }, 400, 'BAD_REQUEST');
      const payload = Buffer.concat([
        Buffer.from('{"market_prices": [{"security_id": "'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}]}'),
      ]);
      await problem(
        { method: 'POST', url: '/ingest/market-prices', payload, headers: json },
        400,
        'BAD_REQUEST',
      );
    });
  });

  describe('paging', () => {
    it.each([
      ['skip=9007199254740993', 'skip'],
      ['skip=1000000001', 'skip'],
      ['limit=1e400', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=9007199254740993', 'limit'],
    ])('%s → 422 naming it, never rounded', async (qs, field) => {
      const res = await problem(
        { method: 'GET', url: `/portfolios/P1/transactions?${qs}` },
        422,
        'VALIDATION_FAILED',
      );
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });
  });

  describe('bodies', () => {
    it('malformed JSON → 400 MALFORMED_JSON with the position', async () => {
      const payload = '{"market_prices": [\n  {"security_id": "S"},}\n]}';
      const res = await problem(
        { method: 'POST', url: '/ingest/market-prices', payload, headers: json },
        400,
        'MALFORMED_JSON',
      );
      const position = payload.indexOf(',}') + 1; // the '}' where a member must follow
      const column = position - payload.indexOf('\n');
      expect(res.json()).toMatchObject({ position, line: 2, column });
      expect(res.json().detail).toContain(`at position ${position} (line 2, column ${column})`);
      const truncated = await problem(
        { method: 'POST', url: '/ingest/market-prices', payload: prices.slice(0, 30), headers: json },
        400,
        'MALFORMED_JSON',
      );
      expect(truncated.json().position).toBe(30);
    });

    it(`JSON nested deeper than the documented 32 levels → 400 JSON_TOO_DEEP; 32 levels pass the guard`, async () => {
      const nest = (levels: number) =>
        `{"market_prices": ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
      await problem(
        { method: 'POST', url: '/ingest/market-prices', payload: nest(33), headers: json },
        400,
        'JSON_TOO_DEEP',
      );
      await problem(
        { method: 'POST', url: '/ingest/market-prices', payload: nest(100_000), headers: json },
        400,
        'JSON_TOO_DEEP',
      );
      // 32 levels is within the limit: the record validator answers instead.
      await problem(
        { method: 'POST', url: '/ingest/market-prices', payload: nest(32), headers: json },
        422,
        'VALIDATION_FAILED',
      );
    });

    it.each([
      ['{"market_prices": [{"__proto__": {"admin": true}}]}'],
      ['{"market_prices": [{"constructor": {"prototype": {"admin": true}}}]}'],
    ])('refuses a key that could pollute a prototype, as Fastify did: %s', async (payload) => {
      const res = await problem(
        { method: 'POST', url: '/ingest/market-prices', payload, headers: json },
        400,
        'BAD_REQUEST',
      );
      expect(res.json().detail).toMatch(/market_prices\[0\]\.(__proto__|constructor)/);
    });

    it.each([
      ['text/plain', {}],
      ['application/xml', {}],
      ['application/json; charset=iso-8859-1', {}],
      ['application/json', { 'content-encoding': 'gzip' }],
    ])('a body as %s %j → 415', async (type, extra) => {
      const request = {
        method: 'POST' as const,
        url: '/ingest/market-prices',
        payload: prices,
        headers: { 'content-type': type, ...extra },
      };
      expect(await written(() => problem(request, 415, 'UNSUPPORTED_MEDIA_TYPE'))).toBe(0);
    });

    it('takes JSON declared as UTF-8', async () => {
      const headers = { 'content-type': 'application/json; charset=UTF-8' };
      expect(
        (await send({ method: 'POST', url: '/ingest/market-prices', payload: prices, headers })).statusCode,
      ).toBe(202);
    });

    describe(`bodies of ${THREADED_JSON_MIN_BYTES} bytes or more, read on the body thread`, () => {
      /** n distinct valid prices: over 1 MiB from about 7,000 on. */
      const manyPrices = (n: number) =>
        Array.from({ length: n }, (_, i) => ({ ...slice.market_prices[0], security_id: `BIG_${i}` }));
      const big = (n: number) => JSON.stringify({ market_prices: manyPrices(n) });

      it('a valid one is taken whole: every record on the log', async () => {
        const payload = big(15_000);
        expect(payload.length).toBeGreaterThan(THREADED_JSON_MIN_BYTES);
        const n = await written(async () => {
          const res = await send({ method: 'POST', url: '/ingest/market-prices', payload, headers: json });
          expect(res.statusCode, res.body).toBe(202);
          expect(res.json().accepted_count).toBe(15_000);
        });
        expect(n).toBe(15_000);
      });

      it('a NUL in record 8,500 → 422 naming it; nothing written', async () => {
        const records = manyPrices(15_000);
        records[8_500]!.security_id = 'P\u0000';
        const payload = JSON.stringify({ market_prices: records });
        const res = await problem(
          { method: 'POST', url: '/ingest/market-prices', payload, headers: json },
          422,
          'VALIDATION_FAILED',
        );
        expect(res.json().errors).toEqual([
          { index: 8_500, field: 'market_prices[8500].security_id', message: expect.stringMatching(/NUL/) },
        ]);
      });

      it('truncated → 400 MALFORMED_JSON at the cut; too deep → JSON_TOO_DEEP; bad UTF-8 → 400', async () => {
        const payload = big(15_000);
        const cut = payload.length - 10;
        const truncated = await problem(
          { method: 'POST', url: '/ingest/market-prices', payload: payload.slice(0, cut), headers: json },
          400,
          'MALFORMED_JSON',
        );
        expect(truncated.json().position).toBe(cut);
        await problem(
          {
            method: 'POST',
            url: '/ingest/market-prices',
            payload: `{"market_prices": ${'['.repeat(600_000)}${']'.repeat(600_000)}}`,
            headers: json,
          },
          400,
          'JSON_TOO_DEEP',
        );
        const bytes = Buffer.from(payload);
        bytes[bytes.length - 20] = 0xff;
        await problem(
          { method: 'POST', url: '/ingest/market-prices', payload: bytes, headers: json },
          400,
          'BAD_REQUEST',
        );
      });
    });

    const form = (body: string, boundary = 'XX') => ({
      method: 'POST' as const,
      url: '/ingest/uploads/preview',
      payload: body,
      headers: { 'content-type': `multipart/form-data${boundary ? `; boundary=${boundary}` : ''}` },
    });
    const part = (name: string, value: string, file = '') =>
      `--XX\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${value}\r\n`;

    it('malformed or truncated multipart → 400', async () => {
      const whole = `${part('entity_type', 'portfolios')}${part('file', 'portfolio_id\r\nP1', 'p.csv')}--XX--\r\n`;
      expect((await send(form(whole))).statusCode).toBe(200);
      await problem(form(whole.slice(0, whole.length - 12)), 400, 'BAD_REQUEST');
      await problem(form(whole, ''), 400, 'BAD_REQUEST');
      await problem(form('garbage without any boundary'), 400, 'BAD_REQUEST');
    });
  });

  describe('methods', () => {
    it.each([
      ['DELETE', '/portfolios', 'GET, HEAD, POST'],
      ['PUT', '/ingest/transactions', 'POST'],
      ['POST', '/portfolios/P1/positions', 'GET, HEAD'],
      ['PATCH', '/portfolios/', 'GET, HEAD'],
      // A method with a body and no Content-Type used to fail on its body first (400).
      ['QUERY', '/benchmarks', 'GET, HEAD'],
    ])('%s %s → 405 with Allow: %s', async (method, url, allow) => {
      const res = await problem({ method: method as 'GET', url }, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.allow).toBe(allow);
    });

    it('an unknown path stays 404', async () => {
      await problem({ method: 'GET', url: '/no/such/path' }, 404, 'NOT_FOUND');
    });
  });

  describe('cross-site writes', () => {
    const post = (headers: Record<string, string>) =>
      send({
        method: 'POST',
        url: '/ingest/market-prices',
        payload: prices,
        headers: { ...json, ...headers },
      });

    it('refuses a write whose Origin is another site, or that the browser marks cross-site; writes nothing', async () => {
      const before = await logged();
      const refused: Array<Record<string, string>> = [
        { origin: 'http://evil.example' },
        { origin: 'null' },
        { origin: 'http://localhost:8000' }, // another port is another origin
        { 'sec-fetch-site': 'cross-site' },
      ];
      for (const headers of refused) {
        const res = await post(headers);
        expect(res.statusCode, JSON.stringify(headers)).toBe(403);
        expect(res.json()).toMatchObject({ status: 403, code: 'CROSS_SITE_REQUEST' });
      }
      const upload = await send({
        method: 'POST',
        url: '/ingest/uploads/commit',
        payload: 'x',
        headers: { origin: 'http://evil.example', 'content-type': 'multipart/form-data; boundary=XX' },
      });
      expect(upload.statusCode).toBe(403);
      expect(await logged()).toBe(before);
    });

    it('accepts no Origin (curl, the CLI), the same origin, and configured origins', async () => {
      expect((await post({})).statusCode).toBe(202);
      expect(
        (await post({ origin: 'http://localhost:80', host: 'localhost:80', 'sec-fetch-site': 'same-origin' }))
          .statusCode,
      ).toBe(202);
      const allowed = await post({ origin: ALLOWED, 'sec-fetch-site': 'cross-site' });
      expect(allowed.statusCode).toBe(202);
      expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
      expect((await post({ origin: 'http://localhost:3000' })).statusCode).toBe(202);
    });

    it('answers the preflight of a configured origin only; reads stay open', async () => {
      const preflight = (origin: string) =>
        send({
          method: 'OPTIONS',
          url: '/ingest/market-prices',
          headers: { origin, 'access-control-request-method': 'POST' },
        });
      const ok = await preflight(ALLOWED);
      expect(ok.statusCode).toBe(204);
      expect(ok.headers['access-control-allow-methods']).toContain('POST');
      expect((await preflight('http://evil.example')).statusCode).toBe(405);
      const read = await send({
        method: 'GET',
        url: '/portfolios',
        headers: { origin: 'http://evil.example' },
      });
      expect(read.statusCode).toBe(200);
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});

describe('PAS_CORS_ORIGINS', () => {
  it('lists origins, trimmed and canonical', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(
      loadConfig({ PAS_CORS_ORIGINS: ' https://a.example ,http://localhost:3000/' }).corsOrigins,
    ).toEqual(['https://a.example', 'http://localhost:3000']);
  });

  it.each([['a.example'], ['https://a.example/path'], ['null']])('stops start-up on %s', (raw) => {
    expect(() => loadConfig({ PAS_CORS_ORIGINS: raw })).toThrow(/PAS_CORS_ORIGINS must list origins/);
  });
});
