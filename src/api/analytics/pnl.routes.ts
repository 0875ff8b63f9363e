import type { FastifyInstance } from 'fastify';
import { type PnlBody, pnlOf, realizedGainsOf } from '../../app/services/pnl.service.ts';
import type { System } from '../../app/system.ts';
import { pnlSchema, realizedGainsSchema } from '../schemas/analytics-pnl.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { portfolioPost } from './portfolio-route.ts';

/** POST /portfolios/{id}/pnl and /pnl/realized-gains (docs/analytics/pnl.md). */
export function registerPnlRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const pivot = system.config.fxPivot;
  portfolioPost(app, system, 'pnl', pnlSchema, (db, id, body: PnlBody) => pnlOf(db, id, body, pivot));
  portfolioPost(app, system, 'pnl/realized-gains', realizedGainsSchema, realizedGainsOf, {
    optionalBody: true,
  });
}
