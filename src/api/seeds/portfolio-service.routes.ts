import type { FastifyInstance } from 'fastify';
import { constituentsOf } from '../../app/services/constituents.service.ts';
import { performanceOf } from '../../app/services/performance.service.ts';
import { portfolioCalculationOf } from '../../app/services/portfolio-calculation.service.ts';
import type { System } from '../../app/system.ts';
import { IngestService } from '../../engine/ingest-service.ts';
import { acceptAnyBody, requestMeta } from '../ingest-request.ts';
import { addSharedSchemas, type RouteTypes } from '../schemas/common.schemas.ts';
import {
  calculateSchema,
  composedAnswers,
  constituentsSchema,
  createPortfolioSchema,
  performanceQuerySchema,
} from '../schemas/portfolio-service.schemas.ts';

type PerformanceQuery = RouteTypes<typeof performanceQuerySchema>['Querystring'];

/** The body of POST /portfolios/{id}/performance that a GET's query string stands for (one period). */
function performanceBodyOf(q: PerformanceQuery) {
  const period = {
    type: q.period ?? 'YTD',
    ...(q.from === undefined ? {} : { from: q.from }),
    ...(q.to === undefined ? {} : { to: q.to }),
    ...(q.year === undefined ? {} : { year: q.year }),
    ...(q.breakdown === undefined ? {} : { breakdown: q.breakdown }),
  };
  return {
    scope: {
      ...(q.as_of_date === undefined ? {} : { as_of_date: q.as_of_date }),
      ...(q.net_or_gross === undefined ? {} : { net_or_gross: q.net_or_gross }),
    },
    periods: [period],
    options: { include_attributes: q.include_attributes ?? false },
  };
}

/**
 * Seed 004's portfolio-service routes. The GET form of `performance` and `calculate` answer exactly what the
 * routes they stand for answer: they call the same services (performance, risk, valuation).
 */
export function registerPortfolioServiceRoutes(
  app: FastifyInstance,
  system: System,
  { reads, writes }: { reads: boolean; writes: boolean },
) {
  addSharedSchemas(app, composedAnswers);

  if (writes) {
    const service = new IngestService(system);
    app.post(
      '/portfolios',
      { schema: createPortfolioSchema, validatorCompiler: acceptAnyBody },
      async (request, reply) => {
        const receipt = await service.ingestOne(
          'portfolio',
          '/portfolios',
          request.body,
          requestMeta(request),
        );
        const id = (request.body as { portfolio_id?: unknown }).portfolio_id;
        if (typeof id === 'string') reply.header('location', `/portfolios/${encodeURIComponent(id)}`);
        return reply.status(201).send(receipt);
      },
    );
  }

  if (!reads) return;
  app.get<RouteTypes<typeof constituentsSchema>>(
    '/portfolios/:portfolio_id/constituents',
    { schema: constituentsSchema },
    async (request) => constituentsOf(system.db, request.params.portfolio_id, request.query.as_of_date),
  );

  const { analyticsTimeoutMs } = system.config;
  app.get<RouteTypes<typeof performanceQuerySchema>>(
    '/portfolios/:portfolio_id/performance',
    {
      schema: performanceQuerySchema,
      // The time limit of the POST it stands for (a GET is not otherwise an analytics route: limits.ts).
      ...(analyticsTimeoutMs > 0 ? { handlerTimeout: analyticsTimeoutMs } : {}),
    },
    async (request) =>
      performanceOf(system.db, request.params.portfolio_id, performanceBodyOf(request.query)),
  );

  app.post<RouteTypes<typeof calculateSchema>>(
    '/portfolios/:portfolio_id/calculate',
    { schema: calculateSchema },
    async (request) => portfolioCalculationOf(system.db, request.params.portfolio_id, request.body),
  );
}
