import { describe, expect, it } from 'vitest';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { bearer, openSecured } from './security-harness.ts';

const LIMIT = 5;

describe.each(stores().slice(0, 1))('rate limits and body limits ($kind)', (store) => {
  const keys: Record<string, string> = {};
  const h = forSuite(
    () =>
      openSecured(store, {
        PAS_RATE_LIMIT_MAX: String(LIMIT),
        PAS_RATE_LIMIT_WINDOW_S: '600',
        PAS_MAX_BODY_BYTES: '2000',
      }),
    async () => {
      keys.a = await h.key({ name: 'a', scopes: ['read', 'ingest'] });
      keys.b = await h.key({ name: 'b', scopes: ['read'] });
    },
  );

  it('answers 429 RATE_LIMITED with Retry-After once a key has sent its requests for the window, per key', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof h.app.inject>> | undefined;
    for (let i = 0; i < LIMIT + 3; i++) {
      last = await h.app.inject({ method: 'GET', url: '/portfolios', headers: bearer(keys.a!) });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429, 429, 429]);
    expect(last!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(last!.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(last!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Another key has its own budget; the probes have none.
    expect(
      (await h.app.inject({ method: 'GET', url: '/portfolios', headers: bearer(keys.b!) })).statusCode,
    ).toBe(200);
    for (let i = 0; i < LIMIT + 1; i++) {
      expect((await h.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    }
  });

  it('limits requests without a key per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 1; i++) {
      const res = await h.app.inject({ method: 'GET', url: '/portfolios', remoteAddress: '10.1.2.3' });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429]);
  });

  it('refuses a JSON body over PAS_MAX_BODY_BYTES with 413', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/analytics/twr',
      headers: { ...bearer(keys.b!), 'content-type': 'application/json' },
      payload: JSON.stringify({ pad: 'x'.repeat(3000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
  });
});
