import type { FastifyInstance } from 'fastify';
import { portfolioRiskOf, type RiskBody } from '../../app/services/portfolio-risk.service.ts';
import type { System } from '../../app/system.ts';
import { portfolioRiskSchema } from '../schemas/analytics-portfolio-risk.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import type { PortfolioParams } from './portfolio-params.ts';

/** POST /portfolios/{id}/risk (docs/analytics/performance.md). */
export function registerPortfolioRiskRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  app.post<PortfolioParams & { Body: RiskBody }>(
    '/portfolios/:portfolio_id/risk',
    { schema: portfolioRiskSchema },
    async (request) => portfolioRiskOf(db, request.params.portfolio_id, request.body),
  );
}
