import type { FastifyInstance } from 'fastify';
import { portfolioRiskOf } from '../../app/services/portfolio-risk.service.ts';
import type { System } from '../../app/system.ts';
import { portfolioRiskSchema } from '../schemas/analytics-portfolio-risk.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { portfolioPost } from './portfolio-route.ts';

/** POST /portfolios/{id}/risk (docs/analytics/performance.md). */
export function registerPortfolioRiskRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  portfolioPost(app, system, 'risk', portfolioRiskSchema, portfolioRiskOf);
}
