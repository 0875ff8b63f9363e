import { type Static, Type } from 'typebox';
import type { RiskBody } from '../../app/services/portfolio-risk.service.ts';
import { LEGACY_RISK_METRICS, VAR_METHODS } from '../../domain/analytics/performance/legacy-risk-metrics.ts';
import { PERIODS_PER_YEAR, RISK_FREQUENCIES } from '../../domain/analytics/performance/resample.ts';
import { completenessProperties, scopeSchema } from './analytics-performance.schemas.ts';
import { periodsWithoutBreakdownSchema, resolvedPeriodProperties } from './analytics-periods.schemas.ts';
import { CONVENTIONS_REQUEST_OPTIONS, riskSchema } from './analytics-risk.schemas.ts';
import * as S from './common.schemas.ts';
import { accepts } from './same-type.ts';

/**
 * POST /portfolios/{id}/risk: the original's request and response shape (seed-system §12.4) over the full
 * metric set of POST /analytics/risk, whose schema fragments it reuses. Everything in decimals.
 * docs/analytics/performance.md.
 */

const stateless = riskSchema.body.properties;
const statelessResponse = riskSchema.response[200].properties;

const figure = (description: string) =>
  S.nullable(
    Type.Number({
      description: `${description} A float64 JSON number; null when undefined, \`null_reasons\` says why.`,
    }),
  );

const conventionsRequest = Type.Object(
  {
    ...stateless.conventions.properties,
    information_ratio: S.defaulted(
      S.withOptions(stateless.conventions.properties.information_ratio, {
        default: 'annualized',
        description:
          'Default `annualized` here (the periodic ratio × √P), as the original’s INFORMATION_RATIO; ' +
          '`periodic`: mean(r − b) / std(r − b) (the /analytics/risk default); `geometric`: PA InformationRatio.',
      }),
    ),
  },
  CONVENTIONS_REQUEST_OPTIONS,
);

const rate = (description: string) =>
  Type.Number({ exclusiveMinimum: -1, description: `${description} A decimal (0.02 = 2 %).` });

const options = S.partialObject(
  {
    frequency: S.stringEnum(RISK_FREQUENCIES, {
      description:
        'DAILY (default): weekday returns, a Saturday’s and Sunday’s linked into the following Monday. ' +
        'WEEKLY: weeks ending on Friday (pandas W-FRI, as the original). MONTHLY: calendar months. Linked ' +
        'geometrically; the last bucket ends on the period’s last day.',
    }),
    annualization_factor: Type.Number({
      exclusiveMinimum: 0,
      description: `Periods per year P; default ${PERIODS_PER_YEAR.DAILY} / ${PERIODS_PER_YEAR.WEEKLY} / ${PERIODS_PER_YEAR.MONTHLY} by frequency.`,
    }),
    use_log_returns: S.alwaysFalse(
      'Only false: every metric is defined on simple returns (the original’s log option changed some ' +
        'metrics and not others).',
    ),
    risk_free_mode: S.stringEnum(['ZERO', 'ANNUAL_RATE'] as const, {
      description:
        'ZERO: no risk-free rate. ANNUAL_RATE: risk_free_annual_rate, converted per period as ' +
        '(1 + a)^(1/P) − 1. Default ANNUAL_RATE when a rate is given, else ZERO.',
    }),
    risk_free_annual_rate: rate('Annual risk-free rate of the Sharpe ratio and alpha.'),
    mar_annual_rate: rate(
      'Annual minimum acceptable return of the Sortino ratio and downside deviation, converted as ' +
        '(1 + a)^(1/P) − 1; default 0.',
    ),
    omega_threshold_annual_rate: rate('Annual threshold of the Omega ratio, converted likewise; default 0.'),
    benchmark_id: S.text(
      'A benchmark (POST /ingest/benchmarks): its daily returns (from its levels, or as given), linked to the ' +
        'same frequency. Not with benchmark_security_id.',
    ),
    benchmark_security_id: S.text(
      'A security as the benchmark: the change of its price from one price date to the next (the ' +
        'original’s benchmark). Not with benchmark_id.',
    ),
    rolling_window: Type.Integer({
      minimum: 2,
      description:
        'Adds risk.metrics.rolling_volatility and rolling_sharpe over windows of this many returns; a period ' +
        'with fewer returns has neither (null_reasons says so).',
    }),
    include_drawdown_series: Type.Boolean({
      description:
        'Include risk.metrics.drawdown_series, one value per return (default false: over years of daily ' +
        'returns it outweighs every other figure of the answer).',
    }),
    var: S.partialObject(
      {
        method: S.stringEnum(VAR_METHODS, {
          description:
            'Which VaR the VAR metric reports (default HISTORICAL); risk.metrics.var has all three.',
        }),
        confidence: Type.Number({
          exclusiveMinimum: 0,
          exclusiveMaximum: 1,
          description: 'Confidence level c (default 0.99).',
        }),
        horizon_days: Type.Integer({
          minimum: 1,
          description: 'Horizon h in periods of `frequency` (days for DAILY); VaR and ES × √h (default 1).',
        }),
        include_expected_shortfall: Type.Boolean({
          description: 'Add the expected shortfall to the VAR metric’s details (default true).',
        }),
      },
      { additionalProperties: false, description: 'The VAR metric.' },
    ),
  },
  {
    additionalProperties: false,
    description: 'How the returns are measured and which benchmark they are compared with.',
  },
);

const detailNumber = (description: string) => S.nullable(Type.Number({ description }));

const legacyMetric = (description: string) =>
  Type.Object(
    {
      value: figure('The metric.'),
      details: S.partialObject(
        {
          periodic_volatility: detailNumber('VOLATILITY: std(r, ddof 1), per period.'),
          annualization_factor: detailNumber('VOLATILITY: P.'),
          observations: detailNumber('VOLATILITY: returns n.'),
          max_drawdown: detailNumber('DRAWDOWN: the deepest drawdown (≤ 0).'),
          peak_date: S.nullableIsoDate('DRAWDOWN: the high-water mark before the trough.'),
          trough_date: S.nullableIsoDate('DRAWDOWN: the trough.'),
          recovery_date: S.nullableIsoDate('DRAWDOWN: back at the peak; null if not yet.'),
          underwater_start_date: S.nullableIsoDate(
            "DRAWDOWN: the first date under water (quantstats' start).",
          ),
          underwater_end_date: S.nullableIsoDate(
            "DRAWDOWN: the last date under water, or the last date if not recovered (quantstats' end).",
          ),
          risk_free_periodic_rate: detailNumber('SHARPE: the per-period risk-free rate.'),
          downside_deviation: detailNumber('SORTINO: the annualized downside deviation.'),
          mar_periodic_rate: detailNumber('SORTINO: the per-period minimum acceptable return.'),
          alpha: detailNumber('BETA: Jensen alpha under conventions.alpha.'),
          correlation: detailNumber('BETA: correlation with the benchmark.'),
          r_squared: detailNumber('BETA: correlation².'),
          active_premium: detailNumber('INFORMATION_RATIO: CAGR(r) − CAGR(b).'),
          benchmark_observations: detailNumber('BETA, TRACKING_ERROR, INFORMATION_RATIO: common dates.'),
          method: S.stringEnum(VAR_METHODS, { description: 'VAR: the method reported.' }),
          confidence: detailNumber('VAR: the confidence level.'),
          horizon_days: detailNumber('VAR: the horizon in periods.'),
          expected_shortfall: detailNumber(
            'VAR: the expected shortfall of the method (historical or Gaussian), a return (negative = loss).',
          ),
        },
        { description: 'Figures behind the metric (those of the metric only).' },
      ),
    },
    { description },
  );

const metricDescriptions: Record<(typeof LEGACY_RISK_METRICS)[number], string> = {
  VOLATILITY: 'Annualized volatility std(r, ddof 1) × √P, a decimal (risk.metrics.annualized_volatility).',
  DRAWDOWN:
    'Maximum drawdown, a decimal ≤ 0, measured from the period’s opening value (risk.metrics.max_drawdown).',
  SHARPE: 'Sharpe ratio (risk.metrics.sharpe_ratio).',
  SORTINO: 'Sortino ratio against mar_annual_rate (risk.metrics.sortino_ratio).',
  BETA: 'Beta to the benchmark (risk.metrics.beta); null without a benchmark.',
  TRACKING_ERROR:
    'std(r − b, ddof 1) × √P, a decimal (the original gave percentage points) (risk.metrics.tracking_error).',
  INFORMATION_RATIO:
    'Information ratio under conventions.information_ratio (risk.metrics.information_ratio).',
  VAR:
    'Value at Risk of options.var.method at options.var.confidence, a return: a loss is negative (the ' +
    'original gave a positive percentage) (risk.metrics.var).',
};

const nullReasons = S.mapOf(Type.String(), {
  description:
    'For each null legacy metric, why, by its name (`VOLATILITY`, `VAR.expected_shortfall`); `risk` when the ' +
    'period has no returns to measure.',
});

const periodResult = Type.Object(
  {
    ...resolvedPeriodProperties,
    observations: Type.Integer({ description: 'Returns measured (after resampling).' }),
    ...completenessProperties,
    metrics: Type.Object(
      S.propertiesOf(LEGACY_RISK_METRICS, (m) => Type.Optional(legacyMetric(metricDescriptions[m]))),
      { description: 'The legacy metrics asked for, each {value, details}.' },
    ),
    null_reasons: nullReasons,
    risk: S.nullable(
      S.partialObject(
        {
          metrics: statelessResponse.metrics,
          null_reasons: statelessResponse.null_reasons,
          period: statelessResponse.period,
          statistics: statelessResponse.statistics,
          benchmark: statelessResponse.benchmark,
        },
        {
          description:
            'The full metric set of POST /analytics/risk on the period’s returns (same fields); null when the ' +
            'period has none (null_reasons.risk says why).',
        },
      ),
    ),
  },
  { description: 'One period.' },
);

const conventionsEcho = S.partialObject(
  {
    return_unit: S.text('`decimal`: every return, rate, VaR and tracking error is a decimal.'),
    net_or_gross: S.text('NET or GROSS: the daily returns of /performance used.'),
    return_series: S.text('Where the returns come from.'),
    frequency: S.stringEnum(RISK_FREQUENCIES, { description: 'The frequency used.' }),
    resampling: S.text('How calendar-day returns became the frequency’s returns.'),
    annualization_factor: Type.Number({ description: 'P used.' }),
    annualization_factor_source: S.stringEnum(['request', 'frequency_default'] as const, {
      description: 'Whether P was given or is the frequency’s default.',
    }),
    benchmark: S.nullable(
      S.partialObject(
        {
          source: S.stringEnum(['benchmark_id', 'benchmark_security_id'] as const, {
            description: 'How it was given.',
          }),
          id: S.text('The benchmark or security id.'),
          returns: S.text('How its returns are formed.'),
        },
        { description: 'The benchmark used, or null.' },
      ),
    ),
    var_method: S.stringEnum(VAR_METHODS, { description: 'The method of the VAR metric.' }),
    include_expected_shortfall: Type.Boolean({ description: 'Whether the VAR metric carries its ES.' }),
    metrics: S.withOptions(statelessResponse.conventions, {
      description: 'The conventions of the metric set, exactly as POST /analytics/risk echoes them.',
    }),
  },
  { description: 'Every convention the answer used.' },
);

export const portfolioRiskSchema = {
  tags: ['analytics'],
  summary: 'Risk metrics of the portfolio over periods (legacy shape)',
  description:
    "The full metric set of POST /analytics/risk on the portfolio's daily TWR returns of each period, with " +
    'the original’s metric selection, options and benchmark (seed-system §12.4) mapped onto it. Everything in ' +
    'decimals (the original gave VaR in percent). docs/analytics/performance.md.',
  params: S.portfolioParams,
  body: S.closed({
    scope: Type.Optional(scopeSchema),
    periods: periodsWithoutBreakdownSchema,
    metrics: Type.Optional(
      Type.Array(S.stringEnum(LEGACY_RISK_METRICS), {
        minItems: 1,
        uniqueItems: true,
        description:
          'The legacy metrics to report under `metrics` (default all); `risk` always has the full set.',
      }),
    ),
    options: Type.Optional(options),
    conventions: Type.Optional(conventionsRequest),
  }),
  response: {
    200: Type.Object({
      portfolio_id: S.text('Portfolio id.'),
      base_currency: S.text('Base currency.'),
      scope: S.partialObject(
        {
          as_of_date: S.isoDate('The as-of date used.'),
          reporting_currency: S.text('The base currency.'),
          net_or_gross: S.text('NET or GROSS.'),
        },
        { description: 'The scope used, defaults filled in.' },
      ),
      results: S.mapOf(periodResult, { description: 'One entry per requested period, keyed by its name.' }),
      conventions: conventionsEcho,
    }),
    404: S.portfolioNotFound,
    422: S.problemResponse(
      'A bad period, option or convention; an unknown benchmark; both benchmark_id and benchmark_security_id ' +
        '(VALIDATION_FAILED); `errors` names each field.',
    ),
  },
} as const;

accepts<Static<typeof portfolioRiskSchema.body>, RiskBody>();
