import { type Dec, dec, toNumeric, ZERO } from '../money.ts';
import type { SecurityPlan } from './targets.ts';
import type { Action, Side, Trade } from './types.ts';

/**
 * Trade sizing. The rule: a trade is a whole number of lots, truncated toward zero from the exact quantity
 * that would reach the target, so a position never crosses its target; a sale to a target of 0 sells the
 * whole position, odd lot included. Sales come first and their proceeds fund the buys; when the buys would
 * draw cash below the buffer, every buy is cut by the same factor and truncated to whole lots again, so the
 * cash left is never below the buffer (nor below 0 when there was cash to start with). A trade worth less
 * than min_trade_value is dropped, before and after that cut. The cash arithmetic is exact decimal over the
 * float64 prices, so "never below the buffer" holds exactly, not up to rounding.
 */

// A price of value / quantity leaves 2.9999999999999996 lots where the exact answer is 3: far below any real
// lot fraction, and only ever used toward a target, never to fit the cash.
const LOT_EPSILON = dec('1e-9');

/** Whole lots in `quantity` (≥ 0) of `lotSize` units, rounded toward zero. */
export function wholeLots(quantity: Dec, lotSize: Dec): Dec {
  const lots = quantity.div(lotSize).plus(LOT_EPSILON).floor();
  return lots.isNeg() ? ZERO : lots;
}

export interface Sized {
  security_id: string;
  trade: Trade | null;
  /** Units bought (+) or sold (−). */
  units: number;
  /** The trade's exact amount (0 without a trade): what the cash accounting adds up. */
  amount: Dec;
  action: Action;
}

interface Priced {
  plan: SecurityPlan;
  price: Dec;
  lot: Dec;
}

const none = (p: Priced, action: Action): Sized => ({
  security_id: p.plan.security_id,
  trade: null,
  units: 0,
  amount: ZERO,
  action,
});

function sized(p: Priced, side: Side, quantity: Dec, minTrade: Dec): Sized {
  const amount = quantity.times(p.price);
  if (quantity.isZero()) return none(p, 'LESS_THAN_A_LOT');
  if (amount.lt(minTrade)) return none(p, 'BELOW_MIN_TRADE');
  const trade = {
    security_id: p.plan.security_id,
    side,
    quantity: toNumeric(quantity),
    price: p.plan.price,
    amount: amount.toNumber(),
  };
  const units = quantity.toNumber();
  return {
    security_id: p.plan.security_id,
    trade,
    units: side === 'BUY' ? units : -units,
    amount,
    action: 'TRADED',
  };
}

/** The sale toward the target: whole lots, or the whole position when the target is 0. */
function sale(p: Priced, gap: Dec, minTrade: Dec): Sized {
  if (p.plan.target_weight === 0) {
    const all = sized(p, 'SELL', dec(p.plan.quantity), minTrade);
    // Its amount is the market value itself, not quantity × (value / quantity).
    const value = p.plan.market_value;
    return all.trade ? { ...all, amount: dec(value), trade: { ...all.trade, amount: value } } : all;
  }
  return sized(p, 'SELL', wholeLots(gap.neg().div(p.price), p.lot).times(p.lot), minTrade);
}

export interface Sizing {
  /** In the order of the plans. */
  sized: Sized[];
  /** Buys were cut to keep the cash buffer. */
  constrained: boolean;
}

/**
 * Sizes the trades of the active plans: `total` is the portfolio's market value (the weights' denominator),
 * `cash` the cash held, `buffer` the cash the buys must leave (all base currency).
 */
export function sizeTrades(
  plans: readonly SecurityPlan[],
  total: number,
  cash: number,
  buffer: number,
  minTradeValue: number,
): Sizing {
  const minTrade = dec(minTradeValue);
  const out = new Map<string, Sized>();
  const active = plans
    .filter((plan) => plan.active && plan.target_weight !== null)
    .map((plan) => ({
      plan,
      price: dec(plan.price),
      lot: dec(plan.lot_size),
      gap: dec(plan.target_weight ?? 0)
        .times(total)
        .minus(plan.market_value),
    }));
  for (const a of active) if (a.gap.isNeg()) out.set(a.plan.security_id, sale(a, a.gap, minTrade));

  const proceeds = [...out.values()].reduce((s, x) => s.plus(x.amount), ZERO);
  const left = dec(cash).plus(proceeds).minus(buffer);
  const available = left.isNeg() ? ZERO : left;
  const wanted = active
    .filter((a) => a.gap.gt(0))
    .map((a) => ({ a, quantity: wholeLots(a.gap.div(a.price), a.lot).times(a.lot) }));
  const kept = (quantity: Dec, a: Priced) => quantity.gt(0) && quantity.times(a.price).gte(minTrade);
  const spend = wanted.reduce(
    (s, w) => (kept(w.quantity, w.a) ? s.plus(w.quantity.times(w.a.price)) : s),
    ZERO,
  );
  const constrained = spend.gt(available);
  for (const { a, quantity } of wanted) {
    if (!constrained || !kept(quantity, a)) {
      out.set(a.plan.security_id, sized(a, 'BUY', quantity, minTrade));
      continue;
    }
    // The same cut for every buy, truncated to whole lots without any epsilon: Σ cost ≤ available exactly.
    const cut = quantity.div(a.lot).times(available).div(spend).floor().times(a.lot);
    const result = sized(a, 'BUY', cut, minTrade);
    out.set(a.plan.security_id, cut.isZero() ? { ...result, action: 'NO_CASH' } : result);
  }
  return { sized: plans.map((plan) => out.get(plan.security_id) ?? untraded(plan)), constrained };
}

function untraded(plan: SecurityPlan): Sized {
  const action: Action =
    plan.target_weight === null ? 'UNLISTED' : plan.active ? 'AT_TARGET' : 'WITHIN_TOLERANCE';
  return { security_id: plan.security_id, trade: null, units: 0, amount: ZERO, action };
}
