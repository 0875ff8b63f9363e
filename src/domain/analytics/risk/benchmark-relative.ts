import { type Figure, figureOf, undefinedBecause } from '../figure.ts';
import type { RiskConventions } from './conventions.ts';
import { centralMoment, correlation, covariance, isConstant, mean, stdDev, sum } from './moments.ts';
import { cagrByPeriods, growthOf } from './return-measures.ts';
import type { BenchmarkAlignment, DatedReturn } from './types.ts';

/** The portfolio and benchmark returns on the dates both have, in date order. */
export interface AlignedReturns {
  dates: string[];
  returns: number[];
  benchmark: number[];
}

/** Inner join on dates: a date missing from either series is left out of every benchmark-relative figure. */
export function alignByDate(
  returns: readonly DatedReturn[],
  benchmark: readonly DatedReturn[],
): AlignedReturns {
  const byDate = new Map(benchmark.map((b) => [b.date, b.value]));
  const aligned: AlignedReturns = { dates: [], returns: [], benchmark: [] };
  for (const r of returns) {
    const b = byDate.get(r.date);
    if (b === undefined) continue;
    aligned.dates.push(r.date);
    aligned.returns.push(r.value);
    aligned.benchmark.push(b);
  }
  return aligned;
}

export function alignmentOf(
  aligned: AlignedReturns,
  returnCount: number,
  benchmarkCount: number,
): BenchmarkAlignment {
  const n = aligned.dates.length;
  return {
    observations: n,
    return_dates_without_benchmark: returnCount - n,
    benchmark_dates_without_return: benchmarkCount - n,
    up_periods: aligned.benchmark.filter((b) => b > 0).length,
    down_periods: aligned.benchmark.filter((b) => b < 0).length,
    zero_periods: aligned.benchmark.filter((b) => b === 0).length,
  };
}

/** β = cov(r, b) / var(b), the OLS slope (a constant risk-free rate does not move it). */
export function beta(returns: readonly number[], benchmark: readonly number[]): Figure {
  if (returns.length < 2) return undefinedBecause('beta needs at least 2 common periods');
  if (isConstant(benchmark)) return undefinedBecause('the benchmark returns are constant (zero variance)');
  return figureOf(covariance(returns, benchmark) / centralMoment(benchmark, 2));
}

/**
 * Jensen's alpha on excess returns r − rf and b − rf. compound: (1 + mean(r − βb))^P − 1 (empyrical); linear:
 * (mean r − β mean b) × P (quantstats); intercept: mean r − β mean b per period (PA CAPM.alpha).
 */
export function alpha(
  returns: readonly number[],
  benchmark: readonly number[],
  slope: Figure,
  riskFree: number,
  periodsPerYear: number,
  form: RiskConventions['alpha'],
): Figure {
  if (slope.value === null) return undefinedBecause(`alpha needs beta: ${slope.reason}`);
  const b = slope.value;
  const excess = returns.map((r) => r - riskFree);
  const excessBenchmark = benchmark.map((x) => x - riskFree);
  if (form === 'compound') {
    return figureOf((1 + mean(excess.map((r, i) => r - b * excessBenchmark[i]!))) ** periodsPerYear - 1);
  }
  const intercept = mean(excess) - b * mean(excessBenchmark);
  return figureOf(form === 'linear' ? intercept * periodsPerYear : intercept);
}

export const rSquared = (corr: Figure): Figure =>
  corr.value === null ? corr : figureOf(corr.value * corr.value);

const activeReturns = (returns: readonly number[], benchmark: readonly number[]) =>
  returns.map((r, i) => r - benchmark[i]!);

/** std(r − b, ddof 1) × √P. */
export function trackingError(
  returns: readonly number[],
  benchmark: readonly number[],
  periodsPerYear: number,
): Figure {
  if (returns.length < 2) return undefinedBecause('a tracking error needs at least 2 common periods');
  return figureOf(stdDev(activeReturns(returns, benchmark), 1) * Math.sqrt(periodsPerYear));
}

/** CAGR(r) − CAGR(b) by period count (PA ActivePremium). */
export function activePremium(
  returns: readonly number[],
  benchmark: readonly number[],
  periodsPerYear: number,
): Figure {
  if (returns.length === 0) return undefinedBecause('no common periods');
  const r = cagrByPeriods(returns, periodsPerYear);
  const b = cagrByPeriods(benchmark, periodsPerYear);
  if (r.value === null) return r;
  if (b.value === null) return b;
  return figureOf(r.value - b.value);
}

/**
 * Information ratio. periodic: mean(r − b) / std(r − b, ddof 1) (empyrical excess_sharpe); annualized: × √P;
 * geometric: active premium / annualized tracking error (PA InformationRatio).
 */
export function informationRatio(
  returns: readonly number[],
  benchmark: readonly number[],
  periodsPerYear: number,
  form: RiskConventions['information_ratio'],
): Figure {
  if (returns.length < 2) return undefinedBecause('an information ratio needs at least 2 common periods');
  const active = activeReturns(returns, benchmark);
  if (isConstant(active)) return undefinedBecause('the tracking error is zero (constant active returns)');
  const periodicTe = stdDev(active, 1);
  if (form === 'periodic') return figureOf(mean(active) / periodicTe);
  if (form === 'annualized') return figureOf((mean(active) / periodicTe) * Math.sqrt(periodsPerYear));
  const premium = activePremium(returns, benchmark, periodsPerYear);
  return premium.value === null
    ? premium
    : figureOf(premium.value / (periodicTe * Math.sqrt(periodsPerYear)));
}

export type Side = 'up' | 'down';

/**
 * The days a capture ratio looks at: b > 0 for up; for down b < 0 (empyrical, geometric average) or b ≤ 0
 * (PerformanceAnalytics' cumulative and arithmetic forms put zero-benchmark days in the down market).
 */
function selects(form: RiskConventions['capture'], side: Side, b: number): boolean {
  if (side === 'up') return b > 0;
  return form === 'cumulative' || form === 'arithmetic' ? b <= 0 : b < 0;
}

/** The portfolio's share of the benchmark's move over the selected days (methodology §7). */
export function captureRatio(
  returns: readonly number[],
  benchmark: readonly number[],
  periodsPerYear: number,
  form: RiskConventions['capture'],
  side: Side,
): Figure {
  const picked = returns.map((_, i) => i).filter((i) => selects(form, side, benchmark[i]!));
  const r = picked.map((i) => returns[i]!);
  const b = picked.map((i) => benchmark[i]!);
  const k = picked.length;
  if (k === 0) {
    return undefinedBecause(`no period with a ${side === 'up' ? 'rising' : 'falling'} benchmark`);
  }
  let numerator: number;
  let denominator: number;
  switch (form) {
    case 'empyrical':
      numerator = growthOf(r) ** (periodsPerYear / k) - 1;
      denominator = growthOf(b) ** (periodsPerYear / k) - 1;
      break;
    case 'cumulative':
      numerator = growthOf(r) - 1;
      denominator = growthOf(b) - 1;
      break;
    case 'arithmetic':
      numerator = sum(r);
      denominator = sum(b);
      break;
    case 'geometric_average':
      numerator = growthOf(r) ** (1 / k) - 1;
      denominator = growthOf(b) ** (1 / k) - 1;
      break;
  }
  if (denominator === 0) return undefinedBecause('the benchmark does not move over the selected periods');
  return figureOf(numerator / denominator);
}

export const ratioOf = (up: Figure, down: Figure): Figure => {
  if (up.value === null) return up;
  if (down.value === null) return down;
  if (down.value === 0) return undefinedBecause('the down capture is zero');
  return figureOf(up.value / down.value);
};

export { correlation };
