import { addDays } from '../../dates.ts';
import type { ResolvedPeriod } from '../periods.ts';
import { computeRisk } from '../risk/compute-risk.ts';
import {
  DEFAULT_RISK_CONVENTIONS,
  periodicRateOf,
  type RateInput,
  type RiskConventions,
  resolveConventions,
} from '../risk/conventions.ts';
import type { RiskConventionsEcho, RiskRequest, RiskResult } from '../risk/types.ts';
import {
  type LegacyRiskMetric,
  type LegacyVarOptions,
  legacyMetrics,
  legacyMetricsUnknown,
} from './legacy-risk-metrics.ts';
import { type DatedValue, type RiskFrequency, resampleReturns } from './resample.ts';
import { rowsWithin, type SeriesWindow, windowOf } from './series.ts';
import type { ReturnSeries } from './twr-period.ts';

/**
 * Per-portfolio risk of one period: the portfolio's daily TWR returns over the period (as /performance gives
 * them), resampled to the frequency asked for, through the same `computeRisk` as the stateless
 * `/analytics/risk`, with the original's metric selection mapped onto the result (legacy-risk-metrics.ts).
 */

export interface PortfolioRiskOptions {
  metrics: readonly LegacyRiskMetric[];
  frequency: RiskFrequency;
  periods_per_year: number;
  risk_free?: RateInput | undefined;
  mar?: RateInput | undefined;
  omega_threshold?: RateInput | undefined;
  var: LegacyVarOptions;
  rolling_window?: number | undefined;
  /** Keep risk.metrics.drawdown_series (a value per return: large over years of daily data). */
  include_drawdown_series: boolean;
  conventions: RiskConventions;
}

/**
 * The defaults of /analytics/risk but one: the information ratio is annualized, as the original's
 * INFORMATION_RATIO was (mean(p − b)·k / (std(p − b)·√k)). Any of them can be chosen in the request.
 */
export const PORTFOLIO_RISK_CONVENTIONS: RiskConventions = {
  ...DEFAULT_RISK_CONVENTIONS,
  information_ratio: 'annualized',
};

/** A benchmark's returns over the union of the periods, and what to call it in a reason. */
export interface BenchmarkReturns {
  label: string;
  returns: readonly DatedValue[];
}

const BENCHMARK_METRICS = [
  'beta',
  'alpha',
  'r_squared',
  'correlation',
  'tracking_error',
  'information_ratio',
  'active_premium',
  'up_capture',
  'down_capture',
  'up_down_capture',
] as const;

/** The conventions every period's computeRisk uses, echoed as /analytics/risk echoes them. */
export function riskConventionsEcho(options: PortfolioRiskOptions): RiskConventionsEcho {
  return {
    ...resolveConventions(options.conventions),
    return_type: 'simple',
    periods_per_year: options.periods_per_year,
    risk_free: periodicRateOf(options.risk_free, options.periods_per_year),
    mar: periodicRateOf(options.mar, options.periods_per_year),
    omega_threshold: periodicRateOf(options.omega_threshold, options.periods_per_year),
    var: {
      confidence: [options.var.confidence],
      horizon_days: options.var.horizon_days,
      horizon_scaling: 'square_root_of_time',
      sign: 'return',
    },
    rolling_window: options.rolling_window ?? null,
    benchmark_alignment: 'inner_join_on_date',
    volatility_ddof: 1,
    downside_deviation_denominator: 'all_periods',
  };
}

/** The period's resampled returns, or why there are none to measure. */
function periodReturns(
  series: ReturnSeries,
  window: SeriesWindow,
  frequency: RiskFrequency,
): { returns: ReturnType<typeof resampleReturns>; unknown: null } | { unknown: string } {
  if (window.unknown !== null) return { unknown: window.unknown };
  const daily: DatedValue[] = [];
  for (const r of series.daily.slice(window.from, window.to)) {
    if (r.value !== null) daily.push({ date: r.date, value: r.value });
    else if (!r.idle) return { unknown: `the return of ${r.date} is undefined: ${r.reason}` };
  }
  if (daily.length === 0) return { unknown: 'no capital at work in the period' };
  const returns = resampleReturns(daily, frequency, window.end_date);
  const below = returns.find((r) => !(r.value >= -1));
  if (below) return { unknown: `the return of ${below.date} is below −100 %: no risk metric is defined` };
  return { returns, unknown: null };
}

export function periodRisk(
  series: ReturnSeries,
  period: ResolvedPeriod,
  benchmark: BenchmarkReturns | null,
  options: PortfolioRiskOptions,
) {
  const { breakdown: _breakdown, ...resolved } = period;
  const window = windowOf(series, period.start_date, period.end_date);
  const { completeness } = window;
  const measured = periodReturns(series, window, options.frequency);
  if (measured.unknown !== null) {
    const legacy = legacyMetricsUnknown(options.metrics, measured.unknown);
    return {
      ...resolved,
      observations: 0,
      ...completeness,
      metrics: legacy.metrics,
      null_reasons: { ...legacy.null_reasons, risk: measured.unknown },
      risk: null,
    };
  }
  const { returns } = measured;
  const benchmarkReturns = benchmark
    ? resampleReturns(
        rowsWithin(benchmark.returns, period.start_date, period.end_date),
        options.frequency,
        period.end_date,
      )
    : undefined;
  const rollingFits = options.rolling_window === undefined || options.rolling_window <= returns.length;
  const request: RiskRequest = {
    returns: returns.map(({ date, value }) => ({ date, value })),
    benchmark_returns:
      benchmarkReturns && benchmarkReturns.length > 0
        ? benchmarkReturns.map(({ date, value }) => ({ date, value }))
        : undefined,
    // The close the first return is measured from: the day before the first day it links.
    inception_date: addDays(returns[0]!.first_day, -1),
    periods_per_year: options.periods_per_year,
    risk_free: options.risk_free,
    mar: options.mar,
    omega_threshold: options.omega_threshold,
    var: { confidence: [options.var.confidence], horizon_days: options.var.horizon_days },
    rolling_window: rollingFits ? options.rolling_window : undefined,
    conventions: options.conventions,
  };
  const result: RiskResult = computeRisk(request);
  // computeRisk names its own request field; say what this request lacks.
  const noBenchmark =
    benchmark === null
      ? 'no benchmark: give options.benchmark_id or options.benchmark_security_id'
      : request.benchmark_returns === undefined
        ? `the benchmark ${benchmark.label} has no return from ${period.start_date} to ${period.end_date}`
        : null;
  if (noBenchmark !== null) {
    for (const name of BENCHMARK_METRICS) result.null_reasons[name] = noBenchmark;
  }
  if (!rollingFits) {
    const reason = `the period has ${returns.length} returns, fewer than rolling_window (${options.rolling_window})`;
    result.null_reasons.rolling_volatility = reason;
    result.null_reasons.rolling_sharpe = reason;
  }
  const legacy = legacyMetrics(result, options.metrics, options.var);
  const { conventions: _conventions, ...risk } = result;
  const { drawdown_series, ...metrics } = risk.metrics;
  return {
    ...resolved,
    observations: returns.length,
    ...completeness,
    metrics: legacy.metrics,
    null_reasons: legacy.null_reasons,
    risk: { ...risk, metrics: options.include_drawdown_series ? { ...metrics, drawdown_series } : metrics },
  };
}
