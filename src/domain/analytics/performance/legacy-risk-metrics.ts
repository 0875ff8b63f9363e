import type { RiskResult } from '../risk/types.ts';

/**
 * The original's risk metric selection (seed-system §12.4) mapped onto the full metric set of
 * `computeRisk`. Every value is a decimal or a ratio: the original gave VaR and ES in percent with a loss
 * positive and the tracking error in percentage points, next to a volatility in decimals (§14.11). Here VaR
 * and ES are returns (a loss is negative), as in `/analytics/risk`.
 */
export const LEGACY_RISK_METRICS = [
  'VOLATILITY',
  'DRAWDOWN',
  'SHARPE',
  'SORTINO',
  'BETA',
  'TRACKING_ERROR',
  'INFORMATION_RATIO',
  'VAR',
] as const;
export type LegacyRiskMetric = (typeof LEGACY_RISK_METRICS)[number];

export const VAR_METHODS = ['HISTORICAL', 'GAUSSIAN', 'CORNISH_FISHER'] as const;
export type VarMethod = (typeof VAR_METHODS)[number];

export interface LegacyVarOptions {
  method: VarMethod;
  confidence: number;
  horizon_days: number;
  include_expected_shortfall: boolean;
}

type Detail = number | string | null;
export interface LegacyMetric {
  value: number | null;
  details: Record<string, Detail>;
}

const VAR_KEYS = {
  HISTORICAL: 'historical',
  GAUSSIAN: 'gaussian',
  CORNISH_FISHER: 'cornish_fisher',
} as const;

/** The legacy metrics asked for, and the reason for each null value (keyed `VAR`, `VAR.expected_shortfall`, …). */
export function legacyMetrics(
  risk: RiskResult,
  selection: readonly LegacyRiskMetric[],
  varOptions: LegacyVarOptions,
): { metrics: Partial<Record<LegacyRiskMetric, LegacyMetric>>; null_reasons: Record<string, string> } {
  const m = risk.metrics;
  const why = risk.null_reasons;
  const benchmarkObservations = risk.benchmark?.observations ?? 0;
  const confidence = String(varOptions.confidence);
  const varKey = VAR_KEYS[varOptions.method];

  const build: Record<LegacyRiskMetric, () => [LegacyMetric, string | undefined]> = {
    VOLATILITY: () => [
      {
        value: m.annualized_volatility,
        details: {
          periodic_volatility: risk.statistics.std_sample,
          annualization_factor: risk.conventions.periods_per_year,
          observations: risk.period.observations,
        },
      },
      why.annualized_volatility,
    ],
    DRAWDOWN: () => [
      {
        value: m.max_drawdown.value,
        details: {
          max_drawdown: m.max_drawdown.value,
          peak_date: m.max_drawdown.peak_date,
          trough_date: m.max_drawdown.trough_date,
          recovery_date: m.max_drawdown.recovery_date,
          // quantstats' drawdown_details start and end (the first and last date under water).
          underwater_start_date: m.max_drawdown.underwater_start_date,
          underwater_end_date: m.max_drawdown.underwater_end_date,
        },
      },
      undefined,
    ],
    SHARPE: () => [
      {
        value: m.sharpe_ratio,
        details: { risk_free_periodic_rate: risk.conventions.risk_free.periodic_rate },
      },
      why.sharpe_ratio,
    ],
    SORTINO: () => [
      {
        value: m.sortino_ratio,
        details: {
          downside_deviation: m.downside_deviation,
          mar_periodic_rate: risk.conventions.mar.periodic_rate,
        },
      },
      why.sortino_ratio,
    ],
    BETA: () => [
      {
        value: m.beta,
        details: {
          alpha: m.alpha,
          correlation: m.correlation,
          r_squared: m.r_squared,
          benchmark_observations: benchmarkObservations,
        },
      },
      why.beta,
    ],
    TRACKING_ERROR: () => [
      { value: m.tracking_error, details: { benchmark_observations: benchmarkObservations } },
      why.tracking_error,
    ],
    INFORMATION_RATIO: () => [
      {
        value: m.information_ratio,
        details: { active_premium: m.active_premium, benchmark_observations: benchmarkObservations },
      },
      why.information_ratio,
    ],
    VAR: () => [
      {
        value: m.var[varKey][confidence] ?? null,
        details: {
          method: varOptions.method,
          confidence: varOptions.confidence,
          horizon_days: varOptions.horizon_days,
          ...(varOptions.include_expected_shortfall ? { expected_shortfall: expectedShortfall() } : {}),
        },
      },
      why[`var.${varKey}.${confidence}`],
    ],
  };

  const null_reasons: Record<string, string> = {};
  function expectedShortfall(): number | null {
    if (varOptions.method === 'CORNISH_FISHER') {
      null_reasons['VAR.expected_shortfall'] =
        'the metric set has no Cornish–Fisher expected shortfall: see risk.metrics.cvar for the historical and ' +
        'Gaussian ones';
      return null;
    }
    const key = varKey === 'historical' ? 'historical' : 'gaussian';
    const value = m.cvar[key][confidence] ?? null;
    const reason = why[`cvar.${key}.${confidence}`];
    if (value === null && reason !== undefined) null_reasons['VAR.expected_shortfall'] = reason;
    return value;
  }

  const metrics: Partial<Record<LegacyRiskMetric, LegacyMetric>> = {};
  for (const name of selection) {
    const [metric, reason] = build[name]();
    metrics[name] = metric;
    if (metric.value === null) null_reasons[name] = reason ?? 'undefined for these returns';
  }
  return { metrics, null_reasons };
}

/** Every legacy metric asked for, null with the same reason (a period whose returns are unknown). */
export function legacyMetricsUnknown(
  selection: readonly LegacyRiskMetric[],
  reason: string,
): { metrics: Partial<Record<LegacyRiskMetric, LegacyMetric>>; null_reasons: Record<string, string> } {
  const metrics: Partial<Record<LegacyRiskMetric, LegacyMetric>> = {};
  const null_reasons: Record<string, string> = {};
  for (const name of selection) {
    metrics[name] = { value: null, details: {} };
    null_reasons[name] = reason;
  }
  return { metrics, null_reasons };
}
