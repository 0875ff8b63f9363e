import type { FastifyInstance } from 'fastify';
import { type AttributionBody, attributionOf } from '../../app/services/attribution.service.ts';
import type { System } from '../../app/system.ts';
import { attributionSchema } from '../schemas/analytics-attribution.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import type { PortfolioParams } from './portfolio-params.ts';

/** POST /portfolios/{id}/attribution (docs/analytics/contribution-attribution.md). */
export function registerAttributionRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  app.post<PortfolioParams & { Body: AttributionBody }>(
    '/portfolios/:portfolio_id/attribution',
    { schema: attributionSchema },
    async (request) => attributionOf(db, request.params.portfolio_id, request.body),
  );
}
