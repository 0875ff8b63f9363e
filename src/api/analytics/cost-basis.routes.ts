import type { FastifyInstance } from 'fastify';
import type { System } from '../../app/system.ts';
import { type CostBasisDryRunRequest, costBasisDryRun } from '../../domain/analytics/cost-basis-dry-run.ts';
import { type Dec, toNumeric } from '../../domain/money.ts';
import { acceptAnyBody } from '../ingest-request.ts';
import { costBasisRouteSchema } from '../schemas/analytics-cost-basis.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { refuseUnknownFields } from '../unknown-fields.ts';

const lotPart = (l: { acquisition_date: string; quantity: Dec; cost_basis: Dec }) => ({
  acquisition_date: l.acquisition_date,
  quantity: toNumeric(l.quantity),
  cost_basis: toNumeric(l.cost_basis),
});

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
    async (request) => {
      const r = costBasisDryRun(request.body);
      return {
        disposals: r.disposals.map((d) => ({
          date: d.date,
          quantity: toNumeric(d.quantity),
          proceeds: toNumeric(d.proceeds),
          cost_basis_removed: toNumeric(d.cost_basis_removed),
          realized_gain_loss: toNumeric(d.realized_gain_loss),
          lots: d.lots.map(lotPart),
        })),
        realized_gain_loss: toNumeric(r.realized_gain_loss),
        remaining_quantity: toNumeric(r.remaining_quantity),
        remaining_cost_basis: toNumeric(r.remaining_cost_basis),
        average_cost_per_share:
          r.average_cost_per_share === null ? null : toNumeric(r.average_cost_per_share),
        lots: r.lots.map((l) => ({ ...lotPart(l), cost_per_share: toNumeric(l.cost_per_share) })),
        total_buy_cost: toNumeric(r.total_buy_cost),
        total_net_proceeds: toNumeric(r.total_net_proceeds),
        conventions: r.conventions,
      };
    },
  );
}
