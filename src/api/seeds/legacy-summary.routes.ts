import type { FastifyInstance } from 'fastify';
import type { System } from '../../app/system.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { type LegacySummaryBody, legacySummarySchema } from '../schemas/legacy-summary.schemas.ts';
import { legacySummary } from './legacy-summary.service.ts';

/** POST /portfolios/{id}/summary: the original's summary contract, beside today's GET (series.routes.ts). */
export function registerLegacySummaryRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  app.post<{ Params: { portfolio_id: string }; Body: LegacySummaryBody }>(
    '/portfolios/:portfolio_id/summary',
    { schema: legacySummarySchema },
    async (request) => legacySummary(system.db, request.params.portfolio_id, request.body),
  );
}
