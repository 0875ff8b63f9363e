import { type Figure, figureOf, undefinedBecause } from '../figure.ts';

/**
 * Compensated (Neumaier) summation: a long series of small returns summed naively loses digits the reference
 * values (compared at 1e-9 relative) still hold.
 */
export function sum(xs: readonly number[]): number {
  let total = 0;
  let compensation = 0;
  for (const x of xs) {
    const t = total + x;
    compensation += Math.abs(total) >= Math.abs(x) ? total - t + x : x - t + total;
    total = t;
  }
  return total + compensation;
}

export const mean = (xs: readonly number[]): number => sum(xs) / xs.length;

/**
 * Whether every value is the same up to rounding (a spread of a few ulps). Decided here rather than by a
 * standard deviation: the rounded mean of equal values can differ from them by an ulp, and returns derived by
 * arithmetic (r − b of a portfolio that is its benchmark plus a constant) differ by ulps, which would turn a
 * zero volatility into 1e-18 and a ratio over it into a huge finite number instead of an undefined one.
 */
export function isConstant(xs: readonly number[]): boolean {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of xs) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return max - min <= 4 * Number.EPSILON * Math.max(Math.abs(min), Math.abs(max));
}

/** The k-th central moment m_k = mean((x − mean)^k). */
export function centralMoment(xs: readonly number[], k: number): number {
  if (isConstant(xs)) return 0;
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** k));
}

/** Variance with `ddof` degrees of freedom removed (1: sample, 0: population); NaN when n ≤ ddof. */
export function variance(xs: readonly number[], ddof: 0 | 1): number {
  if (xs.length <= ddof) return Number.NaN;
  return (centralMoment(xs, 2) * xs.length) / (xs.length - ddof);
}

export const stdDev = (xs: readonly number[], ddof: 0 | 1): number => Math.sqrt(variance(xs, ddof));

/** Population covariance mean((x − x̄)(y − ȳ)) of two series of the same length. */
export function covariance(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs);
  const my = mean(ys);
  return mean(xs.map((x, i) => (x - mx) * (ys[i]! - my)));
}

export function correlation(xs: readonly number[], ys: readonly number[]): Figure {
  if (xs.length < 2) return undefinedBecause('a correlation needs at least 2 common periods');
  if (isConstant(xs) || isConstant(ys)) {
    return undefinedBecause('a correlation is undefined when either series is constant (zero variance)');
  }
  return figureOf(covariance(xs, ys) / Math.sqrt(centralMoment(xs, 2) * centralMoment(ys, 2)));
}

export type MomentKind = 'sample' | 'population';

/** Skewness: population g1 = m3/m2^1.5, or the bias-adjusted G1 = g1·√(n(n−1))/(n−2). */
export function skewness(xs: readonly number[], kind: MomentKind): Figure {
  const n = xs.length;
  if (kind === 'sample' && n < 3) return undefinedBecause('sample skewness needs at least 3 returns');
  if (n < 1 || isConstant(xs)) return undefinedBecause('skewness is undefined for constant returns (m2 = 0)');
  const g1 = centralMoment(xs, 3) / centralMoment(xs, 2) ** 1.5;
  return figureOf(kind === 'population' ? g1 : (g1 * Math.sqrt(n * (n - 1))) / (n - 2));
}

/** Excess kurtosis: population g2 = m4/m2² − 3, or the bias-adjusted G2 = ((n+1)g2 + 6)(n−1)/((n−2)(n−3)). */
export function excessKurtosis(xs: readonly number[], kind: MomentKind): Figure {
  const n = xs.length;
  if (kind === 'sample' && n < 4) return undefinedBecause('sample excess kurtosis needs at least 4 returns');
  if (n < 1 || isConstant(xs)) {
    return undefinedBecause('kurtosis is undefined for constant returns (m2 = 0)');
  }
  const g2 = centralMoment(xs, 4) / centralMoment(xs, 2) ** 2 - 3;
  return figureOf(kind === 'population' ? g2 : (((n + 1) * g2 + 6) * (n - 1)) / ((n - 2) * (n - 3)));
}
