import {
  LEGACY_RISK_METRICS,
  type LegacyRiskMetric,
  type VarMethod,
} from '../../domain/analytics/performance/legacy-risk-metrics.ts';
import { PERIODS_PER_YEAR, type RiskFrequency } from '../../domain/analytics/performance/resample.ts';
import {
  type BenchmarkReturns,
  PORTFOLIO_RISK_CONVENTIONS,
  type PortfolioRiskOptions,
  periodRisk,
  riskConventionsEcho,
} from '../../domain/analytics/performance/risk-period.ts';
import type { PeriodRequest } from '../../domain/analytics/periods.ts';
import { periodicRateOverflow, type RiskConventions } from '../../domain/analytics/risk/conventions.ts';
import { addDays } from '../../domain/dates.ts';
import { type FieldError, validationFailed } from '../../domain/errors.ts';
import type { Sql } from '../../store/db.ts';
import { securityReturnsOf } from '../../store/queries/analytics-series.queries.ts';
import { findBenchmarkReturns } from '../../store/queries/benchmarks.queries.ts';
import {
  type PortfolioRequest,
  portfolioRequestOf,
  returnSeriesOf,
  type Scope,
} from './portfolio-request.ts';

interface RiskOptionsBody {
  frequency?: RiskFrequency;
  annualization_factor?: number;
  use_log_returns?: false;
  risk_free_mode?: 'ZERO' | 'ANNUAL_RATE';
  risk_free_annual_rate?: number;
  mar_annual_rate?: number;
  omega_threshold_annual_rate?: number;
  benchmark_id?: string;
  benchmark_security_id?: string;
  rolling_window?: number;
  include_drawdown_series?: boolean;
  var?: {
    method?: VarMethod;
    confidence?: number;
    horizon_days?: number;
    include_expected_shortfall?: boolean;
  };
}

export interface RiskBody {
  scope?: Scope;
  periods: PeriodRequest[];
  metrics?: LegacyRiskMetric[];
  options?: RiskOptionsBody;
  conventions?: Partial<RiskConventions>;
}

const problem = (field: string, message: string): FieldError => ({ index: 0, field, message });

/** The request's options as computeRisk's inputs; what JSON schema cannot say is checked here. */
function riskOptionsOf(body: RiskBody): PortfolioRiskOptions {
  const o = body.options ?? {};
  const errors: FieldError[] = [];
  if (o.benchmark_id !== undefined && o.benchmark_security_id !== undefined) {
    errors.push(
      problem('options.benchmark_security_id', 'give benchmark_id or benchmark_security_id, not both'),
    );
  }
  const mode = o.risk_free_mode ?? (o.risk_free_annual_rate === undefined ? 'ZERO' : 'ANNUAL_RATE');
  if (mode === 'ANNUAL_RATE' && o.risk_free_annual_rate === undefined) {
    errors.push(problem('options.risk_free_annual_rate', 'is required with risk_free_mode ANNUAL_RATE'));
  }
  if (mode === 'ZERO' && o.risk_free_annual_rate !== undefined) {
    errors.push(problem('options.risk_free_annual_rate', 'contradicts risk_free_mode ZERO'));
  }
  const frequency = o.frequency ?? 'DAILY';
  const annual = (rate: number | undefined) => (rate === undefined ? undefined : { annual_rate: rate });
  const periodsPerYear = o.annualization_factor ?? PERIODS_PER_YEAR[frequency];
  const rates = {
    risk_free: mode === 'ANNUAL_RATE' ? annual(o.risk_free_annual_rate) : undefined,
    mar: annual(o.mar_annual_rate),
    omega_threshold: annual(o.omega_threshold_annual_rate),
  };
  for (const [name, rate] of Object.entries(rates)) {
    const overflow = periodicRateOverflow(rate, periodsPerYear);
    if (overflow !== undefined) errors.push(problem('options.annualization_factor', `${name}: ${overflow}`));
  }
  if (errors.length > 0) throw validationFailed('invalid request body', errors);
  return {
    metrics: body.metrics ?? LEGACY_RISK_METRICS,
    frequency,
    periods_per_year: periodsPerYear,
    ...rates,
    var: {
      method: o.var?.method ?? 'HISTORICAL',
      confidence: o.var?.confidence ?? 0.99,
      horizon_days: o.var?.horizon_days ?? 1,
      include_expected_shortfall: o.var?.include_expected_shortfall ?? true,
    },
    rolling_window: o.rolling_window,
    include_drawdown_series: o.include_drawdown_series ?? false,
    conventions: { ...PORTFOLIO_RISK_CONVENTIONS, ...body.conventions },
  };
}

const BENCHMARK_RETURNS = {
  benchmark_id:
    'the daily returns of the benchmark: level / previous level − 1 when it has levels, else as given; ' +
    'linked into the same buckets as the portfolio, aligned on their dates',
  benchmark_security_id:
    'price / previous price − 1 on each price date of the security (a change of quote currency left out); ' +
    'linked into the same buckets as the portfolio, aligned on their dates',
} as const;

/** The benchmark's returns over the request's periods; a 422 naming the option when it has none at all. */
async function benchmarkOf(db: Sql, o: RiskOptionsBody | undefined, req: PortfolioRequest) {
  const first = addDays(req.first, 1);
  if (o?.benchmark_id !== undefined) {
    const found = await findBenchmarkReturns(db, o.benchmark_id, { start_date: first, end_date: req.last });
    if (found.source === null) {
      throw validationFailed('invalid request body', [
        problem('options.benchmark_id', `benchmark ${o.benchmark_id} has no levels or returns`),
      ]);
    }
    const returns: BenchmarkReturns = { label: o.benchmark_id, returns: found.returns };
    return {
      returns,
      echo: { source: 'benchmark_id', id: o.benchmark_id, returns: BENCHMARK_RETURNS.benchmark_id },
    };
  }
  if (o?.benchmark_security_id !== undefined) {
    const found = await securityReturnsOf(db, o.benchmark_security_id, first, req.last);
    if (!found.known) {
      throw validationFailed('invalid request body', [
        problem('options.benchmark_security_id', `security ${o.benchmark_security_id} has no prices`),
      ]);
    }
    const returns: BenchmarkReturns = { label: o.benchmark_security_id, returns: found.returns };
    return {
      returns,
      echo: {
        source: 'benchmark_security_id',
        id: o.benchmark_security_id,
        returns: BENCHMARK_RETURNS.benchmark_security_id,
      },
    };
  }
  return { returns: null, echo: null };
}

/** A portfolio's risk metrics per period from its daily returns (docs/analytics/performance.md); 404 if unknown. */
export async function portfolioRiskOf(db: Sql, portfolio_id: string, body: RiskBody) {
  const options = riskOptionsOf(body);
  const req = await portfolioRequestOf(db, portfolio_id, body);
  const [series, benchmark] = await Promise.all([
    returnSeriesOf(db, portfolio_id, req),
    benchmarkOf(db, body.options, req),
  ]);
  // fromEntries defines each name as an own property, whatever it is ('__proto__' included).
  const results = Object.fromEntries(
    req.periods.map((period) => [period.name, periodRisk(series, period, benchmark.returns, options)]),
  );
  return {
    portfolio_id,
    base_currency: req.base_currency,
    scope: req.scope,
    results,
    conventions: {
      return_unit: 'decimal',
      net_or_gross: req.scope.net_or_gross,
      return_series:
        'the daily time-weighted returns of POST /portfolios/{id}/performance (NET or GROSS), days with ' +
        'no capital at work left out',
      frequency: options.frequency,
      resampling:
        'DAILY: weekdays, a Saturday’s and Sunday’s return linked into the following Monday; WEEKLY: weeks ' +
        'ending on Friday; MONTHLY: calendar months; geometric linking; the last bucket ends on the ' +
        'period’s last day and is dated there',
      annualization_factor: options.periods_per_year,
      annualization_factor_source:
        body.options?.annualization_factor === undefined ? 'frequency_default' : 'request',
      benchmark: benchmark.echo,
      var_method: options.var.method,
      include_expected_shortfall: options.var.include_expected_shortfall,
      metrics: riskConventionsEcho(options),
    },
  };
}
