import { randomUUID } from 'node:crypto';
import AjvCompiler from '@fastify/ajv-compiler';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { System } from '../app/system.ts';
import { registerAnalyticsRoutes } from './analytics/index.ts';
import { registerAuditRoutes } from './audit.routes.ts';
import { registerBackupRoutes } from './backup.routes.ts';
import { registerDashboardRoutes } from './dashboard.routes.ts';
import { registerDataQualityRoutes } from './data-quality.routes.ts';
import { errorHandler, frameworkProblem } from './errors.ts';
import { registerFactRoutes } from './facts.ts';
import { tidyFloats } from './float-output.ts';
import { registerHealthRoutes } from './health.routes.ts';
import { registerIngestRoutes } from './ingest.routes.ts';
import { registerJobRoutes } from './jobs.routes.ts';
import { registerKeyRoutes } from './keys.routes.ts';
import { markOptionalBodies } from './optional-body.ts';
import { registerQuarantineRoutes } from './quarantine.routes.ts';
import { registerRequestExamples } from './request-examples.ts';
import { registerRequestGuards } from './request-guards.ts';
import { registerResponseCheck } from './response-check.ts';
import { registerAuth, securitySchemes } from './security/auth.ts';
import { registerLimits } from './security/limits.ts';
import { registerSeedRoutes } from './seeds/index.ts';
import { declareStandardResponses } from './standard-responses.ts';
import { registerUploadRoutes } from './uploads.routes.ts';

/** The factory of Fastify's own Ajv compilers, narrowed to what is used here. */
type CompilerFactory = (
  externalSchemas: unknown,
  options?: { customOptions?: Record<string, unknown> },
) => (route: { httpPart?: string }) => unknown;

const ajvCompilers = AjvCompiler() as unknown as CompilerFactory;

/**
 * Query strings and path parameters arrive as text, so their schemas coerce ('?limit=10' is the number 10). A
 * JSON body is typed already, and coercion there would be silent damage: Ajv would turn a `null` market value
 * into 0 and a `true` into 1. Bodies are validated without coercion; a wrong type is a 422 naming the field.
 */
const bodyStrictValidators: CompilerFactory = (externalSchemas, options) => {
  const coercing = ajvCompilers(externalSchemas, options);
  const strict = ajvCompilers(externalSchemas, {
    ...options,
    customOptions: { ...options?.customOptions, coerceTypes: false },
  });
  return (route) => (route.httpPart === 'body' ? strict : coercing)(route);
};

export interface ApiOptions {
  /**
   * 'all': ingest and queries (the main port); 'query': the query routes only (the original's query port, or a
   * query-role process); 'ingest': the ingest, job and quarantine routes (an ingest-role process); 'health':
   * /health and /metrics only (a process of relay and stage roles). Health and metrics are on every port.
   */
  routes: 'all' | 'query' | 'ingest' | 'health';
  /**
   * Validate every JSON answer against its route's schema, objects closed (response-check.ts): a field missing
   * from a schema fails instead of vanishing. For tests; default from PAS_CHECK_RESPONSES=1.
   */
  checkResponses?: boolean;
}

export async function buildApi(
  system: System,
  options: ApiOptions = { routes: 'all' },
): Promise<FastifyInstance> {
  const app = Fastify({
    // Typed as Fastify's base logger so the instance is the plain FastifyInstance every route module takes.
    loggerInstance: system.logger as FastifyBaseLogger,
    // Our onResponse hook writes one line per request; every request log line is labelled correlation_id.
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'correlation_id' }),
    bodyLimit: system.config.maxBodyBytes,
    trustProxy: system.config.trustProxy,
    requestIdHeader: 'x-correlation-id',
    genReqId: () => `PAS:${randomUUID()}`,
    frameworkErrors: (error, request, reply) => frameworkProblem(error, request, reply),
    ajv: { customOptions: { coerceTypes: true, allErrors: true, removeAdditional: false } },
    schemaController: {
      compilersFactory: {
        buildValidator: bodyStrictValidators as unknown as AjvCompiler.BuildCompilerFromPool,
      },
    },
  });

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-correlation-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    system.metrics.httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    request.log.info(
      {
        method: request.method,
        route,
        status: reply.statusCode,
        ms: reply.elapsedTime,
      },
      'request completed',
    );
  });
  app.addHook('preSerialization', async (_request, _reply, payload) => tidyFloats(payload));
  if (options.checkResponses ?? process.env.PAS_CHECK_RESPONSES === '1') registerResponseCheck(app);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(registerRequestGuards(app, system.config));
  registerAuth(app, system);
  await registerLimits(app, system.config);

  declareStandardResponses(app);
  registerRequestExamples(app);
  await app.register(swagger, {
    // Shared schemas (app.addSchema) become components named by their $id instead of def-0, def-1, ….
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transformObject: (document) =>
      'openapiObject' in document ? markOptionalBodies(document.openapiObject) : document.swaggerObject,
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Portfolio Analytics System',
        version: '0.1.0',
        description:
          'Ingest portfolios, instruments, transactions, prices, FX rates and business dates; query facts and ' +
          'derived state. Errors are application/problem+json with a correlation_id.',
      },
      components: { securitySchemes: securitySchemes() },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerHealthRoutes(app, system);
  const { routes } = options;
  if (routes === 'all' || routes === 'query') {
    registerFactRoutes(app, system);
    registerAnalyticsRoutes(app, system);
    registerDataQualityRoutes(app, system);
  }
  if (routes !== 'health') {
    registerJobRoutes(app, system);
    registerAuditRoutes(app, system);
    registerQuarantineRoutes(app, system, routes === 'query' ? 'query' : 'all');
  }
  registerSeedRoutes(app, system, routes);
  if (routes === 'all' || routes === 'ingest') {
    registerKeyRoutes(app, system);
    registerIngestRoutes(app, system);
    registerBackupRoutes(app, system);
    registerUploadRoutes(app, system);
    registerDashboardRoutes(app);
  }
  await app.ready();
  return app;
}
