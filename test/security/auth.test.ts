import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { revokeKey } from '../../src/app/api-keys.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { bearer, openSecured } from './security-harness.ts';

const bundle = JSON.parse(fs.readFileSync('test/fixtures/seed-bundle-slice.json', 'utf8')) as {
  portfolios: object[];
};
const PORTFOLIO = { portfolios: bundle.portfolios.slice(0, 1) };

describe.each(stores())('PAS_AUTH=required ($kind)', (store) => {
  const keys: Record<string, string> = {};
  const h = forSuite(
    () => openSecured(store),
    async () => {
      keys.read = await h.key({ name: 'reader', scopes: ['read'] });
      keys.ingest = await h.key({ name: 'writer', scopes: ['ingest'] });
      keys.admin = await h.key({ name: 'operator', scopes: ['admin'] });
    },
  );

  it('answers 401 UNAUTHENTICATED problem+json without a key, with a malformed one and with an unknown one', async () => {
    const fake = `pas_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    for (const headers of [{}, bearer('not-a-key'), bearer(fake), { 'x-api-key': fake }]) {
      const res = await h.app.inject({ method: 'GET', url: '/portfolios', headers });
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="pas"');
      expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(res.json().correlation_id).toMatch(/^PAS:/);
    }
  });

  it('accepts the key as Authorization: Bearer and as X-API-Key', async () => {
    const viaBearer = await h.app.inject({ method: 'GET', url: '/portfolios', headers: bearer(keys.read!) });
    const viaHeader = await h.app.inject({
      method: 'GET',
      url: '/portfolios',
      headers: { 'x-api-key': keys.read! },
    });
    expect(viaBearer.statusCode).toBe(200);
    expect(viaHeader.statusCode).toBe(200);
  });

  it('answers 403 INSUFFICIENT_SCOPE for a key without the route’s scope, and serves it with the scope', async () => {
    const cases: [string, string, string, unknown][] = [
      ['read', 'POST', '/ingest/portfolios', PORTFOLIO],
      ['ingest', 'GET', '/portfolios', undefined],
      ['ingest', 'POST', '/analytics/twr', {}],
      ['read', 'GET', '/quarantine', undefined],
      ['read', 'GET', '/audit', undefined],
      ['read', 'GET', '/metrics', undefined],
      ['read', 'POST', '/reprocess/transactions', { transaction_ids: ['T1'] }],
      ['read', 'POST', '/portfolios', bundle.portfolios[0]],
    ];
    for (const [scope, method, url, payload] of cases) {
      const res = await h.app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: bearer(keys[scope]!),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect(res.statusCode, `${scope} ${method} ${url}`).toBe(403);
      expect(res.json()).toMatchObject({ status: 403, code: 'INSUFFICIENT_SCOPE' });
    }
    const written = await h.app.inject({
      method: 'POST',
      url: '/ingest/portfolios',
      headers: bearer(keys.ingest!),
      payload: PORTFOLIO,
    });
    expect(written.statusCode).toBe(202);
    const created = await h.app.inject({
      method: 'POST',
      url: '/portfolios',
      headers: bearer(keys.ingest!),
      payload: bundle.portfolios[0] as object,
    });
    expect(created.statusCode).toBe(201);
    for (const url of ['/quarantine', '/audit', '/metrics']) {
      const res = await h.app.inject({ method: 'GET', url, headers: bearer(keys.admin!) });
      expect(res.statusCode, url).toBe(200);
    }
  });

  it('keeps the health probes and the dashboard page open; /docs and /openapi.json need a key', async () => {
    for (const url of ['/health/live', '/health/ready']) {
      expect((await h.app.inject({ method: 'GET', url })).statusCode, url).toBe(200);
    }
    // The page holds no data and must load to ask for a key: never 401 (200 once built, 503 before).
    for (const url of ['/', '/assets/none.js']) {
      expect((await h.app.inject({ method: 'GET', url })).statusCode, url).not.toBe(401);
    }
    for (const url of ['/docs', '/openapi.json', '/metrics']) {
      expect((await h.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    expect(
      (await h.app.inject({ method: 'GET', url: '/openapi.json', headers: bearer(keys.read!) })).statusCode,
    ).toBe(200);
  });

  it('refuses a revoked key', async () => {
    const key = await h.key({ name: 'short-lived', scopes: ['read'] });
    const keyId = key.split('_')[1]!;
    await revokeKey(h.system.db, keyId, { keyId: null, correlationId: 'test' });
    const res = await h.app.inject({ method: 'GET', url: '/portfolios', headers: bearer(key) });
    expect(res.statusCode).toBe(401);
  });

  it('creates, lists and revokes keys over HTTP with the admin scope, audited under the admin key', async () => {
    const created = await h.app.inject({
      method: 'POST',
      url: '/keys',
      headers: bearer(keys.admin!),
      payload: { name: 'via http', scopes: ['read'], portfolios: ['P_AUTH'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { key, api_key } = created.json();
    expect(api_key).toMatchObject({
      name: 'via http',
      scopes: ['read'],
      portfolios: ['P_AUTH'],
      revoked_at: null,
    });
    expect((await h.app.inject({ method: 'GET', url: '/portfolios', headers: bearer(key) })).statusCode).toBe(
      200,
    );
    const listed = await h.app.inject({ method: 'GET', url: '/keys', headers: bearer(keys.admin!) });
    expect(listed.body).not.toContain(key);
    expect(listed.json().keys.map((k: { key_id: string }) => k.key_id)).toContain(api_key.key_id);
    const refused = await h.app.inject({
      method: 'POST',
      url: '/keys',
      headers: bearer(keys.admin!),
      payload: { name: 'x', scopes: ['admin'], portfolios: ['P_AUTH'] },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0].field).toBe('portfolios');
    const revoked = await h.app.inject({
      method: 'DELETE',
      url: `/keys/${api_key.key_id}`,
      headers: bearer(keys.admin!),
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revoked_at).not.toBeNull();
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/keys/${api_key.key_id}`, headers: bearer(keys.admin!) }))
        .statusCode,
    ).toBe(404);
    const audit = await h.system.db.query<{ action: string; key_id: string }>(
      "SELECT action, key_id FROM audit_events WHERE entity_type = 'api_key' AND key_id IS NOT NULL ORDER BY id",
    );
    const adminId = keys.admin!.split('_')[1];
    expect(audit).toEqual([
      { action: 'key_create', key_id: adminId },
      { action: 'key_revoke', key_id: adminId },
    ]);
  });

  it('sets the security headers of helmet', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});

describe.each(stores().slice(0, 1))('PAS_AUTH_PUBLIC=docs,metrics ($kind)', (store) => {
  const h = forSuite(() => openSecured(store, { PAS_AUTH_PUBLIC: 'docs,metrics' }));
  it('opens /docs, /openapi.json and /metrics, and nothing else', async () => {
    for (const url of ['/openapi.json', '/metrics', '/docs']) {
      const res = await h.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeLessThan(400);
    }
    expect((await h.app.inject({ method: 'GET', url: '/portfolios' })).statusCode).toBe(401);
  });
});
