import { type Static, type TOptional, type TUnsafe, Type } from 'typebox';
import {
  DEFAULT_RISK_CONVENTIONS,
  RISK_CONVENTION_DESCRIPTIONS,
  RISK_CONVENTION_NAMES,
  RISK_CONVENTION_OPTIONS,
  type RiskConventionName,
  type RiskConventions,
} from '../../domain/analytics/risk/conventions.ts';
import type { RiskResult } from '../../domain/analytics/risk/types.ts';
import { DEFAULT_PERIODS_PER_YEAR, DEFAULT_VAR_CONFIDENCE } from '../../domain/analytics/risk/types.ts';
import { MAX_CONFIDENCES, MAX_RETURNS } from '../../domain/analytics/risk/validate.ts';
import * as S from './common.schemas.ts';
import { describes } from './same-type.ts';

/**
 * JSON schema of POST /analytics/risk (issue 6, item 1): risk and return metrics of a series of periodic
 * returns under selectable conventions. Returns and rates are decimals (0.05 = 5 %), float64 JSON numbers.
 * Formulas: docs/analytics/risk.md.
 */

const integer = (description: string) => Type.Integer({ description });
const nullableInteger = (description: string) => S.nullable(Type.Integer({ description }));

// ─── Request ────────────────────────────────────────────────────────────────────────────────────────────

const datedReturns = (description: string) =>
  Type.Array(
    S.closed({
      date: S.isoDate('The date the period ends on (the close the return is measured to).'),
      value: Type.Number({
        minimum: -1,
        description: 'Simple return of the period as a decimal (0.01 = +1 %, −0.02 = −2 %), at least −1.',
      }),
    }),
    { minItems: 1, maxItems: MAX_RETURNS, description },
  );

const rate = (description: string) =>
  S.partialObject(
    {
      annual_rate: Type.Number({
        exclusiveMinimum: -1,
        description:
          'An annual rate as a decimal (0.02 = 2 %), converted to a per-period rate by `conversion`.',
      }),
      conversion: S.stringEnum(['geometric', 'simple'] as const, {
        description:
          'How annual_rate becomes a per-period rate (only with annual_rate): geometric (1 + a)^(1/P) − 1 ' +
          '(quantstats; the default) or simple a / P.',
      }),
      periodic_rate: Type.Number({
        exclusiveMinimum: -1,
        description: 'A rate per period, used as given (empyrical takes its risk-free rate this way).',
      }),
    },
    {
      additionalProperties: false,
      description: `${description} Give exactly one of annual_rate and periodic_rate; omitted: 0.`,
      oneOf: [{ required: ['annual_rate'] }, { required: ['periodic_rate'] }],
    },
  );

/** One convention's choices, typed as the domain's (RiskConventions[N]). */
const conventionRequestProperty = <N extends RiskConventionName>(name: N) => {
  const options: readonly string[] = RISK_CONVENTION_OPTIONS[name];
  const descriptions = RISK_CONVENTION_DESCRIPTIONS[name] as Record<string, string>;
  return Type.Unsafe<RiskConventions[N]>(
    S.stringEnum(options, {
      default: DEFAULT_RISK_CONVENTIONS[name],
      description: `Default ${DEFAULT_RISK_CONVENTIONS[name]}. ${options.map((o) => `\`${o}\`: ${descriptions[o]}.`).join(' ')}`,
    }),
  );
};

export const CONVENTIONS_REQUEST_OPTIONS = {
  additionalProperties: false,
  description:
    'The convention of each metric that the reference libraries disagree on; each one omitted takes its default ' +
    '(empyrical where it has the metric), and the response echoes them all.',
} as const;

const conventionsRequest = Type.Object(
  S.propertiesOf(RISK_CONVENTION_NAMES, (n) => Type.Optional(conventionRequestProperty(n))) as {
    [N in RiskConventionName]: TOptional<TUnsafe<RiskConventions[N]>>;
  },
  CONVENTIONS_REQUEST_OPTIONS,
);

const riskBody = S.closed({
  returns: datedReturns(
    `The periodic simple returns, dates strictly ascending (1 to ${MAX_RETURNS}). A validation error names the ` +
      'item, e.g. `returns[3].value`.',
  ),
  benchmark_returns: Type.Optional(
    datedReturns(
      'Benchmark returns, dates strictly ascending. Aligned with `returns` by an inner join on dates: every ' +
        'benchmark-relative metric uses only the dates both series have (`benchmark` says how many).',
    ),
  ),
  inception_date: Type.Optional(
    S.isoDate(
      'The NAV date the first return is measured from (wealth 1 on that date): the start of the calendar-day ' +
        'CAGR and a possible drawdown peak. Before the first return date; default the weekday before it.',
    ),
  ),
  periods_per_year: Type.Optional(
    Type.Number({
      exclusiveMinimum: 0,
      default: DEFAULT_PERIODS_PER_YEAR,
      description: `Periods per year P used to annualize (default ${DEFAULT_PERIODS_PER_YEAR}, trading days).`,
    }),
  ),
  risk_free: Type.Optional(
    rate('Risk-free rate, subtracted from the returns in the Sharpe ratio and alpha.'),
  ),
  mar: Type.Optional(rate('Minimum acceptable return of the downside deviation and the Sortino ratio.')),
  omega_threshold: Type.Optional(
    rate('Threshold L of the Omega ratio (empyrical required_return: an annual rate).'),
  ),
  var: Type.Optional(
    S.partialObject(
      {
        confidence: Type.Array(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }), {
          minItems: 1,
          maxItems: MAX_CONFIDENCES,
          default: [...DEFAULT_VAR_CONFIDENCE],
          description: `Confidence levels c, each in (0, 1), distinct (default [${DEFAULT_VAR_CONFIDENCE.join(', ')}]).`,
        }),
        horizon_days: Type.Integer({
          minimum: 1,
          default: 1,
          description:
            'Horizon h in periods (default 1). Every VaR and ES is the one-period figure × √h (square-root-of-time).',
        }),
      },
      { additionalProperties: false, description: 'Value-at-Risk and expected-shortfall options.' },
    ),
  ),
  rolling_window: Type.Optional(
    Type.Integer({
      minimum: 2,
      description:
        'Window (in periods, at most the number of returns) of `rolling_volatility` and `rolling_sharpe`; ' +
        'omitted: no rolling series.',
    }),
  ),
  conventions: Type.Optional(conventionsRequest),
});

// ─── Response ───────────────────────────────────────────────────────────────────────────────────────────

const byConfidence = (description: string) =>
  S.mapOf(S.nullable(Type.Number()), {
    description: `${description} Keyed by confidence as given ("0.95"); a value is a return (negative = loss) or null.`,
  });

const datedSeries = (description: string) =>
  Type.Array(
    Type.Object({ date: S.isoDate('Date of the period.'), value: S.figure('The figure on that date.') }),
    { description },
  );

const maxDrawdown = Type.Object(
  {
    value: S.float('min_t (W_t / max_{s≤t} W_s − 1), ≤ 0 (−0.1 = 10 % below the high-water mark).'),
    peak_date: S.nullableIsoDate(
      'The last date on or before the trough at the high-water mark (may be inception_date).',
    ),
    trough_date: S.nullableIsoDate('The first date of the minimum.'),
    recovery_date: S.nullableIsoDate(
      'The first date after the trough back at or above the peak; null if none.',
    ),
    peak_value: Type.Optional(S.figure('Wealth index at the peak (1 on inception_date).')),
    trough_value: Type.Optional(S.figure('Wealth index at the trough.')),
    periods_peak_to_trough: Type.Optional(nullableInteger('Return periods from peak to trough.')),
    periods_trough_to_recovery: Type.Optional(
      nullableInteger('Return periods from trough to recovery; null if not recovered.'),
    ),
    underwater_start_date: Type.Optional(
      S.nullableIsoDate('The first date under water (the period after the peak).'),
    ),
    underwater_end_date: Type.Optional(
      S.nullableIsoDate(
        'The last date under water: the period before the recovery, or the last date if not recovered.',
      ),
    ),
    duration: nullableInteger(
      'Length of the episode in `duration_unit`: inception → periods from peak to recovery; pyfolio → weekdays ' +
        'from peak to recovery inclusive; quantstats → calendar days from underwater start to end inclusive. ' +
        'null when it needs a recovery that has not happened.',
    ),
    duration_unit: S.stringEnum(['periods', 'weekdays', 'calendar_days'] as const, {
      description: 'Unit of duration.',
    }),
  },
  {
    description:
      'The deepest drawdown and its episode under the `drawdown` convention. Dates are null when there is no ' +
      'drawdown; recovery fields are null when it has not recovered.',
  },
);

const metrics = S.partialObject(
  {
    cumulative_return: S.figure('Π(1 + r_t) − 1.'),
    cagr: S.figure('(1 + cumulative_return)^(1/years) − 1, years by `cagr_basis` (see period.years).'),
    annualized_volatility: S.figure('std(r, ddof 1) × √P.'),
    downside_deviation: S.figure('√(Σ min(r_t − MAR, 0)² / n) × √P, over all n periods.'),
    sharpe_ratio: S.figure('Sharpe ratio of r − risk_free under `sharpe`; null when the volatility is zero.'),
    sortino_ratio: S.figure(
      'mean(r − MAR) over the downside deviation under `sortino`; null with no downside.',
    ),
    calmar_ratio: S.figure('cagr / |max_drawdown.value|; null without a drawdown.'),
    omega_ratio: S.figure('Σ max(r − L, 0) / Σ max(L − r, 0), L = omega_threshold; null without losses.'),
    tail_ratio: S.figure('|Q(0.95)| / |Q(0.05)| (quantiles by `quantile`); null when Q(0.05) = 0.'),
    skewness: S.figure('Skewness under `moments`.'),
    excess_kurtosis: S.figure('Excess kurtosis (kurtosis − 3) under `moments`.'),
    max_drawdown: maxDrawdown,
    drawdown_series: datedSeries('DD_t = W_t / max_{s≤t} W_s − 1 for each return date (≤ 0).'),
    beta: S.figure('cov(r, b) / var(b) over the common dates; null without a benchmark.'),
    alpha: S.figure('Jensen alpha on r − rf and b − rf under `alpha` (annual for compound and linear).'),
    r_squared: S.figure('corr(r, b)².'),
    correlation: S.figure('Pearson correlation of r and b.'),
    tracking_error: S.figure('std(r − b, ddof 1) × √P.'),
    information_ratio: S.figure('Information ratio under `information_ratio`.'),
    active_premium: S.figure('CAGR(r) − CAGR(b) by period count over the common dates (PA ActivePremium).'),
    up_capture: S.figure('Up-market capture under `capture` (benchmark > 0).'),
    down_capture: S.figure(
      'Down-market capture under `capture` (benchmark < 0, or ≤ 0 for cumulative/arithmetic).',
    ),
    up_down_capture: S.figure('up_capture / down_capture.'),
    var: S.partialObject(
      {
        historical: byConfidence('Q(1 − c) by `quantile`.'),
        gaussian: byConfidence('μ + z σ, z = Φ⁻¹(1 − c); σ by `gaussian_sd`, μ by `gaussian_mean`.'),
        cornish_fisher: byConfidence(
          'μ + z_cf σ, z_cf the Cornish–Fisher z; moments by `cornish_fisher_moments`.',
        ),
      },
      {
        description:
          'Value at Risk as a return quantile: a loss is negative (−0.02 = 2 % loss), scaled by √horizon_days.',
      },
    ),
    cvar: S.partialObject(
      {
        historical: byConfidence('Historical expected shortfall under `expected_shortfall`.'),
        gaussian: byConfidence('μ − φ(z)/(1 − c) σ, σ and μ as for the Gaussian VaR.'),
      },
      { description: 'Expected shortfall (CVaR) as a return (negative = loss), scaled by √horizon_days.' },
    ),
    rolling_volatility: datedSeries(
      'Annualized volatility of each trailing window of rolling_window returns, dated by its last return; ' +
        'present only when rolling_window is given.',
    ),
    rolling_sharpe: datedSeries(
      'Sharpe ratio (under `sharpe`, with risk_free) of each trailing window; null where the window has zero ' +
        'volatility. Present only when rolling_window is given.',
    ),
  },
  {
    description:
      'The metrics, each under the conventions echoed in `conventions`. Returns and rates are decimals.',
  },
);

const resolvedRate = (description: string) =>
  Type.Object(
    {
      periodic_rate: S.float('The rate per period used.'),
      annual_rate: S.nullable(Type.Number({ description: 'The annual rate given, else null.' })),
      conversion: S.nullable(
        S.stringEnum(['geometric', 'simple', null] as const, {
          description: 'How the annual rate was converted, else null (a periodic rate or the default 0).',
        }),
      ),
    },
    { description },
  );

const conventionsEcho = Type.Object(
  {
    ...S.propertiesOf(RISK_CONVENTION_NAMES, (n) =>
      Type.Optional(S.stringEnum(RISK_CONVENTION_OPTIONS[n], { description: `The ${n} convention used.` })),
    ),
    return_type: Type.Optional(S.text('Always `simple`: the returns are simple periodic returns.')),
    periods_per_year: Type.Optional(S.float('P used to annualize.')),
    risk_free: Type.Optional(resolvedRate('The risk-free rate used.')),
    mar: Type.Optional(resolvedRate('The minimum acceptable return used.')),
    omega_threshold: Type.Optional(resolvedRate('The Omega threshold used.')),
    var: Type.Optional(
      S.partialObject(
        {
          confidence: Type.Array(Type.Number(), { description: 'The confidence levels.' }),
          horizon_days: integer('The horizon in periods.'),
          horizon_scaling: S.text('`square_root_of_time`: the one-period figures × √horizon_days.'),
          sign: S.text('`return`: VaR and ES are return quantiles, a loss is negative.'),
        },
        { description: 'VaR and ES settings.' },
      ),
    ),
    rolling_window: Type.Optional(nullableInteger('The rolling window, or null.')),
    benchmark_alignment: Type.Optional(
      S.text('`inner_join_on_date`: benchmark metrics use the dates both series have.'),
    ),
    volatility_ddof: Type.Optional(
      integer('Degrees of freedom removed in the volatility (1: sample standard deviation).'),
    ),
    downside_deviation_denominator: Type.Optional(
      S.text('`all_periods`: the downside deviation divides by n, not by the losses.'),
    ),
  },
  { description: 'Every convention the answer used, defaults filled in.' },
);

const period = S.partialObject(
  {
    inception_date: S.isoDate('The NAV date of wealth 1 (given, or the weekday before the first return).'),
    inception_date_source: S.stringEnum(['request', 'previous_weekday'] as const, {
      description: 'Where it came from.',
    }),
    start_date: S.isoDate('The first return date.'),
    end_date: S.isoDate('The last return date.'),
    observations: integer('Number of returns n.'),
    calendar_days: integer('end_date − inception_date in calendar days.'),
    years: S.figure('The years the CAGR annualizes over under `cagr_basis`.'),
  },
  { description: 'The span of the returns.' },
);

const statistics = S.partialObject(
  {
    mean: S.float('Arithmetic mean return.'),
    std_sample: S.figure('Standard deviation, ddof 1.'),
    std_population: S.figure('Standard deviation, ddof 0 (√m2).'),
    quantile_05: S.float('The 5 % return quantile under `quantile` (the tail ratio’s denominator).'),
    quantile_95: S.float('The 95 % return quantile under `quantile`.'),
    normal_quantile: byConfidence('z = Φ⁻¹(1 − c).'),
    cornish_fisher_quantile: byConfidence('The Cornish–Fisher adjusted z under `cornish_fisher_moments`.'),
  },
  { description: 'Descriptive statistics of the returns behind the metrics (per period, not annualized).' },
);

const benchmark = S.nullable(
  S.partialObject(
    {
      observations: integer('Dates in both series (the inner join).'),
      return_dates_without_benchmark: integer('Return dates the benchmark lacks (left out).'),
      benchmark_dates_without_return: integer('Benchmark dates the returns lack (left out).'),
      up_periods: integer('Common dates with a benchmark return > 0.'),
      down_periods: integer('Common dates with a benchmark return < 0.'),
      zero_periods: integer('Common dates with a benchmark return of exactly 0.'),
    },
    { description: 'How the benchmark aligned with the returns; null without benchmark_returns.' },
  ),
);

export const riskSchema = {
  tags: ['analytics'],
  summary: 'Risk and return metrics of a return series',
  description:
    'Stateless: computes cumulative return, CAGR, volatility, downside deviation, Sharpe, Sortino, Calmar, ' +
    'Omega, tail ratio, moments, drawdowns, benchmark-relative statistics, VaR and ES from the returns in the ' +
    'request, each under the selectable conventions of empyrical, quantstats and PerformanceAnalytics. An ' +
    'undefined figure is null with a reason in `null_reasons`, never NaN or Infinity. Formulas: ' +
    'docs/analytics/risk.md.',
  body: riskBody,
  response: {
    200: Type.Object({
      metrics: metrics,
      null_reasons: S.mapOf(Type.String(), {
        description:
          'For each null figure, why, by its path in the response (`sharpe_ratio`, `max_drawdown.recovery_date`, ' +
          '`var.gaussian.0.95`). Empty when every figure is defined.',
      }),
      conventions: conventionsEcho,
      period: period,
      statistics: statistics,
      benchmark: benchmark,
    }),
    422: S.problemResponse(
      'The request is invalid (VALIDATION_FAILED); `errors` names each field by its path, e.g. ' +
        '`returns[3].value`, `var.confidence[0]`, `conventions.sharpe`.',
    ),
  },
} as const;

// The domain's RiskResult (computeRisk) is the source of the answer.
describes<Static<(typeof riskSchema.response)[200]>, RiskResult>();
