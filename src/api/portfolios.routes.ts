import type { FastifyInstance } from 'fastify';
import { listPortfolios, type PortfolioFilter, portfolioOf } from '../app/services/facts.service.ts';
import type { System } from '../app/system.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import { getPortfolioSchema, listPortfoliosSchema, portfolioSchema } from './schemas/portfolios.schemas.ts';
import { portfolioIdsOf } from './security/principal.ts';
import { getList } from './trailing-slash.ts';

export function registerPortfolioRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [portfolioSchema]);

  getList<PortfolioFilter>(app, '/portfolios', listPortfoliosSchema, (query, request) =>
    listPortfolios(system.db, { ...query, portfolio_ids: portfolioIdsOf(request) }),
  );

  app.get<{ Params: { portfolio_id: string } }>(
    '/portfolios/:portfolio_id',
    { schema: getPortfolioSchema },
    async (request) => portfolioOf(system.db, request.params.portfolio_id),
  );
}
