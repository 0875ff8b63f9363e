import { validationFailed } from '../errors.ts';
import { dec } from '../money.ts';
import { planTargets } from './targets.ts';
import { sizeTrades } from './trades.ts';
import type { GroupOutcome, Holding, PositionOutcome, RebalanceRequest, RebalanceResult } from './types.ts';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const driftOf = (weight: number, target: number | null) => (target === null ? null : weight - target);

/**
 * Proposes the trades that bring `holdings` (the valued positions of one date) to the request's targets, and
 * the weights before and after. Trades happen at the holdings' own prices and cost nothing, so the total
 * market value, the weights' denominator, is the same before and after. Cash is every cash position taken
 * together, in base currency.
 */
export function rebalance(holdings: readonly Holding[], request: RebalanceRequest): RebalanceResult {
  const total = holdings.reduce((s, h) => s + h.market_value, 0);
  if (!(total > 0)) {
    throw validationFailed('nothing to rebalance', [
      {
        index: 0,
        field: 'as_of_date',
        message: `the portfolio's total market value on the date is ${total}, not positive`,
      },
    ]);
  }
  const cash = holdings.filter((h) => h.is_cash).reduce((s, h) => s + h.market_value, 0);
  const buffer = request.cash_buffer * total;
  const plan = planTargets(holdings, request, total);
  const { sized, constrained } = sizeTrades(plan.securities, total, cash, buffer, request.min_trade_value);

  const positions: PositionOutcome[] = plan.securities.map((p, i) => {
    const { units, trade, action } = sized[i]!;
    // A sale of everything leaves exactly nothing, not quantity − quantity·(value/quantity)/price noise.
    const closed = trade?.side === 'SELL' && -units === p.quantity;
    const valueAfter = closed ? 0 : p.market_value + units * p.price;
    const weightBefore = p.market_value / total;
    const weightAfter = valueAfter / total;
    return {
      security_id: p.security_id,
      group: p.group,
      price: p.price,
      quantity_before: p.quantity,
      quantity_after: closed ? 0 : p.quantity + units,
      market_value_before: p.market_value,
      market_value_after: valueAfter,
      weight_before: weightBefore,
      weight_after: weightAfter,
      target_weight: p.target_weight,
      drift_before: driftOf(weightBefore, p.target_weight),
      drift_after: driftOf(weightAfter, p.target_weight),
      action,
    };
  });
  positions.sort((a, b) => byText(a.security_id, b.security_id));
  const trades = sized
    .flatMap((s) => (s.trade ? [s.trade] : []))
    .sort((a, b) => byText(a.security_id, b.security_id));
  // Exact, as the sizing was: the cash left is never a rounding error below the buffer.
  const cashAfter = sized
    .reduce((c, s) => (s.trade?.side === 'BUY' ? c.minus(s.amount) : c.plus(s.amount)), dec(cash))
    .toNumber();

  const groups: GroupOutcome[] = [...plan.groups]
    .sort((a, b) => byText(a.key, b.key))
    .map((g) => {
      const after = positions.filter((p) => p.group === g.key).reduce((s, p) => s + p.weight_after, 0);
      return {
        key: g.key,
        target_weight: g.target_weight,
        weight_before: g.weight,
        weight_after: after,
        drift_before: driftOf(g.weight, g.target_weight),
        drift_after: driftOf(after, g.target_weight),
        within_tolerance: g.within_tolerance,
      };
    });

  return {
    total_market_value: total,
    trades,
    positions,
    groups,
    cash: {
      before: cash,
      after: cashAfter,
      weight_before: cash / total,
      weight_after: cashAfter / total,
      buffer,
    },
    cash_constrained: constrained,
    unfilled: plan.unfilled,
  };
}
