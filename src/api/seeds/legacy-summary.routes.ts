import type { FastifyInstance } from 'fastify';
import { legacySummary } from '../../app/services/legacy-summary.service.ts';
import type { System } from '../../app/system.ts';
import { addSharedSchemas, type RouteTypes } from '../schemas/common.schemas.ts';
import { legacySummarySchema } from '../schemas/legacy-summary.schemas.ts';

/** POST /portfolios/{id}/summary: the original's summary contract, beside today's GET (series.routes.ts). */
export function registerLegacySummaryRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  app.post<RouteTypes<typeof legacySummarySchema>>(
    '/portfolios/:portfolio_id/summary',
    { schema: legacySummarySchema },
    // The types tie the schema to the service: the body it validates fits the request, the answer the schema.
    async (request) => legacySummary(system.db, request.params.portfolio_id, request.body),
  );
}
