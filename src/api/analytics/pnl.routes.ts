import type { FastifyInstance } from 'fastify';
import { type GainsBody, type PnlBody, pnlOf, realizedGainsOf } from '../../app/services/pnl.service.ts';
import type { System } from '../../app/system.ts';
import { pnlSchema, realizedGainsSchema } from '../schemas/analytics-pnl.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import type { PortfolioParams } from './portfolio-params.ts';

/** POST /portfolios/{id}/pnl and /pnl/realized-gains (docs/analytics/pnl.md). */
export function registerPnlRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  app.post<PortfolioParams & { Body: PnlBody }>(
    '/portfolios/:portfolio_id/pnl',
    { schema: pnlSchema },
    async (request) => pnlOf(db, request.params.portfolio_id, request.body),
  );

  app.post<PortfolioParams & { Body: GainsBody | undefined }>(
    '/portfolios/:portfolio_id/pnl/realized-gains',
    {
      schema: realizedGainsSchema,
      // Every field is optional: a POST without a body is the default report, not a 422.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => realizedGainsOf(db, request.params.portfolio_id, request.body ?? {}),
  );
}
