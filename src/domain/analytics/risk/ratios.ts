import { type Figure, figureOf, undefinedBecause } from '../figure.ts';
import type { RiskConventions } from './conventions.ts';
import { isConstant, mean, stdDev, sum } from './moments.ts';
import { ascending, type QuantileMethod, quantile } from './quantile.ts';
import { cagrByPeriods, periodicDownsideDeviation } from './return-measures.ts';

const minus = (returns: readonly number[], rate: number) => returns.map((r) => r - rate);

/**
 * Sharpe ratio of the excess returns e = r − rf. arithmetic: mean(e) / std(e, ddof 1) × √P. geometric:
 * CAGR(e) by period count / (std(e, ddof 1) × √P) (PerformanceAnalytics geometric = TRUE).
 */
export function sharpeRatio(
  returns: readonly number[],
  riskFree: number,
  periodsPerYear: number,
  form: RiskConventions['sharpe'],
): Figure {
  if (returns.length < 2) return undefinedBecause('a Sharpe ratio needs at least 2 returns');
  if (isConstant(returns)) return undefinedBecause('the volatility is zero (constant returns)');
  const excess = minus(returns, riskFree);
  const sd = stdDev(excess, 1);
  if (form === 'arithmetic') return figureOf((mean(excess) / sd) * Math.sqrt(periodsPerYear));
  const cagr = cagrByPeriods(excess, periodsPerYear);
  return cagr.value === null ? cagr : figureOf(cagr.value / (sd * Math.sqrt(periodsPerYear)));
}

/**
 * Sortino ratio against a minimum acceptable return: mean(r − MAR) over the downside deviation below the MAR,
 * annualized (× P over × √P: empyrical, quantstats) or per period (PerformanceAnalytics).
 */
export function sortinoRatio(
  returns: readonly number[],
  mar: number,
  periodsPerYear: number,
  form: RiskConventions['sortino'],
): Figure {
  const downside = periodicDownsideDeviation(returns, mar);
  if (downside === 0)
    return undefinedBecause('no return is below the minimum acceptable return (zero downside)');
  const ratio = mean(minus(returns, mar)) / downside;
  return figureOf(form === 'periodic' ? ratio : ratio * Math.sqrt(periodsPerYear));
}

/** CAGR / |max drawdown|. */
export function calmarRatio(cagr: Figure, maxDrawdown: number): Figure {
  if (maxDrawdown === 0) return undefinedBecause('there is no drawdown (max drawdown = 0)');
  if (cagr.value === null) return cagr;
  return figureOf(cagr.value / Math.abs(maxDrawdown));
}

/** Σ max(r − L, 0) / Σ max(L − r, 0) (empyrical omega_ratio, PA Omega "simple"). */
export function omegaRatio(returns: readonly number[], threshold: number): Figure {
  const gains = sum(returns.map((r) => Math.max(r - threshold, 0)));
  const losses = sum(returns.map((r) => Math.max(threshold - r, 0)));
  if (losses === 0) return undefinedBecause('no return is below the threshold (no losses)');
  return figureOf(gains / losses);
}

/** The quantiles the tail ratio compares: Q(0.05) and Q(0.95). */
export function tailQuantiles(returns: readonly number[], method: QuantileMethod) {
  const sorted = ascending(returns);
  return { q05: quantile(sorted, 0.05, method), q95: quantile(sorted, 0.95, method) };
}

/** |Q(0.95)| / |Q(0.05)| (empyrical tail_ratio). */
export function tailRatio(q05: number, q95: number): Figure {
  if (q05 === 0) return undefinedBecause('the 5 % quantile is zero');
  return figureOf(Math.abs(q95) / Math.abs(q05));
}
