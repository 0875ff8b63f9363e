import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../../app/config.ts';
import { AppError } from '../../domain/errors.ts';
import './principal.ts';
import { isAnalyticsRoute } from './route-access.ts';

/**
 * What keeps one client from exhausting the process: a request rate per API key (per client address without
 * one; health probes are exempt), a time limit on analytics requests (the only routes whose work grows with
 * the request: periods, figures, years of history), and helmet's security headers. Body sizes
 * are limited where bodies are read (server.ts: PAS_MAX_BODY_BYTES; uploads: PAS_MAX_UPLOAD_BYTES).
 * Register after registerAuth: the rate limit's hook runs after authentication, so it counts per key.
 */
export async function registerLimits(
  app: FastifyInstance,
  config: Pick<Config, 'rateLimitMax' | 'rateLimitWindowS' | 'analyticsTimeoutMs'>,
): Promise<void> {
  const headers = securityHeaders({
    // The interactive docs (/docs) run Swagger UI's scripts and styles from this server.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
        frameAncestors: ["'none'"],
      },
    },
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
  if (config.analyticsTimeoutMs > 0) {
    app.addHook('onRoute', (route) => {
      const method = [route.method].flat()[0] ?? 'GET';
      if (isAnalyticsRoute(method, route.url)) route.handlerTimeout ??= config.analyticsTimeoutMs;
    });
  }
  if (config.rateLimitMax === 0) return;
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowS * 1000,
    keyGenerator: (request) =>
      request.principal ? `key:${request.principal.keyId}` : `address:${request.ip}`,
    allowList: (request) => request.url.startsWith('/health/'),
    errorResponseBuilder: (request, context) =>
      new AppError(
        'RATE_LIMITED',
        `more than ${context.max} requests in ${config.rateLimitWindowS} s from ${request.principal ? `API key ${request.principal.keyId}` : 'this address'} (PAS_RATE_LIMIT_MAX, PAS_RATE_LIMIT_WINDOW_S); retry after ${context.after}`,
        [],
        { retry_after_seconds: Math.ceil(context.ttl / 1000) },
      ),
  });
}

/**
 * The headers helmet sets, computed once. They depend on its options only (no nonces here), while
 * @fastify/helmet built helmet's middleware again for every request: ~5 % of a query process's CPU on cached
 * answers. Helmet stays the source of the headers; this only records what its middleware writes.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers = new Map<string, string>();
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  let failure: unknown;
  helmet(options)({} as never, response as never, (error?: unknown) => {
    failure = error;
  });
  if (failure !== undefined) throw failure;
  return Object.fromEntries(headers);
}
