import type { FastifyInstance } from 'fastify';
import { type KeyQuery, positionKeyOf, positionKeysOf } from '../app/services/positions.service.ts';
import type { System } from '../app/system.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import { getKeySchema, listKeysSchema } from './schemas/lineage.schemas.ts';

/** Where each position key stands: epoch, watermark, status and, when blocked, why. */
export function registerLineageRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  app.get<{ Params: { portfolio_id: string }; Querystring: Omit<KeyQuery, 'portfolio_id'> }>(
    '/lineage/portfolios/:portfolio_id/keys',
    { schema: listKeysSchema },
    async (request) => positionKeysOf(db, { ...request.query, portfolio_id: request.params.portfolio_id }),
  );

  app.get<{ Params: { portfolio_id: string; security_id: string } }>(
    '/lineage/portfolios/:portfolio_id/securities/:security_id',
    { schema: getKeySchema },
    async (request) => positionKeyOf(db, request.params.portfolio_id, request.params.security_id),
  );
}
