import type { FastifyInstance } from 'fastify';
import { overdraftsOf } from '../../app/services/overdrafts.service.ts';
import type { System } from '../../app/system.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { type OverdraftsResponse, overdraftsSchema } from '../schemas/overdrafts.schemas.ts';

/** GET /overdrafts: cash accounts below zero, the data-health flag of an overdraft. */
export function registerOverdraftRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  app.get<{ Querystring: { portfolio_id?: string } }>(
    '/overdrafts',
    { schema: overdraftsSchema },
    async (request): Promise<OverdraftsResponse> => overdraftsOf(system.db, request.query.portfolio_id),
  );
}
