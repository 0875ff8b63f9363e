import type { FastifyInstance } from 'fastify';
import type { System } from '../../app/system.ts';
import { analyseBond } from '../../domain/analytics/bonds/bond.ts';
import type { BondRequest } from '../../domain/analytics/bonds/bond-terms.ts';
import { splitFigures } from '../../domain/analytics/figure.ts';
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
    async (request) => {
      const { figures, ...rest } = analyseBond(request.body);
      const { values, null_reasons } = splitFigures(figures);
      return { ...values, ...rest, null_reasons };
    },
  );
}
