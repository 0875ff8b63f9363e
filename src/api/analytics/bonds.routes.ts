import type { FastifyInstance } from 'fastify';
import { type BondRequest, bondOf } from '../../app/services/bonds.service.ts';
import type { System } from '../../app/system.ts';
import { acceptAnyBody } from '../ingest-request.ts';
import { bondsRouteSchema } from '../schemas/analytics-bonds.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { refuseUnknownFields } from '../unknown-fields.ts';

/**
 * POST /analytics/bonds: price, yield and risk of a fixed-coupon bond from its terms (stateless). The schema
 * documents the body; the domain checks it (readBondTerms), so every error names its field the same way.
 */
export function registerBondRoutes(app: FastifyInstance, _system: System) {
  addSharedSchemas(app);
  app.post<{ Body: BondRequest }>(
    '/analytics/bonds',
    {
      schema: bondsRouteSchema,
      validatorCompiler: acceptAnyBody,
      preValidation: refuseUnknownFields(bondsRouteSchema.body),
    },
    async (request) => bondOf(request.body),
  );
}
