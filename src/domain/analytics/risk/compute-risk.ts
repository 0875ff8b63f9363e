import { type Figure, figureOf, undefinedBecause } from '../figure.ts';
import {
  activePremium,
  alignByDate,
  alignmentOf,
  alpha,
  beta,
  captureRatio,
  correlation,
  informationRatio,
  ratioOf,
  rSquared,
  trackingError,
} from './benchmark-relative.ts';
import { periodicRateOf, resolveConventions } from './conventions.ts';
import { calendarDaysBetween, previousWeekday } from './dates.ts';
import { drawdownAnalysis } from './drawdown.ts';
import { excessKurtosis, mean, skewness, stdDev } from './moments.ts';
import { calmarRatio, omegaRatio, sharpeRatio, sortinoRatio, tailQuantiles, tailRatio } from './ratios.ts';
import {
  annualized,
  annualizedVolatility,
  cumulativeReturn,
  growthOf,
  periodicDownsideDeviation,
  yearsOf,
} from './return-measures.ts';
import { rollingRisk } from './rolling.ts';
import {
  type ByConfidence,
  DEFAULT_PERIODS_PER_YEAR,
  DEFAULT_VAR_CONFIDENCE,
  type RiskMetrics,
  type RiskRequest,
  type RiskResult,
} from './types.ts';
import { validateRiskRequest } from './validate.ts';
import { varEsAt } from './var-es.ts';

/** Records figures as the response carries them: a number or null, and the reason for a null by its path. */
class Reasons {
  readonly byPath: Record<string, string> = {};
  value(path: string, f: Figure): number | null {
    if (f.value === null) this.byPath[path] = f.reason;
    return f.value;
  }
}

const NO_BENCHMARK = undefinedBecause('no benchmark_returns were given');
const NO_COMMON_DATES = undefinedBecause('the returns and benchmark_returns have no date in common');

/**
 * The risk and return metrics of a series of periodic simple returns (analytics-methodology.md §4–§7), each
 * under the conventions asked for (defaults filled in and echoed). Pure: validates its input (throwing
 * VALIDATION_FAILED with the request's field names) and reads nothing else. Undefined figures are null with a
 * reason in `null_reasons`, never NaN or Infinity.
 */
export function computeRisk(input: RiskRequest): RiskResult {
  const request = validateRiskRequest(input);
  const conventions = resolveConventions(request.conventions);
  const periodsPerYear = request.periods_per_year ?? DEFAULT_PERIODS_PER_YEAR;
  const riskFree = periodicRateOf(request.risk_free, periodsPerYear);
  const mar = periodicRateOf(request.mar, periodsPerYear);
  const omegaThreshold = periodicRateOf(request.omega_threshold, periodsPerYear);
  const confidences = [...(request.var?.confidence ?? DEFAULT_VAR_CONFIDENCE)];
  const horizonDays = request.var?.horizon_days ?? 1;
  const reasons = new Reasons();

  const series = request.returns;
  const returns = series.map((r) => r.value);
  const n = returns.length;
  const firstDate = series[0]!.date;
  const lastDate = series[n - 1]!.date;
  const inceptionDate = request.inception_date ?? previousWeekday(firstDate);
  const years = yearsOf(conventions.cagr_basis, {
    inceptionDate,
    firstDate,
    lastDate,
    observations: n,
    periodsPerYear,
  });

  const cagr = annualized(growthOf(returns), years);
  const drawdown = drawdownAnalysis(series, inceptionDate, conventions.drawdown);
  for (const [field, reason] of Object.entries(drawdown.nullReasons)) {
    reasons.byPath[`max_drawdown.${field}`] = reason;
  }
  const { q05, q95 } = tailQuantiles(returns, conventions.quantile);

  const varByConfidence = confidences.map((c) => ({
    key: String(c),
    figures: varEsAt(returns, c, { quantile: conventions.quantile, conventions, horizonDays }),
  }));
  const byConfidence = (path: string, pick: (f: (typeof varByConfidence)[number]['figures']) => Figure) =>
    Object.fromEntries(
      varByConfidence.map(({ key, figures }) => [key, reasons.value(`${path}.${key}`, pick(figures))]),
    ) as ByConfidence;

  const benchmarkSeries = request.benchmark_returns;
  const aligned = benchmarkSeries ? alignByDate(series, benchmarkSeries) : null;
  const relative = (compute: (r: number[], b: number[]) => Figure): Figure => {
    if (aligned === null) return NO_BENCHMARK;
    if (aligned.dates.length === 0) return NO_COMMON_DATES;
    return compute(aligned.returns, aligned.benchmark);
  };
  const slope = relative((r, b) => beta(r, b));
  const corr = relative((r, b) => correlation(r, b));
  const up = relative((r, b) => captureRatio(r, b, periodsPerYear, conventions.capture, 'up'));
  const down = relative((r, b) => captureRatio(r, b, periodsPerYear, conventions.capture, 'down'));

  const metrics: RiskMetrics = {
    cumulative_return: reasons.value('cumulative_return', figureOf(cumulativeReturn(returns))),
    cagr: reasons.value('cagr', cagr),
    annualized_volatility: reasons.value(
      'annualized_volatility',
      annualizedVolatility(returns, periodsPerYear),
    ),
    downside_deviation: reasons.value(
      'downside_deviation',
      figureOf(periodicDownsideDeviation(returns, mar.periodic_rate) * Math.sqrt(periodsPerYear)),
    ),
    sharpe_ratio: reasons.value(
      'sharpe_ratio',
      sharpeRatio(returns, riskFree.periodic_rate, periodsPerYear, conventions.sharpe),
    ),
    sortino_ratio: reasons.value(
      'sortino_ratio',
      sortinoRatio(returns, mar.periodic_rate, periodsPerYear, conventions.sortino),
    ),
    calmar_ratio: reasons.value('calmar_ratio', calmarRatio(cagr, drawdown.maxDrawdown.value)),
    omega_ratio: reasons.value('omega_ratio', omegaRatio(returns, omegaThreshold.periodic_rate)),
    tail_ratio: reasons.value('tail_ratio', tailRatio(q05, q95)),
    skewness: reasons.value('skewness', skewness(returns, conventions.moments)),
    excess_kurtosis: reasons.value('excess_kurtosis', excessKurtosis(returns, conventions.moments)),
    max_drawdown: drawdown.maxDrawdown,
    drawdown_series: drawdown.series,
    beta: reasons.value('beta', slope),
    alpha: reasons.value(
      'alpha',
      relative((r, b) => alpha(r, b, slope, riskFree.periodic_rate, periodsPerYear, conventions.alpha)),
    ),
    r_squared: reasons.value('r_squared', rSquared(corr)),
    correlation: reasons.value('correlation', corr),
    tracking_error: reasons.value(
      'tracking_error',
      relative((r, b) => trackingError(r, b, periodsPerYear)),
    ),
    information_ratio: reasons.value(
      'information_ratio',
      relative((r, b) => informationRatio(r, b, periodsPerYear, conventions.information_ratio)),
    ),
    active_premium: reasons.value(
      'active_premium',
      relative((r, b) => activePremium(r, b, periodsPerYear)),
    ),
    up_capture: reasons.value('up_capture', up),
    down_capture: reasons.value('down_capture', down),
    up_down_capture: reasons.value('up_down_capture', ratioOf(up, down)),
    var: {
      historical: byConfidence('var.historical', (f) => f.var.historical),
      gaussian: byConfidence('var.gaussian', (f) => f.var.gaussian),
      cornish_fisher: byConfidence('var.cornish_fisher', (f) => f.var.cornish_fisher),
    },
    cvar: {
      historical: byConfidence('cvar.historical', (f) => f.cvar.historical),
      gaussian: byConfidence('cvar.gaussian', (f) => f.cvar.gaussian),
    },
  };

  if (request.rolling_window !== undefined) {
    const rolling = rollingRisk(series, {
      window: request.rolling_window,
      periodsPerYear,
      riskFree: riskFree.periodic_rate,
      sharpe: conventions.sharpe,
    });
    metrics.rolling_volatility = rolling.volatility;
    metrics.rolling_sharpe = rolling.sharpe;
    if (rolling.sharpeNullReason !== null) reasons.byPath.rolling_sharpe = rolling.sharpeNullReason;
  }

  const stdSample = n >= 2 ? figureOf(stdDev(returns, 1)) : undefinedBecause('needs at least 2 returns');
  return {
    metrics,
    null_reasons: reasons.byPath,
    conventions: {
      ...conventions,
      return_type: 'simple',
      periods_per_year: periodsPerYear,
      risk_free: riskFree,
      mar,
      omega_threshold: omegaThreshold,
      var: {
        confidence: confidences,
        horizon_days: horizonDays,
        horizon_scaling: 'square_root_of_time',
        sign: 'return',
      },
      rolling_window: request.rolling_window ?? null,
      benchmark_alignment: 'inner_join_on_date',
      volatility_ddof: 1,
      downside_deviation_denominator: 'all_periods',
    },
    period: {
      inception_date: inceptionDate,
      inception_date_source: request.inception_date === undefined ? 'previous_weekday' : 'request',
      start_date: firstDate,
      end_date: lastDate,
      observations: n,
      calendar_days: calendarDaysBetween(inceptionDate, lastDate),
      years: reasons.value(
        'period.years',
        years === null ? undefinedBecause('the first and last return dates coincide') : figureOf(years),
      ),
    },
    statistics: {
      mean: mean(returns),
      std_sample: reasons.value('statistics.std_sample', stdSample),
      std_population: reasons.value('statistics.std_population', figureOf(stdDev(returns, 0))),
      quantile_05: q05,
      quantile_95: q95,
      normal_quantile: Object.fromEntries(varByConfidence.map(({ key, figures }) => [key, figures.z])),
      cornish_fisher_quantile: byConfidence('statistics.cornish_fisher_quantile', (f) => f.cornishFisherZ),
    },
    benchmark:
      aligned === null || benchmarkSeries === undefined
        ? null
        : alignmentOf(aligned, n, benchmarkSeries.length),
  };
}
