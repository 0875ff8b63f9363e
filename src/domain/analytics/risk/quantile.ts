export type QuantileMethod = 'linear' | 'inverted_cdf';

export const ascending = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

/**
 * The p-quantile of ascending data. linear (Hyndman–Fan 7): h = (n − 1)p, Q = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋)
 * on 0-based order statistics. inverted_cdf (Hyndman–Fan 1): x_⌈np⌉ on 1-based order statistics.
 */
export function quantile(sorted: readonly number[], p: number, method: QuantileMethod): number {
  const n = sorted.length;
  if (method === 'inverted_cdf') {
    const rank = Math.min(Math.max(Math.ceil(n * p), 1), n);
    return sorted[rank - 1]!;
  }
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1]!;
  const below = sorted[lo]!;
  return below + (h - lo) * (sorted[lo + 1]! - below);
}

/**
 * 1 − confidence, rounded to 15 significant digits: 1 − 0.95 is 0.050000000000000044 in binary, and (n − 1)
 * times that would cross an integer that (n − 1) × 0.05 only touches, moving a quantile's order statistic.
 */
export const tailProbability = (confidence: number): number => Number((1 - confidence).toPrecision(15));
