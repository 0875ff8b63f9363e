import type { RiskConventions } from './conventions.ts';
import { mean, stdDev } from './moments.ts';
import type { DatedFigure, DatedReturn } from './types.ts';

/**
 * Running sums from the start of the series (prefix[i] = Σ of the first i values), so that every window's sum
 * is a difference of two of them and a whole rolling series costs O(n) whatever the window. The values are
 * shifted by the series mean first, which keeps the running totals small; a window whose difference is too
 * close to the rounding error of the totals is computed directly instead (windowStdDev).
 */
function prefixSums(values: readonly number[]): number[] {
  const prefix = [0];
  let total = 0;
  let compensation = 0;
  for (const x of values) {
    const t = total + x;
    compensation += Math.abs(total) >= Math.abs(x) ? total - t + x : x - t + total;
    total = t;
    prefix.push(total + compensation);
  }
  return prefix;
}

/**
 * A window's sample standard deviation from the running sums, or null when the difference of sums is too close
 * to its rounding error (a nearly constant window inside a volatile series) to be trusted to 1e-10, and the
 * window must be computed directly.
 */
function windowStdDev(first: number[], second: number[], start: number, end: number): number | null {
  const w = end - start;
  const s1 = first[end]! - first[start]!;
  const s2 = second[end]! - second[start]!;
  const squares = s2 - (s1 * s1) / w;
  const roundingError =
    4 * Number.EPSILON * (Math.abs(second[end]!) + Math.abs(second[start]!) + (s1 * s1) / w);
  if (!(squares > 1e10 * roundingError)) return null;
  return Math.sqrt(squares / (w - 1));
}

export interface RollingOptions {
  window: number;
  periodsPerYear: number;
  riskFree: number;
  sharpe: RiskConventions['sharpe'];
}

export interface RollingSeries {
  volatility: DatedFigure[];
  sharpe: DatedFigure[];
  /** Why a rolling Sharpe value is null, when one is. */
  sharpeNullReason: string | null;
}

/**
 * Annualized volatility (std ddof 1 × √P) and Sharpe ratio (under the `sharpe` convention) of each trailing
 * window of `window` returns, dated by the window's last return.
 */
export function rollingRisk(returns: readonly DatedReturn[], options: RollingOptions): RollingSeries {
  const { window: w, periodsPerYear: p, riskFree } = options;
  const values = returns.map((r) => r.value);
  const shift = mean(values);
  const first = prefixSums(values.map((x) => x - shift));
  const second = prefixSums(values.map((x) => (x - shift) ** 2));
  // Σ log(1 + r − rf) gives each window's growth for the geometric Sharpe; non-positive growth factors are
  // counted instead, since their logarithm does not exist.
  const growth = values.map((x) => 1 + x - riskFree);
  const logs = prefixSums(growth.map((g) => (g > 0 ? Math.log(g) : 0)));
  const zeros = prefixSums(growth.map((g) => (g === 0 ? 1 : 0)));
  const negatives = prefixSums(growth.map((g) => (g < 0 ? 1 : 0)));

  const volatility: DatedFigure[] = [];
  const sharpe: DatedFigure[] = [];
  let sharpeNullReason: string | null = null;
  for (let end = w; end <= values.length; end++) {
    const start = end - w;
    const date = returns[end - 1]!.date;
    let windowMean = shift + (first[end]! - first[start]!) / w;
    let sd = windowStdDev(first, second, start, end);
    if (sd === null) {
      const slice = values.slice(start, end);
      windowMean = mean(slice);
      sd = stdDev(slice, 1);
    }
    const annualSd = sd * Math.sqrt(p);
    volatility.push({ date, value: annualSd });
    if (sd === 0) {
      sharpe.push({ date, value: null });
      sharpeNullReason = 'null where the window has zero volatility (constant returns)';
      continue;
    }
    if (options.sharpe === 'arithmetic') {
      sharpe.push({ date, value: ((windowMean - riskFree) / sd) * Math.sqrt(p) });
      continue;
    }
    if (negatives[end]! - negatives[start]! > 0) {
      sharpe.push({ date, value: null });
      sharpeNullReason = 'null where the excess wealth of the window goes below zero (no compound rate)';
      continue;
    }
    const cagr = zeros[end]! - zeros[start]! > 0 ? -1 : Math.exp(((logs[end]! - logs[start]!) * p) / w) - 1;
    sharpe.push({ date, value: cagr / annualSd });
  }
  return { volatility, sharpe, sharpeNullReason };
}
