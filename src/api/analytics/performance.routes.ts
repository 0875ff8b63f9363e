import type { FastifyInstance } from 'fastify';
import {
  type PerformanceBody,
  type PerformanceMwrBody,
  performanceMwrOf,
  performanceOf,
} from '../../app/services/performance.service.ts';
import type { System } from '../../app/system.ts';
import { mwrSchema, performanceSchema } from '../schemas/analytics-performance.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import type { PortfolioParams } from './portfolio-params.ts';

/** POST /portfolios/{id}/performance and /performance/mwr (docs/analytics/performance.md). */
export function registerPerformanceRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  app.post<PortfolioParams & { Body: PerformanceBody }>(
    '/portfolios/:portfolio_id/performance',
    { schema: performanceSchema },
    async (request) => performanceOf(db, request.params.portfolio_id, request.body),
  );

  app.post<PortfolioParams & { Body: PerformanceMwrBody }>(
    '/portfolios/:portfolio_id/performance/mwr',
    { schema: mwrSchema },
    async (request) => performanceMwrOf(db, request.params.portfolio_id, request.body),
  );
}
