import type { FastifyInstance } from 'fastify';
import type { System } from '../../app/system.ts';
import { computeRisk } from '../../domain/analytics/risk/compute-risk.ts';
import type { RiskRequest } from '../../domain/analytics/risk/types.ts';
import { validateRiskRequest } from '../../domain/analytics/risk/validate.ts';
import { riskSchema } from '../schemas/analytics-risk.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';

/** POST /analytics/risk: the risk metrics of the returns in the request (stateless; docs/analytics/risk.md). */
export function registerRiskRoutes(app: FastifyInstance, _system: System) {
  addSharedSchemas(app);
  app.post<{ Body: RiskRequest }>(
    '/analytics/risk',
    {
      schema: riskSchema,
      // The body is checked before the schema's type coercion runs: coercion would turn a null or "0.01"
      // return into a number silently, and a series with a hole must be refused, not filled with 0.
      preValidation: async (request) => {
        validateRiskRequest(request.body);
      },
    },
    async (request) => computeRisk(request.body),
  );
}
