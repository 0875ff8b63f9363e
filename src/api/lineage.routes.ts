import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { notFound } from '../domain/errors.ts';
import { findKey, findKeys, type KeyQuery } from '../store/queries/lineage.queries.ts';
import { portfolioIsKnown } from '../store/queries/portfolios.queries.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import { getKeySchema, listKeysSchema } from './schemas/lineage.schemas.ts';

/** Where each position key stands: epoch, watermark, status and, when blocked, why. */
export function registerLineageRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  app.get<{ Params: { portfolio_id: string }; Querystring: Omit<KeyQuery, 'portfolio_id'> }>(
    '/lineage/portfolios/:portfolio_id/keys',
    { schema: listKeysSchema },
    async (request) => {
      const { portfolio_id } = request.params;
      const query = { ...request.query, portfolio_id };
      const page = await findKeys(db, query);
      if (page.total === 0 && !(await portfolioIsKnown(db, portfolio_id))) {
        throw notFound(`portfolio ${portfolio_id} not found`);
      }
      return { portfolio_id, total: page.total, skip: query.skip, limit: query.limit, items: page.items };
    },
  );

  app.get<{ Params: { portfolio_id: string; security_id: string } }>(
    '/lineage/portfolios/:portfolio_id/securities/:security_id',
    { schema: getKeySchema },
    async (request) => {
      const { portfolio_id, security_id } = request.params;
      const key = await findKey(db, portfolio_id, security_id);
      if (!key) throw notFound(`no position key (${portfolio_id}, ${security_id})`);
      return { portfolio_id, ...key };
    },
  );
}
