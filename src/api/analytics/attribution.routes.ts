import type { FastifyInstance } from 'fastify';
import { attributionOf } from '../../app/services/attribution.service.ts';
import type { System } from '../../app/system.ts';
import { attributionSchema } from '../schemas/analytics-attribution.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { portfolioPost } from './portfolio-route.ts';

/** POST /portfolios/{id}/attribution (docs/analytics/contribution-attribution.md). */
export function registerAttributionRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  portfolioPost(app, system, 'attribution', attributionSchema, attributionOf);
}
