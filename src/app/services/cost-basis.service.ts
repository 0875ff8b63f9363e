import { type CostBasisDryRunRequest, costBasisDryRun } from '../../domain/analytics/cost-basis-dry-run.ts';
import { type Dec, toNumeric } from '../../domain/money.ts';

export type { CostBasisDryRunRequest };

const lotPart = (l: { acquisition_date: string; quantity: Dec; cost_basis: Dec }) => ({
  acquisition_date: l.acquisition_date,
  quantity: toNumeric(l.quantity),
  cost_basis: toNumeric(l.cost_basis),
});

/**
 * A stateless dry run of the position engine's lot book (POST /analytics/cost-basis): the domain checks the
 * request, naming each transaction's index and field; exact decimals are written as JSON numbers.
 */
export function costBasisOf(request: CostBasisDryRunRequest) {
  const r = costBasisDryRun(request);
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
    average_cost_per_share: r.average_cost_per_share === null ? null : toNumeric(r.average_cost_per_share),
    lots: r.lots.map((l) => ({ ...lotPart(l), cost_per_share: toNumeric(l.cost_per_share) })),
    total_buy_cost: toNumeric(r.total_buy_cost),
    total_net_proceeds: toNumeric(r.total_net_proceeds),
    conventions: r.conventions,
  };
}
