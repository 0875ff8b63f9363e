import { Decimal } from 'decimal.js';

/**
 * The one number type of the engine. 50 significant digits, so sums, differences and products of amounts,
 * quantities and rates are exact; banker's rounding where a result cannot be (see `quotient`). A separate
 * clone, so nothing else in the process can change its settings.
 */
export const Dec = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_EVEN });
export type Dec = Decimal;

export const ZERO: Dec = new Dec(0);
export const ONE: Dec = new Dec(1);

/**
 * Decimal places kept of a quotient (a pro-rata cost, an average, an inverse FX rate). A quotient is the only
 * value that cannot be exact; holding it to a fixed scale (1e-24, far below any tolerance) keeps every later
 * sum and difference within the 50 digits, so identities such as remaining + removed = acquired hold exactly.
 */
export const QUOTIENT_SCALE = 24;

/**
 * A value as a Dec of this clone. Instances of another Decimal constructor are copied, so their operations
 * run at this precision, not theirs.
 */
export function dec(x: Decimal.Value): Dec {
  return new Dec(x);
}

/** numerator / denominator at QUOTIENT_SCALE decimal places: exact whenever the quotient terminates by then. */
export function quotient(numerator: Dec, denominator: Dec): Dec {
  return numerator.div(denominator).toDecimalPlaces(QUOTIENT_SCALE);
}

/** amount × part / whole, the share of `amount` that `part` of `whole` carries. */
export function proRata(amount: Dec, part: Dec, whole: Dec): Dec {
  return quotient(amount.times(part), whole);
}

/** 0 − x: unlike x.neg(), never a negative zero. */
export function negate(x: Dec): Dec {
  return ZERO.minus(x);
}

export function sum(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** The canonical text of a number for SQL numeric and JSON: no exponent, no trailing zeros, one zero. */
export function toNumeric(d: Decimal): string {
  if (!d.isFinite()) throw new RangeError(`not a finite number: ${d.toString()}`);
  return d.isZero() ? '0' : d.toFixed();
}
