import type { FastifyInstance } from 'fastify';
import { type RebalanceBody, rebalanceOf } from '../../app/services/rebalance.service.ts';
import type { System } from '../../app/system.ts';
import { rebalanceSchema } from '../schemas/analytics-portfolio.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import type { PortfolioParams } from './portfolio-params.ts';

/** POST /portfolios/{id}/rebalance: proposed trades toward target weights, from the positions of one date. */
export function registerRebalanceRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  app.post<PortfolioParams & { Body: RebalanceBody }>(
    '/portfolios/:portfolio_id/rebalance',
    { schema: rebalanceSchema },
    async (request) => rebalanceOf(db, request.params.portfolio_id, request.body),
  );
}
