import type { RateInput, ResolvedRate, RiskConventions } from './conventions.ts';
import type { IsoDate } from './dates.ts';

/** One periodic simple return (0.01 = +1 %) and the date it ends on. */
export interface DatedReturn {
  date: IsoDate;
  value: number;
}

/**
 * The input of the risk metrics, named as the API names it (so a validation error names the request's field).
 * Only `returns` is required; see docs/analytics/risk.md for every default.
 */
export interface RiskRequest {
  returns: readonly DatedReturn[];
  /** Aligned with `returns` by an inner join on dates. */
  benchmark_returns?: readonly DatedReturn[] | undefined;
  /** The NAV date the first return is measured from; default the weekday before the first return date. */
  inception_date?: IsoDate | undefined;
  periods_per_year?: number | undefined;
  risk_free?: RateInput | undefined;
  /** Minimum acceptable return of the downside deviation and Sortino ratio; default 0. */
  mar?: RateInput | undefined;
  /** Threshold of the Omega ratio; default 0. */
  omega_threshold?: RateInput | undefined;
  var?: { confidence?: readonly number[] | undefined; horizon_days?: number | undefined } | undefined;
  rolling_window?: number | undefined;
  conventions?: Partial<RiskConventions> | undefined;
}

export const DEFAULT_PERIODS_PER_YEAR = 252;
export const DEFAULT_VAR_CONFIDENCE = [0.95, 0.99] as const;

export interface DatedFigure {
  date: IsoDate;
  value: number | null;
}

export interface MaxDrawdown {
  /** The deepest drawdown, ≤ 0 (−0.1 = 10 % below the high-water mark). */
  value: number;
  peak_date: IsoDate | null;
  trough_date: IsoDate | null;
  recovery_date: IsoDate | null;
  peak_value: number | null;
  trough_value: number | null;
  periods_peak_to_trough: number | null;
  periods_trough_to_recovery: number | null;
  underwater_start_date: IsoDate | null;
  underwater_end_date: IsoDate | null;
  duration: number | null;
  duration_unit: 'periods' | 'weekdays' | 'calendar_days';
}

/** Figures by confidence level, keyed as the confidence prints ("0.95"). */
export type ByConfidence = Record<string, number | null>;

export interface RiskMetrics {
  cumulative_return: number | null;
  cagr: number | null;
  annualized_volatility: number | null;
  downside_deviation: number | null;
  sharpe_ratio: number | null;
  sortino_ratio: number | null;
  calmar_ratio: number | null;
  omega_ratio: number | null;
  tail_ratio: number | null;
  skewness: number | null;
  excess_kurtosis: number | null;
  max_drawdown: MaxDrawdown;
  drawdown_series: DatedFigure[];
  beta: number | null;
  alpha: number | null;
  r_squared: number | null;
  correlation: number | null;
  tracking_error: number | null;
  information_ratio: number | null;
  active_premium: number | null;
  up_capture: number | null;
  down_capture: number | null;
  up_down_capture: number | null;
  var: { historical: ByConfidence; gaussian: ByConfidence; cornish_fisher: ByConfidence };
  cvar: { historical: ByConfidence; gaussian: ByConfidence };
  rolling_volatility?: DatedFigure[];
  rolling_sharpe?: DatedFigure[];
}

export interface RiskPeriod {
  inception_date: IsoDate;
  inception_date_source: 'request' | 'previous_weekday';
  start_date: IsoDate;
  end_date: IsoDate;
  observations: number;
  /** end_date − inception_date. */
  calendar_days: number;
  /** The years the CAGR annualizes over under `cagr_basis`. */
  years: number | null;
}

export interface RiskStatistics {
  mean: number;
  std_sample: number | null;
  std_population: number | null;
  /** The 5 % and 95 % return quantiles under the quantile convention: the tail ratio's inputs. */
  quantile_05: number;
  quantile_95: number;
  /** z = Φ⁻¹(1 − c) of each VaR confidence. */
  normal_quantile: ByConfidence;
  /** The Cornish–Fisher adjusted z of each VaR confidence. */
  cornish_fisher_quantile: ByConfidence;
}

export interface BenchmarkAlignment {
  /** Dates present in both series (the inner join every benchmark-relative metric uses). */
  observations: number;
  return_dates_without_benchmark: number;
  benchmark_dates_without_return: number;
  up_periods: number;
  down_periods: number;
  zero_periods: number;
}

export interface RiskConventionsEcho extends RiskConventions {
  return_type: 'simple';
  periods_per_year: number;
  risk_free: ResolvedRate;
  mar: ResolvedRate;
  omega_threshold: ResolvedRate;
  var: {
    confidence: number[];
    horizon_days: number;
    horizon_scaling: 'square_root_of_time';
    sign: 'return';
  };
  rolling_window: number | null;
  benchmark_alignment: 'inner_join_on_date';
  volatility_ddof: 1;
  downside_deviation_denominator: 'all_periods';
}

export interface RiskResult {
  metrics: RiskMetrics;
  /** Why each null figure is null, by its path in the response (`sharpe_ratio`, `var.gaussian.0.95`). */
  null_reasons: Record<string, string>;
  conventions: RiskConventionsEcho;
  period: RiskPeriod;
  statistics: RiskStatistics;
  benchmark: BenchmarkAlignment | null;
}
