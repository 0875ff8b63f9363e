import type { FastifyInstance } from 'fastify';
import { contributionOf } from '../../app/services/contribution.service.ts';
import type { System } from '../../app/system.ts';
import { contributionSchema } from '../schemas/analytics-contribution.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { portfolioPost } from './portfolio-route.ts';

/** POST /portfolios/{id}/contribution (docs/analytics/contribution-attribution.md). */
export function registerContributionRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  portfolioPost(app, system, 'contribution', contributionSchema, contributionOf, { optionalBody: true });
}
