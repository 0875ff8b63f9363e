import type { Figure } from '../figure.ts';
import { brent } from '../solvers/brent.ts';

/** The root of g in a bracket the caller has checked to hold a sign change (Brent cannot fail there). */
function rootIn(g: (x: number) => number, lo: number, hi: number): number {
  const r = brent(g, lo, hi);
  if (!r.converged) throw new Error(`rate solver: ${r.reason}`);
  return r.root;
}

/** One term of a present value: amount × (1 + r)^(−time). */
export interface RateTerm {
  time: number;
  amount: number;
}

/**
 * Which root is the rate when the cash flows change sign more than once and several rates zero the present
 * value: `unique` reports none of them (null with the roots in the reason), `closest_to_guess` the one
 * nearest the guess (numpy-financial's rule with its guess 0.1).
 */
export const ROOT_SELECTIONS = ['unique', 'closest_to_guess'] as const;
export type RootSelection = (typeof ROOT_SELECTIONS)[number];

export interface RateSolverOptions {
  /** The rates searched when the flows change sign more than once: lo > −1, hi > lo. */
  bracket: readonly [number, number];
  root_selection: RootSelection;
  guess: number;
}

export const DEFAULT_BRACKET: readonly [number, number] = [-0.9999, 100];

export type RateStatus =
  | 'solved'
  | 'no_sign_change'
  | 'single_date'
  | 'no_root'
  | 'not_unique'
  | 'out_of_range';

export interface RateSolution {
  rate: Figure;
  status: RateStatus;
  /** Every rate found that zeroes the present value, ascending. */
  roots: number[];
}

/** Grid cells scanned across the bracket for the roots of flows that change sign more than once. */
const SCAN_CELLS = 1000;
/** ln(1 + r) beyond which 1 + r overflows a float64. */
const MAX_LOG_GROWTH = 709;
const MIN_LOG_GROWTH = -10_000;

/** Σ amount × (1 + rate)^(−time). */
export function presentValue(terms: readonly RateTerm[], rate: number): number {
  let pv = 0;
  for (const { time, amount } of terms) pv += amount * (1 + rate) ** -time;
  return pv;
}

/**
 * The rate r > −1 that zeroes Σ a_i (1 + r)^(−t_i), found by bracketing (Brent) in x = ln(1 + r).
 *
 * In x the present value is Σ a_i e^(−t_i x), a sum of exponentials, which has at most as many real roots as
 * its coefficients (ordered by t) change sign (Descartes' rule of signs holds for real exponents). So:
 * no sign change, no rate; one sign change, exactly one rate on all of (−1, ∞), found by widening the bracket
 * until it changes sign; more, each root is isolated on a grid over the bracket and refined, and
 * `root_selection` decides. Working in x keeps deep losses (r near −1) and long horizons in range, where
 * Newton's method on r diverges.
 */
export function solveRate(terms: readonly RateTerm[], options: RateSolverOptions): RateSolution {
  const merged = mergeTerms(terms);
  const changes = signChanges(merged);
  if (changes === 0) {
    const reason =
      merged.length === 0
        ? 'every cash flow is 0'
        : 'the cash flows do not change sign: no rate makes their present value 0';
    return { rate: { value: null, reason }, status: 'no_sign_change', roots: [] };
  }
  const g = scaledPresentValue(merged);
  const lo = Math.log1p(options.bracket[0]);
  const hi = Math.log1p(options.bracket[1]);
  if (changes === 1) return uniqueRoot(g, lo, hi, merged);

  const roots = rootsOnGrid(g, lo, hi).map((x) => Math.expm1(x));
  if (roots.length === 0) {
    const reason = `no rate in [${options.bracket.join(', ')}] makes the present value 0 (the cash flows change sign ${changes} times)`;
    return { rate: { value: null, reason }, status: 'no_root', roots };
  }
  if (roots.length === 1) return { rate: { value: roots[0]! }, status: 'solved', roots };
  if (options.root_selection === 'unique') {
    const reason = `${roots.length} rates make the present value 0 (${roots.map((r) => r.toPrecision(6)).join(', ')}): the rate is not unique`;
    return { rate: { value: null, reason }, status: 'not_unique', roots };
  }
  const closest = roots.reduce((best, r) =>
    Math.abs(r - options.guess) < Math.abs(best - options.guess) ? r : best,
  );
  return { rate: { value: closest }, status: 'solved', roots };
}

/** Terms of equal time added up, zero amounts dropped, by ascending time. */
function mergeTerms(terms: readonly RateTerm[]): RateTerm[] {
  const byTime = new Map<number, number>();
  for (const { time, amount } of terms) byTime.set(time, (byTime.get(time) ?? 0) + amount);
  return [...byTime.entries()]
    .filter(([, amount]) => amount !== 0)
    .sort(([a], [b]) => a - b)
    .map(([time, amount]) => ({ time, amount }));
}

function signChanges(terms: readonly RateTerm[]): number {
  let changes = 0;
  for (let i = 1; i < terms.length; i++) {
    if (Math.sign(terms[i]!.amount) !== Math.sign(terms[i - 1]!.amount)) changes++;
  }
  return changes;
}

/**
 * The present value in x = ln(1 + r), multiplied by e^(t_ref·x) so that no exponent is positive (t_ref the
 * smallest time for x > 0, the largest for x < 0): a positive factor, so it has the same sign and roots, and
 * it neither overflows nor underflows to a wrong sign far from 0.
 */
function scaledPresentValue(terms: readonly RateTerm[]): (x: number) => number {
  const tMin = terms[0]!.time;
  const tMax = terms[terms.length - 1]!.time;
  return (x) => {
    const ref = x > 0 ? tMin : tMax;
    let pv = 0;
    for (const { time, amount } of terms) pv += amount * Math.exp(-(time - ref) * x);
    return pv;
  };
}

/**
 * The one root of flows that change sign once. Below it g has the sign of the latest flow, above it that of
 * the earliest, so each end of the bracket that is on the wrong side is moved out (doubling the step) until
 * the bracket holds it.
 */
function uniqueRoot(
  g: (x: number) => number,
  lo0: number,
  hi0: number,
  terms: readonly RateTerm[],
): RateSolution {
  const signAbove = Math.sign(terms[0]!.amount);
  let lo = lo0;
  let hi = hi0;
  for (let step = 1; ; step *= 2) {
    const glo = g(lo);
    const ghi = g(hi);
    if (glo === 0) return solved(lo);
    if (ghi === 0) return solved(hi);
    if (Math.sign(glo) !== Math.sign(ghi)) return solved(rootIn(g, lo, hi));
    if (Math.sign(glo) === signAbove) {
      if (lo <= MIN_LOG_GROWTH) return solved(MIN_LOG_GROWTH); // 1 + r underflows: the rate is −1 in float64
      lo = Math.max(lo - step, MIN_LOG_GROWTH);
    } else {
      if (hi >= MAX_LOG_GROWTH) {
        return {
          rate: { value: null, reason: 'the rate is beyond the largest representable number' },
          status: 'out_of_range',
          roots: [],
        };
      }
      hi = Math.min(hi + step, MAX_LOG_GROWTH);
    }
  }
}

const solved = (x: number): RateSolution => {
  const rate = Math.expm1(x);
  return { rate: { value: rate }, status: 'solved', roots: [rate] };
};

/** The roots of g in [lo, hi]: each grid cell where g changes sign, refined by Brent (a tangent double root is missed). */
function rootsOnGrid(g: (x: number) => number, lo: number, hi: number): number[] {
  const roots: number[] = [];
  let xPrev = lo;
  let gPrev = g(lo);
  if (gPrev === 0) roots.push(lo);
  for (let k = 1; k <= SCAN_CELLS; k++) {
    const x = k === SCAN_CELLS ? hi : lo + ((hi - lo) * k) / SCAN_CELLS;
    const gx = g(x);
    if (gx === 0) roots.push(x);
    else if (gPrev !== 0 && Math.sign(gx) !== Math.sign(gPrev)) roots.push(rootIn(g, xPrev, x));
    xPrev = x;
    gPrev = gx;
  }
  return roots;
}
