import type { FastifyInstance } from 'fastify';
import { type CostBasisDryRunRequest, costBasisOf } from '../../app/services/cost-basis.service.ts';
import type { System } from '../../app/system.ts';
import { acceptAnyBody } from '../ingest-request.ts';
import { costBasisRouteSchema } from '../schemas/analytics-cost-basis.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { refuseUnknownFields } from '../unknown-fields.ts';

/**
 * POST /analytics/cost-basis: a stateless dry run of the position engine's lot book. The schema documents the
 * body; the domain checks it, naming each transaction's index and field.
 */
export function registerCostBasisRoutes(app: FastifyInstance, _system: System) {
  addSharedSchemas(app);
  app.post<{ Body: CostBasisDryRunRequest }>(
    '/analytics/cost-basis',
    {
      schema: costBasisRouteSchema,
      validatorCompiler: acceptAnyBody,
      preValidation: refuseUnknownFields(costBasisRouteSchema.body),
    },
    async (request) => costBasisOf(request.body),
  );
}
