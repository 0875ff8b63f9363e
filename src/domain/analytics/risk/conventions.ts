/**
 * The convention choices of the risk metrics (analytics-methodology.md §4.1, §12). Each key lists its options
 * with the default first; the defaults are those of empyrical where empyrical has the metric, else the first
 * published convention of the appendix. Every response echoes the resolved set.
 */
export const RISK_CONVENTION_OPTIONS = {
  cagr_basis: ['periods', 'act365', 'act365_25', 'quantstats_legacy'],
  sharpe: ['arithmetic', 'geometric'],
  sortino: ['annualized', 'periodic'],
  moments: ['sample', 'population'],
  quantile: ['linear', 'inverted_cdf'],
  expected_shortfall: ['empyrical', 'strict', 'quantstats', 'quantstats_historical'],
  gaussian_sd: ['sample', 'population'],
  gaussian_mean: ['include', 'zero'],
  cornish_fisher_moments: ['population', 'sample'],
  alpha: ['compound', 'linear', 'intercept'],
  information_ratio: ['periodic', 'annualized', 'geometric'],
  capture: ['empyrical', 'cumulative', 'arithmetic', 'geometric_average'],
  drawdown: ['inception', 'pyfolio', 'quantstats'],
} as const;

type Options = typeof RISK_CONVENTION_OPTIONS;
export type RiskConventionName = keyof Options;
export type RiskConventions = { [K in RiskConventionName]: Options[K][number] };

export const RISK_CONVENTION_NAMES = Object.keys(RISK_CONVENTION_OPTIONS) as RiskConventionName[];

export const DEFAULT_RISK_CONVENTIONS: RiskConventions = {
  cagr_basis: 'periods',
  sharpe: 'arithmetic',
  sortino: 'annualized',
  moments: 'sample',
  quantile: 'linear',
  expected_shortfall: 'empyrical',
  gaussian_sd: 'sample',
  gaussian_mean: 'include',
  cornish_fisher_moments: 'population',
  alpha: 'compound',
  information_ratio: 'periodic',
  capture: 'empyrical',
  drawdown: 'inception',
};

/** What each option means, for the API schema and the docs (one sentence each; formulas in docs/analytics/risk.md). */
export const RISK_CONVENTION_DESCRIPTIONS: { [K in RiskConventionName]: Record<Options[K][number], string> } =
  {
    cagr_basis: {
      periods: 'years = n / periods_per_year (empyrical, quantstats ≥ 0.0.70, PerformanceAnalytics)',
      act365: 'years = (last date − inception_date) calendar days / 365',
      act365_25: 'years = (last date − inception_date) calendar days / 365.25',
      quantstats_legacy:
        'years = (last date − first return date) calendar days / 365 (quantstats ≤ 0.0.69; loses one period)',
    },
    sharpe: {
      arithmetic: 'mean(r − rf) / std(r − rf, ddof 1) × √P (empyrical, quantstats, PA default)',
      geometric: 'CAGR(r − rf, periods basis) / (std(r − rf, ddof 1) × √P) (PA SharpeRatio geometric = TRUE)',
    },
    sortino: {
      annualized: 'mean(r − MAR) × P / annualized downside deviation (empyrical, quantstats)',
      periodic: 'mean(r − MAR) / per-period downside deviation, not annualized (PA SortinoRatio)',
    },
    moments: {
      sample: 'bias-adjusted G1 and G2 (pandas, quantstats, Excel SKEW/KURT, PA fisher/sample_excess)',
      population: 'g1 = m3/m2^1.5 and g2 = m4/m2² − 3 (scipy defaults, pyfolio, PA default)',
    },
    quantile: {
      linear: 'Hyndman–Fan type 7 linear interpolation at h = (n − 1)p (numpy and R default)',
      inverted_cdf: 'x_(⌈np⌉), the empirical-CDF inverse without interpolation (Hyndman–Fan type 1)',
    },
    expected_shortfall: {
      empyrical: 'mean of the ⌊(n − 1)(1 − c)⌋ + 1 smallest returns (empyrical conditional_value_at_risk)',
      strict: 'mean of the returns strictly below the historical VaR, else the VaR (PA ES historical)',
      quantstats:
        'mean of the returns strictly below the Gaussian VaR (mean + z·std ddof 1), else that VaR (quantstats ≤ 0.0.82 cvar)',
      quantstats_historical:
        'mean of the returns at or below the linear quantile Q(1 − c) (quantstats ≥ 0.0.83 cvar(method="historical")); ' +
        'its default cvar(), the Gaussian closed form, is cvar.gaussian',
    },
    gaussian_sd: {
      sample: 'standard deviation with ddof 1 (quantstats value_at_risk)',
      population: 'standard deviation with ddof 0, √m2 (PA VaR/ES gaussian)',
    },
    gaussian_mean: {
      include: 'VaR = mean + z·σ (quantstats, PA)',
      zero: 'VaR = z·σ, the mean ignored (RiskMetrics style)',
    },
    cornish_fisher_moments: {
      population: 'population skewness, excess kurtosis and √m2 (PA VaR modified)',
      sample: 'sample-adjusted G1, G2 and std ddof 1',
    },
    alpha: {
      compound: '(1 + mean(r − rf − β(b − rf)))^P − 1 (empyrical alpha)',
      linear: '(mean(r − rf) − β·mean(b − rf)) × P (quantstats greeks)',
      intercept: 'mean(r − rf) − β·mean(b − rf), per period (PA CAPM.alpha, the OLS intercept)',
    },
    information_ratio: {
      periodic: 'mean(r − b) / std(r − b, ddof 1), not annualized (empyrical excess_sharpe, quantstats)',
      annualized: 'the periodic ratio × √P',
      geometric: '(CAGR(r) − CAGR(b)) / tracking error (PA InformationRatio)',
    },
    capture: {
      empyrical: 'CAGR(r | b > 0) / CAGR(b | b > 0), down over b < 0; each CAGR over its own day count',
      cumulative: '(Π(1 + r) − 1) / (Π(1 + b) − 1) over b > 0, down over b ≤ 0 (PA UpDownRatios geometric)',
      arithmetic: 'Σr / Σb over b > 0, down over b ≤ 0 (PA UpDownRatios arithmetic)',
      geometric_average: '(Π(1 + r)^(1/k) − 1) / (Π(1 + b)^(1/k) − 1) over b > 0, down over b < 0',
    },
    drawdown: {
      inception:
        'wealth starts at 1 on inception_date (a first-day loss is a drawdown); duration in return periods from peak to recovery',
      pyfolio:
        'no inception baseline, the running maximum starts at the first return date; duration in weekdays from peak to recovery, inclusive (pyfolio)',
      quantstats:
        'inception baseline; duration in calendar days from the first to the last day under water, inclusive (quantstats drawdown_details)',
    },
  };

/**
 * A risk-free rate, minimum acceptable return or Omega threshold as the request gives it: an annual rate
 * de-annualised geometrically ((1 + a)^(1/P) − 1, as quantstats) or simply (a / P), or a per-period rate used
 * as given (as empyrical).
 */
export type RateInput =
  | { annual_rate: number; conversion?: 'geometric' | 'simple' | undefined }
  | { periodic_rate: number };

/** A rate after conversion, as echoed in `conventions`. */
export interface ResolvedRate {
  periodic_rate: number;
  annual_rate: number | null;
  conversion: 'geometric' | 'simple' | null;
}

export function periodicRateOf(rate: RateInput | undefined, periodsPerYear: number): ResolvedRate {
  if (rate === undefined) return { periodic_rate: 0, annual_rate: null, conversion: null };
  if ('periodic_rate' in rate)
    return { periodic_rate: rate.periodic_rate, annual_rate: null, conversion: null };
  const conversion = rate.conversion ?? 'geometric';
  const periodic_rate =
    conversion === 'geometric'
      ? (1 + rate.annual_rate) ** (1 / periodsPerYear) - 1
      : rate.annual_rate / periodsPerYear;
  return { periodic_rate, annual_rate: rate.annual_rate, conversion };
}

/**
 * Why an annual rate has no periodic equivalent at P periods a year, else undefined: with a tiny P (an
 * annualization factor of 5e-324) (1 + r)^(1/P) − 1 overflows a float64.
 */
export function periodicRateOverflow(
  rate: RateInput | undefined,
  periodsPerYear: number,
): string | undefined {
  if (rate === undefined || 'periodic_rate' in rate) return undefined;
  if (Number.isFinite(periodicRateOf(rate, periodsPerYear).periodic_rate)) return undefined;
  return (
    `has no periodic rate at ${periodsPerYear} periods a year: converted, it overflows a float64 ` +
    '(use a realistic number of periods per year: 252 daily, 52 weekly, 12 monthly)'
  );
}

export const resolveConventions = (requested: Partial<RiskConventions> | undefined): RiskConventions => ({
  ...DEFAULT_RISK_CONVENTIONS,
  ...requested,
});
