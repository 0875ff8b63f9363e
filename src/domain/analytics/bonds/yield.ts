import { type Figure, undefinedBecause } from '../figure.ts';
import { brent } from '../solvers/brent.ts';
import { dirtyPrice, lowestYield, type PricingModel } from './pricing.ts';

/** Each widening step of the bracket search; 60 halvings toward the lowest yield or doublings upward. */
const MAX_WIDENINGS = 60;

/**
 * The yield at which the model's clean price (dirty − accrued) equals `cleanPrice`, by Brent's method on a
 * bracket: Newton's method alone can leave the domain 1 + y/f > 0 on deep discounts. The clean price falls
 * strictly as the yield rises (every flow is ≥ 0), so a root in the bracket is the only one.
 */
export function yieldFromCleanPrice(
  model: PricingModel,
  accruedInterest: number,
  cleanPrice: number,
): Figure {
  const excess = (y: number) => finiteOrLimit(dirtyPrice(model, y) - accruedInterest - cleanPrice);
  const floor = lowestYield(model);
  // Start inside the domain and widen: downward by halving the distance to the floor, upward by doubling.
  let low = Number.isFinite(floor) ? floor / 2 : -1;
  let high = 1;
  for (let i = 0; i < MAX_WIDENINGS && excess(low) < 0; i++) {
    low = Number.isFinite(floor) ? (low + floor) / 2 : low * 2;
  }
  for (let i = 0; i < MAX_WIDENINGS && excess(high) > 0; i++) high *= 2;
  if (!(excess(low) >= 0 && excess(high) <= 0)) {
    return undefinedBecause('no yield gives this clean price (the price does not span it)');
  }
  const result = brent(excess, low, high);
  return result.converged
    ? { value: result.root }
    : undefinedBecause(`the yield solver failed: ${result.reason}`);
}

/**
 * Near the lowest yield a long bond's price overflows to +Infinity (a 100-year monthly bond: 2^1200 at
 * y = −f/2), which the root finder cannot use. Capping at ±MAX_VALUE keeps the sign and the monotony, so
 * the bracket and its single root are unchanged.
 */
function finiteOrLimit(x: number): number {
  if (x === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (x === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return x;
}
