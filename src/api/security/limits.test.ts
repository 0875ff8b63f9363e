import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../errors.ts';
import { registerLimits } from './limits.ts';

/** The analytics timeout: an analytics route slower than PAS_ANALYTICS_TIMEOUT_MS is answered 503; others are not limited. */
describe('the analytics timeout', () => {
  it('answers 503 REQUEST_TIMEOUT for a slow analytics route and leaves other routes alone', async () => {
    const app = Fastify();
    app.setErrorHandler(errorHandler);
    await registerLimits(app, { rateLimitMax: 0, rateLimitWindowS: 60, analyticsTimeoutMs: 20 });
    const slow = async () => {
      await sleep(400);
      return { done: true };
    };
    app.post('/analytics/slow', slow);
    app.post('/portfolios/:portfolio_id/slow', slow);
    app.get('/portfolios/:portfolio_id/slow', slow);
    await app.ready();
    try {
      for (const url of ['/analytics/slow', '/portfolios/P1/slow']) {
        const res = await app.inject({ method: 'POST', url });
        expect(res.statusCode, url).toBe(503);
        expect(res.json()).toMatchObject({ code: 'REQUEST_TIMEOUT', status: 503 });
      }
      const read = await app.inject({ method: 'GET', url: '/portfolios/P1/slow' });
      expect(read.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
