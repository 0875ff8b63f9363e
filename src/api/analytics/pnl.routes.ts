import type { FastifyInstance } from 'fastify';
import { pnlOf, realizedGainsOf } from '../../app/services/pnl.service.ts';
import type { System } from '../../app/system.ts';
import { pnlSchema, realizedGainsSchema } from '../schemas/analytics-pnl.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { portfolioPost } from './portfolio-route.ts';

/** POST /portfolios/{id}/pnl and /pnl/realized-gains (docs/analytics/pnl.md). */
export function registerPnlRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  portfolioPost(app, system, 'pnl', pnlSchema, pnlOf);
  portfolioPost(app, system, 'pnl/realized-gains', realizedGainsSchema, realizedGainsOf, {
    optionalBody: true,
  });
}
