import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { System } from '../../app/system.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import { jobSubmittedBy } from '../../store/audit.ts';
import { problemResponse } from '../schemas/common.schemas.ts';
import { keyResolver } from './key-cache.ts';
import './principal.ts';
import { accessOf } from './route-access.ts';

/**
 * Authentication and authorisation of every route a process serves, as hooks: whatever routes a process
 * registers (main port, query port, a role's subset), each is covered by its URL pattern (route-access.ts).
 *
 * With PAS_AUTH=required a request carries an API key (`Authorization: Bearer <key>` or `X-API-Key: <key>`):
 * none or an unknown or revoked one is 401 UNAUTHENTICATED, a key without the route's scope 403
 * INSUFFICIENT_SCOPE. A key limited to portfolios gets 404 for any other portfolio named in the path (as if
 * it did not exist) and for jobs it did not submit; lists are filtered where they are queried, and writes
 * are checked record by record by the ingest service (engine/write-scope.ts).
 */

const SECURITY_SCHEMES = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API key from `pas keys create`, as `Authorization: Bearer pas_…` (when PAS_AUTH=required).',
  },
  apiKeyHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description: 'The same API key, as X-API-Key.',
  },
} as const;

export const securitySchemes = () => SECURITY_SCHEMES;

const UNAUTHENTICATED = problemResponse(
  'PAS_AUTH=required and the request carries no API key, or an unknown or revoked one (UNAUTHENTICATED).',
);
const FORBIDDEN = problemResponse(
  'The API key lacks the scope this route needs (INSUFFICIENT_SCOPE: read, ingest or admin), or a record ' +
    'lies outside its portfolios (PORTFOLIO_FORBIDDEN, `errors` names each record); or a cross-site write ' +
    'from an origin not listed in PAS_CORS_ORIGINS (CROSS_SITE_REQUEST).',
);
const RATE_LIMITED = problemResponse(
  'Too many requests from this API key (or, without one, this client address) in the window ' +
    '(RATE_LIMITED); Retry-After says how many seconds to wait.',
);

function credentialOf(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = request.headers['x-api-key'];
  const value = Array.isArray(header) ? header[0] : header;
  return value?.trim() || undefined;
}

type Schema = NonNullable<RouteOptions['schema']> & { hide?: boolean; response?: Record<string, unknown> };

/** Declares the security requirement and the 401/403/429 answers of every documented route. */
function documentRoute(route: RouteOptions, open: boolean): void {
  const schema = (route.schema ?? {}) as Schema;
  if (schema.hide) return;
  route.schema = {
    ...schema,
    ...(open ? {} : { security: [{ bearerAuth: [] }, { apiKeyHeader: [] }] }),
    response: {
      ...(open ? {} : { 401: UNAUTHENTICATED, 403: FORBIDDEN }),
      // The health probes are never rate limited (security/limits.ts).
      ...(route.url.startsWith('/health/') ? {} : { 429: RATE_LIMITED }),
      ...schema.response,
    },
  };
}

/** Registers the hooks; call after the request guards (a CORS preflight is answered before auth). */
export function registerAuth(app: FastifyInstance, system: System): void {
  const { config } = system;
  app.decorateRequest('principal', undefined);
  // The document says what PAS_AUTH=required would ask, whatever this process runs with: one document.
  app.addHook('onRoute', (route) => {
    const method = [route.method].flat()[0] ?? 'GET';
    documentRoute(route, accessOf(method, route.url, { authPublic: [] }) === 'open');
  });
  if (config.auth === 'off') return;

  const resolve = keyResolver(system.db);
  // Who is calling, first: the rate limit (a route-level onRequest hook, so after this one) counts per key.
  app.addHook('onRequest', async (request) => {
    if (request.is404 || request.method === 'OPTIONS') return;
    const presented = credentialOf(request);
    if (presented !== undefined) request.principal = await resolve(presented);
  });
  // Then whether it may: after the rate limit, so a client sending bad keys is throttled like any other.
  app.addHook('preParsing', async (request, reply) => {
    if (request.is404 || request.method === 'OPTIONS') return;
    const access = accessOf(request.method, request.routeOptions.url ?? request.url, config);
    if (access === 'open') return;
    const { principal } = request;
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="pas"');
      throw new AppError(
        'UNAUTHENTICATED',
        credentialOf(request) === undefined
          ? 'an API key is required: send Authorization: Bearer <key> or X-API-Key: <key> (keys come from `pas keys create`)'
          : 'the API key is unknown or revoked',
      );
    }
    if (!principal.scopes.has(access)) {
      throw new AppError(
        'INSUFFICIENT_SCOPE',
        `${request.method} ${request.routeOptions.url} needs the "${access}" scope; key ${principal.keyId} has ${[...principal.scopes].join(', ') || 'none'}`,
        [],
        { required_scope: access },
      );
    }
    const limit = principal.portfolios;
    if (!limit) return;
    // Answered as if the resource did not exist: a limited key learns nothing about other portfolios.
    const params = request.params as Record<string, unknown> | undefined;
    const portfolioId = params?.portfolio_id;
    if (typeof portfolioId === 'string' && !limit.has(portfolioId)) {
      throw notFound(`portfolio ${portfolioId} not found`);
    }
    const jobId = params?.job_id;
    if (typeof jobId === 'string' && !(await jobSubmittedBy(system.db, jobId, principal.keyId))) {
      throw notFound(`INGESTION_JOB_NOT_FOUND: ingestion job ${jobId} does not exist`);
    }
  });
}
