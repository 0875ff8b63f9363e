import type { FastifyInstance } from 'fastify';
import { rebalanceOf } from '../../app/services/rebalance.service.ts';
import type { System } from '../../app/system.ts';
import { rebalanceSchema } from '../schemas/analytics-portfolio.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { portfolioPost } from './portfolio-route.ts';

/** POST /portfolios/{id}/rebalance: proposed trades toward target weights, from the positions of one date. */
export function registerRebalanceRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  portfolioPost(app, system, 'rebalance', rebalanceSchema, rebalanceOf);
}
