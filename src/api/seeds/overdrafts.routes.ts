import type { FastifyInstance } from 'fastify';
import { overdraftsOf } from '../../app/services/overdrafts.service.ts';
import type { System } from '../../app/system.ts';
import { addSharedSchemas, type RouteTypes } from '../schemas/common.schemas.ts';
import { overdraftsSchema } from '../schemas/overdrafts.schemas.ts';

/** GET /overdrafts: cash accounts below zero, the data-health flag of an overdraft. */
export function registerOverdraftRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  app.get<RouteTypes<typeof overdraftsSchema>>('/overdrafts', { schema: overdraftsSchema }, async (request) =>
    overdraftsOf(system.db, request.query.portfolio_id),
  );
}
