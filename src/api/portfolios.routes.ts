import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { notFound } from '../domain/errors.ts';
import { findPortfolio, findPortfolios, type PortfolioFilter } from '../store/queries/portfolios.queries.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import { getPortfolioSchema, listPortfoliosSchema, portfolioSchema } from './schemas/portfolios.schemas.ts';
import { portfolioIdsOf } from './security/principal.ts';
import { withTrailingSlash } from './trailing-slash.ts';

export function registerPortfolioRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [portfolioSchema]);

  withTrailingSlash('/portfolios', (url, hide) =>
    app.get<{ Querystring: PortfolioFilter }>(
      url,
      { schema: { ...listPortfoliosSchema, hide } },
      async (request) => ({
        portfolios: await findPortfolios(system.db, {
          ...request.query,
          portfolio_ids: portfolioIdsOf(request),
        }),
      }),
    ),
  );

  app.get<{ Params: { portfolio_id: string } }>(
    '/portfolios/:portfolio_id',
    { schema: getPortfolioSchema },
    async (request) => {
      const { portfolio_id } = request.params;
      const portfolio = await findPortfolio(system.db, portfolio_id);
      if (!portfolio) throw notFound(`portfolio ${portfolio_id} not found`);
      return portfolio;
    },
  );
}
