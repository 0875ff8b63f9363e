import { describe, expect, it } from 'vitest';
import { openApi } from '../api/api-harness.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { expectMatch, readVectors, type Tolerance, toleranceOf } from '../support/vectors.ts';

/**
 * The shared reference cases of kinds return_risk_metrics, drawdown, var_es and benchmark_relative, copied
 * verbatim from ../shared/vectors/ (analytics-methodology.md §4–§7), run through POST /analytics/risk in every
 * convention variant each case lists. A new case in the fixture is tested without a change here; a new
 * expected key fails until RULES says where the response carries it.
 */
interface RiskCase {
  name: string;
  kind: string;
  inputs: {
    dates: string[];
    returns: number[];
    inception_date: string;
    periods_per_year: number;
    benchmark_returns?: number[];
    risk_free_annual?: number;
    rf_daily_geometric?: number;
    omega_required_return_annual?: number;
  };
  expected: Record<string, unknown>;
  tolerance: Tolerance & Record<string, unknown>;
}
const CASES = readVectors<RiskCase>('risk.json');
const KINDS = ['return_risk_metrics', 'drawdown', 'var_es', 'benchmark_relative'];

type Body = Record<string, unknown>;
type Inputs = RiskCase['inputs'];

/**
 * Where an expected key is in the response, and the request variant (body fields beyond the case's returns)
 * that gives it. `$1` in a path is the confidence level matched by the key ("95" → "0.95").
 */
interface Rule {
  key: RegExp;
  variant?: (inputs: Inputs) => Body;
  path: string[];
}
const conv = (name: string, value: string) => () => ({ conventions: { [name]: value } });
const annualRiskFree = (conversion: 'geometric' | 'simple') => (i: Inputs) => ({
  risk_free: { annual_rate: i.risk_free_annual, conversion },
});
const marAtRiskFree = (i: Inputs) => ({ mar: { annual_rate: i.risk_free_annual } });
const m = (...path: string[]) => ['metrics', ...path];
const dd = (field: string) => m('max_drawdown', field);

const RULES: Rule[] = [
  // return_risk_metrics (§4)
  { key: /^cumulative_return$/, path: m('cumulative_return') },
  { key: /^cagr_periods_252$/, path: m('cagr') },
  { key: /^calendar_days_inception_to_end$/, path: ['period', 'calendar_days'] },
  { key: /^cagr_calendar_act365$/, variant: conv('cagr_basis', 'act365'), path: m('cagr') },
  { key: /^cagr_calendar_act365_25$/, variant: conv('cagr_basis', 'act365_25'), path: m('cagr') },
  {
    key: /^cagr_calendar_quantstats_legacy$/,
    variant: conv('cagr_basis', 'quantstats_legacy'),
    path: m('cagr'),
  },
  { key: /^annualized_volatility$/, path: m('annualized_volatility') },
  { key: /^downside_deviation_annualized_mar0$/, path: m('downside_deviation') },
  {
    key: /^downside_deviation_annualized_mar_rf_daily_geometric$/,
    variant: marAtRiskFree,
    path: m('downside_deviation'),
  },
  { key: /^sharpe_ratio_rf0$/, path: m('sharpe_ratio') },
  {
    key: /^sharpe_ratio_rf2pct_geometric_daily$/,
    variant: annualRiskFree('geometric'),
    path: m('sharpe_ratio'),
  },
  { key: /^sharpe_ratio_rf2pct_simple_daily$/, variant: annualRiskFree('simple'), path: m('sharpe_ratio') },
  { key: /^sharpe_ratio_geometric_pa$/, variant: conv('sharpe', 'geometric'), path: m('sharpe_ratio') },
  { key: /^sortino_ratio_mar0$/, path: m('sortino_ratio') },
  { key: /^sortino_ratio_rf2pct_geometric_daily$/, variant: marAtRiskFree, path: m('sortino_ratio') },
  { key: /^sortino_ratio_periodic_pa$/, variant: conv('sortino', 'periodic'), path: m('sortino_ratio') },
  { key: /^calmar_ratio$/, path: m('calmar_ratio') },
  { key: /^omega_ratio_threshold0$/, path: m('omega_ratio') },
  {
    key: /^omega_ratio_required_return_5pct_annual$/,
    variant: (i) => ({ omega_threshold: { annual_rate: i.omega_required_return_annual } }),
    path: m('omega_ratio'),
  },
  { key: /^tail_ratio$/, path: m('tail_ratio') },
  { key: /^percentile_95_linear$/, path: ['statistics', 'quantile_95'] },
  { key: /^percentile_05_linear$/, path: ['statistics', 'quantile_05'] },
  { key: /^skewness_sample_adjusted$/, path: m('skewness') },
  { key: /^skewness_population$/, variant: conv('moments', 'population'), path: m('skewness') },
  { key: /^excess_kurtosis_sample_adjusted$/, path: m('excess_kurtosis') },
  { key: /^excess_kurtosis_population$/, variant: conv('moments', 'population'), path: m('excess_kurtosis') },
  { key: /^(arithmetic_mean_daily|mean)$/, path: ['statistics', 'mean'] },
  { key: /^(std_daily_sample|std_sample)$/, path: ['statistics', 'std_sample'] },
  { key: /^std_population$/, path: ['statistics', 'std_population'] },
  // drawdown (§5)
  { key: /^max_drawdown$/, path: dd('value') },
  { key: /^drawdown_series$/, path: m('drawdown_series') },
  ...['peak_date', 'trough_date', 'recovery_date', 'peak_value', 'trough_value'].map((f) => ({
    key: new RegExp(`^${f}$`),
    path: dd(f),
  })),
  { key: /^periods_peak_to_trough$/, path: dd('periods_peak_to_trough') },
  { key: /^periods_trough_to_recovery$/, path: dd('periods_trough_to_recovery') },
  { key: /^pyfolio_peak_date$/, variant: conv('drawdown', 'pyfolio'), path: dd('peak_date') },
  { key: /^pyfolio_valley_date$/, variant: conv('drawdown', 'pyfolio'), path: dd('trough_date') },
  { key: /^pyfolio_recovery_date$/, variant: conv('drawdown', 'pyfolio'), path: dd('recovery_date') },
  { key: /^pyfolio_net_drawdown$/, variant: conv('drawdown', 'pyfolio'), path: dd('value') },
  { key: /^pyfolio_duration_bdays$/, variant: conv('drawdown', 'pyfolio'), path: dd('duration') },
  { key: /^quantstats_start$/, variant: conv('drawdown', 'quantstats'), path: dd('underwater_start_date') },
  { key: /^quantstats_valley$/, variant: conv('drawdown', 'quantstats'), path: dd('trough_date') },
  { key: /^quantstats_end$/, variant: conv('drawdown', 'quantstats'), path: dd('underwater_end_date') },
  { key: /^quantstats_days$/, variant: conv('drawdown', 'quantstats'), path: dd('duration') },
  // var_es (§6)
  { key: /^var_historical_(\d+)$/, path: m('var', 'historical', '$1') },
  {
    key: /^var_historical_(\d+)_inverted_cdf$/,
    variant: conv('quantile', 'inverted_cdf'),
    path: m('var', 'historical', '$1'),
  },
  { key: /^cvar_historical_(\d+)$/, path: m('cvar', 'historical', '$1') },
  {
    key: /^es_historical_(\d+)_strict_pa$/,
    variant: conv('expected_shortfall', 'strict'),
    path: m('cvar', 'historical', '$1'),
  },
  {
    key: /^cvar_quantstats_(\d+)$/,
    variant: conv('expected_shortfall', 'quantstats'),
    path: m('cvar', 'historical', '$1'),
  },
  { key: /^var_gaussian_(\d+)_sample_sd$/, path: m('var', 'gaussian', '$1') },
  {
    key: /^var_gaussian_(\d+)_population_sd$/,
    variant: conv('gaussian_sd', 'population'),
    path: m('var', 'gaussian', '$1'),
  },
  {
    key: /^var_gaussian_(\d+)_zero_mean_sample_sd$/,
    variant: conv('gaussian_mean', 'zero'),
    path: m('var', 'gaussian', '$1'),
  },
  {
    key: /^es_gaussian_(\d+)_population_sd$/,
    variant: conv('gaussian_sd', 'population'),
    path: m('cvar', 'gaussian', '$1'),
  },
  { key: /^var_cornish_fisher_(\d+)$/, path: m('var', 'cornish_fisher', '$1') },
  {
    key: /^var_cornish_fisher_(\d+)_sample_moments$/,
    variant: conv('cornish_fisher_moments', 'sample'),
    path: m('var', 'cornish_fisher', '$1'),
  },
  { key: /^cornish_fisher_z_(\d+)$/, path: ['statistics', 'cornish_fisher_quantile', '$1'] },
  { key: /^z_(\d+)$/, path: ['statistics', 'normal_quantile', '$1'] },
  // benchmark_relative (§7)
  { key: /^beta$/, path: m('beta') },
  { key: /^alpha_annualized_compound$/, path: m('alpha') },
  {
    // empyrical takes its risk-free rate per period: this variant sends it so.
    key: /^alpha_annualized_compound_rf2pct_geometric_daily$/,
    variant: (i) => ({ risk_free: { periodic_rate: i.rf_daily_geometric } }),
    path: m('alpha'),
  },
  { key: /^alpha_annualized_linear$/, variant: conv('alpha', 'linear'), path: m('alpha') },
  { key: /^alpha_periodic_intercept$/, variant: conv('alpha', 'intercept'), path: m('alpha') },
  { key: /^tracking_error_annualized$/, path: m('tracking_error') },
  { key: /^information_ratio_periodic$/, path: m('information_ratio') },
  {
    key: /^information_ratio_annualized$/,
    variant: conv('information_ratio', 'annualized'),
    path: m('information_ratio'),
  },
  {
    key: /^information_ratio_geometric_pa$/,
    variant: conv('information_ratio', 'geometric'),
    path: m('information_ratio'),
  },
  { key: /^active_premium_geometric$/, path: m('active_premium') },
  { key: /^count_benchmark_up$/, path: ['benchmark', 'up_periods'] },
  { key: /^count_benchmark_down$/, path: ['benchmark', 'down_periods'] },
  { key: /^count_benchmark_zero$/, path: ['benchmark', 'zero_periods'] },
  { key: /^(up|down)_capture_empyrical$/, path: m('$1_capture') },
  { key: /^up_down_capture_empyrical$/, path: m('up_down_capture') },
  { key: /^(up|down)_capture_cumulative_pa$/, variant: conv('capture', 'cumulative'), path: m('$1_capture') },
  { key: /^(up|down)_capture_arithmetic_pa$/, variant: conv('capture', 'arithmetic'), path: m('$1_capture') },
  {
    key: /^(up|down)_capture_geometric_average$/,
    variant: conv('capture', 'geometric_average'),
    path: m('$1_capture'),
  },
  { key: /^correlation$/, path: m('correlation') },
  { key: /^r_squared$/, path: m('r_squared') },
];

/** Some keys mean one thing in one kind: var_es reports population moments under these names. */
const KIND_RULES: Record<string, Rule[]> = {
  var_es: [
    { key: /^skewness_population$/, variant: conv('moments', 'population'), path: m('skewness') },
    {
      key: /^excess_kurtosis_population$/,
      variant: conv('moments', 'population'),
      path: m('excess_kurtosis'),
    },
  ],
};

/** Counts and day numbers are compared exactly (methodology §1.1). */
const EXACT = /^(count_|periods_|calendar_days|.*_days$|.*_bdays$)/;

function ruleFor(c: RiskCase, key: string): { rule: Rule; match: RegExpExecArray } | null {
  for (const rule of [...(KIND_RULES[c.kind] ?? []), ...RULES]) {
    const match = rule.key.exec(key);
    if (match) return { rule, match };
  }
  return null;
}

/** "$1" becomes the key's captured group; a two-digit confidence group becomes its level ("95" → "0.95"). */
const resolvePath = (path: string[], match: RegExpExecArray) =>
  path.map((p) => p.replace('$1', () => (/^\d+$/.test(match[1] ?? '') ? `0.${match[1]}` : (match[1] ?? ''))));

function valueAt(body: unknown, path: string[]): unknown {
  return path.reduce<unknown>((at, p) => (at as Record<string, unknown> | null)?.[p], body);
}

const requestOf = (c: RiskCase): Body => ({
  returns: c.inputs.dates.map((date, i) => ({ date, value: c.inputs.returns[i] })),
  ...(c.inputs.benchmark_returns
    ? {
        benchmark_returns: c.inputs.dates.map((date, i) => ({ date, value: c.inputs.benchmark_returns![i] })),
      }
    : {}),
  inception_date: c.inputs.inception_date,
  periods_per_year: c.inputs.periods_per_year,
});

describe('POST /analytics/risk', () => {
  const h = forSuite(() => openApi(stores()[0]!, 'query'));

  const post = async (body: unknown) => {
    const res = await h.app.inject({ method: 'POST', url: '/analytics/risk', payload: body as Body });
    return { status: res.statusCode, type: res.headers['content-type'], body: res.json() };
  };

  describe('reference vectors', () => {
    const cases = CASES.filter((c) => KINDS.includes(c.kind));

    it('the fixture holds cases of each of the four kinds', () => {
      expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(KINDS));
      expect(cases).toHaveLength(CASES.length);
    });

    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const responses = new Map<string, Promise<Awaited<ReturnType<typeof post>>>>();
      const responseTo = (extra: Body) => {
        const key = JSON.stringify(extra);
        if (!responses.has(key)) responses.set(key, post({ ...requestOf(c), ...extra }));
        return responses.get(key)!;
      };
      for (const [key, expected] of Object.entries(c.expected)) {
        const found = ruleFor(c, key);
        expect(found, `${c.name}: no rule says where ${key} is in the response`).not.toBeNull();
        const { rule, match } = found!;
        const res = await responseTo(rule.variant?.(c.inputs) ?? {});
        expect(res.status, `${c.name}: ${JSON.stringify(res.body).slice(0, 500)}`).toBe(200);
        const path = resolvePath(rule.path, match);
        let actual = valueAt(res.body, path);
        if (key === 'drawdown_series') {
          const series = actual as { date: string; value: number }[];
          expect(series.map((d) => d.date)).toEqual(c.inputs.dates);
          actual = series.map((d) => d.value);
        }
        const where = `${c.name}.${key} (${path.join('.')})`;
        expectMatch(actual, expected, toleranceOf(c, key), where, () => EXACT.test(key));
        if (expected === null) {
          const reasonPath = (path[0] === 'metrics' ? path.slice(1) : path).join('.');
          expect(res.body.null_reasons[reasonPath], `${where}: a null names its reason`).toEqual(
            expect.any(String),
          );
        }
      }
    });

    it('a risk-free rate given per period equals the same rate given annually with geometric conversion', async () => {
      const c = CASES.find((x) => x.kind === 'return_risk_metrics')!;
      const annual = await post({ ...requestOf(c), risk_free: { annual_rate: c.inputs.risk_free_annual } });
      const periodic = await post({
        ...requestOf(c),
        risk_free: { periodic_rate: c.inputs.rf_daily_geometric },
      });
      const expected = c.expected.sharpe_ratio_rf2pct_geometric_daily as number;
      for (const res of [annual, periodic]) {
        expect(Math.abs(res.body.metrics.sharpe_ratio - expected)).toBeLessThanOrEqual(
          1e-9 * Math.abs(expected),
        );
      }
      expect(annual.body.conventions.risk_free).toEqual({
        periodic_rate: expect.closeTo(c.inputs.rf_daily_geometric!, 15),
        annual_rate: c.inputs.risk_free_annual,
        conversion: 'geometric',
      });
    });

    it('a rolling window over the whole series gives the whole-series volatility and Sharpe ratio', async () => {
      const c = CASES.find((x) => x.kind === 'return_risk_metrics')!;
      const n = c.inputs.returns.length;
      const res = await post({ ...requestOf(c), rolling_window: n });
      expect(res.body.metrics.rolling_volatility).toEqual([
        {
          date: c.inputs.dates[n - 1],
          value: expect.closeTo(c.expected.annualized_volatility as number, 12),
        },
      ]);
      expect(res.body.metrics.rolling_sharpe).toEqual([
        { date: c.inputs.dates[n - 1], value: expect.closeTo(c.expected.sharpe_ratio_rf0 as number, 10) },
      ]);
    });

    it('scales every VaR and ES by the square root of the horizon', async () => {
      const c = CASES.find((x) => x.kind === 'var_es')!;
      const res = await post({ ...requestOf(c), var: { confidence: [0.95], horizon_days: 10 } });
      const scale = Math.sqrt(10);
      const checks: [number, unknown][] = [
        [res.body.metrics.var.historical['0.95'], c.expected.var_historical_95],
        [res.body.metrics.var.gaussian['0.95'], c.expected.var_gaussian_95_sample_sd],
        [res.body.metrics.var.cornish_fisher['0.95'], c.expected.var_cornish_fisher_95],
        [res.body.metrics.cvar.historical['0.95'], c.expected.cvar_historical_95],
      ];
      for (const [actual, oneDay] of checks) {
        const expected = (oneDay as number) * scale;
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.abs(expected));
      }
      expect(Object.keys(res.body.metrics.var.historical)).toEqual(['0.95']);
      expect(res.body.conventions.var).toEqual({
        confidence: [0.95],
        horizon_days: 10,
        horizon_scaling: 'square_root_of_time',
        sign: 'return',
      });
    });
  });

  describe('undefined figures are null with a reason', () => {
    const dates = ['2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08'];
    const series = (values: number[]) => values.map((value, i) => ({ date: dates[i], value }));

    it('constant returns: zero volatility, so no Sharpe ratio, moments or Cornish–Fisher VaR', async () => {
      const res = await post({ returns: series([0.001, 0.001, 0.001, 0.001, 0.001]) });
      expect(res.status).toBe(200);
      const { metrics, null_reasons } = res.body;
      expect(metrics.annualized_volatility).toBe(0);
      for (const name of [
        'sharpe_ratio',
        'skewness',
        'excess_kurtosis',
        'sortino_ratio',
        'calmar_ratio',
        'omega_ratio',
      ]) {
        expect(metrics[name], name).toBeNull();
        expect(null_reasons[name], name).toEqual(expect.any(String));
      }
      expect(null_reasons.sharpe_ratio).toMatch(/volatility is zero/);
      expect(metrics.var.cornish_fisher['0.95']).toBeNull();
      expect(null_reasons['var.cornish_fisher.0.95']).toMatch(/constant/);
      // The Gaussian VaR of a constant series is the constant itself: defined.
      expect(metrics.var.gaussian['0.95']).toBeCloseTo(0.001, 15);
    });

    it('no benchmark: every benchmark-relative figure is null and says so', async () => {
      const res = await post({ returns: series([0.01, -0.02, 0.005, 0.003, -0.001]) });
      const names = ['beta', 'alpha', 'r_squared', 'correlation', 'tracking_error', 'information_ratio'];
      for (const name of [...names, 'active_premium', 'up_capture', 'down_capture', 'up_down_capture']) {
        expect(res.body.metrics[name], name).toBeNull();
        expect(res.body.null_reasons[name], name).toBe('no benchmark_returns were given');
      }
      expect(res.body.benchmark).toBeNull();
    });

    it('no losses (as S04): Sortino, Omega, Calmar and tail ratio are null; the drawdown has no dates', async () => {
      const res = await post({ returns: series([0.01, 0, 0.02, 0, 0.005]) });
      const { metrics, null_reasons } = res.body;
      for (const name of ['sortino_ratio', 'omega_ratio', 'calmar_ratio', 'tail_ratio']) {
        expect(metrics[name], name).toBeNull();
        expect(null_reasons[name], name).toEqual(expect.any(String));
      }
      expect(metrics.max_drawdown).toMatchObject({
        value: 0,
        peak_date: null,
        trough_date: null,
        recovery_date: null,
      });
      expect(null_reasons['max_drawdown.peak_date']).toMatch(/no drawdown/);
      expect(metrics.sharpe_ratio).toEqual(expect.any(Number));
    });

    it('an unrecovered drawdown has a null recovery date with a reason', async () => {
      const res = await post({ returns: series([0.01, -0.02, 0.005, 0.003, -0.001]) });
      expect(res.body.metrics.max_drawdown.recovery_date).toBeNull();
      expect(res.body.null_reasons['max_drawdown.recovery_date']).toMatch(/not recovered/);
    });
  });

  describe('the request', () => {
    const valid = {
      returns: [
        { date: '2024-01-02', value: 0.01 },
        { date: '2024-01-03', value: -0.02 },
        { date: '2024-01-04', value: 0.005 },
        { date: '2024-01-05', value: 0.003 },
      ],
    };

    it('echoes every convention, defaults filled in (empyrical where it has the metric)', async () => {
      const res = await post(valid);
      expect(res.status).toBe(200);
      expect(res.body.conventions).toMatchObject({
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
        periods_per_year: 252,
        risk_free: { periodic_rate: 0, annual_rate: null, conversion: null },
        var: { confidence: [0.95, 0.99], horizon_days: 1 },
        benchmark_alignment: 'inner_join_on_date',
      });
      // 2024-01-02 is a Tuesday: the default inception is the Monday before.
      expect(res.body.period).toMatchObject({
        inception_date: '2024-01-01',
        inception_date_source: 'previous_weekday',
      });
    });

    it('aligns the benchmark by an inner join on dates', async () => {
      const benchmark = [
        { date: '2023-12-29', value: 0.5 },
        { date: '2024-01-02', value: 0.008 },
        { date: '2024-01-04', value: 0.002 },
        { date: '2024-01-05', value: -0.001 },
      ];
      const joined = await post({ ...valid, benchmark_returns: benchmark });
      expect(joined.body.benchmark).toEqual({
        observations: 3,
        return_dates_without_benchmark: 1,
        benchmark_dates_without_return: 1,
        up_periods: 2,
        down_periods: 1,
        zero_periods: 0,
      });
      // By hand on the three common dates: r = (0.01, 0.005, 0.003), b = (0.008, 0.002, −0.001).
      // b̄ = 0.003, r̄ = 0.006; Σ(b − b̄)(r − r̄) = 0.005·0.004 + (−0.001)(−0.001) + (−0.004)(−0.003) = 3.3e-5;
      // Σ(b − b̄)² = 2.5e-5 + 1e-6 + 1.6e-5 = 4.2e-5; β = 33/42.
      expect(joined.body.metrics.beta).toBeCloseTo(33 / 42, 12);
    });

    it('refuses bad input with 422 naming each field', async () => {
      const res = await post({
        returns: [
          { date: '2024-01-02', value: 0.01 },
          { date: '2024-01-03', value: -0.02 },
          { date: '2024-01-03', value: 0.005 },
          { date: '2024-01-05', value: null },
          { date: '2024-01-08', value: '0.01' },
        ],
        var: { confidence: [0.95, 1] },
        rolling_window: 6,
        risk_free: { annual_rate: 0.02, periodic_rate: 0.0001 },
        conventions: { sharpe: 'sortino' },
        unknown_option: true,
      });
      expect(res.status).toBe(422);
      expect(res.type).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = res.body.errors.map((e: { index: number; field: string }) => [e.index, e.field]);
      expect(fields).toEqual(
        expect.arrayContaining([
          [2, 'returns[2].date'],
          [3, 'returns[3].value'],
          [4, 'returns[4].value'],
          [1, 'var.confidence[1]'],
          [0, 'rolling_window'],
          [0, 'risk_free'],
          [0, 'conventions.sharpe'],
          [0, 'unknown_option'],
        ]),
      );
      expect(fields).toHaveLength(8);
      const message = (field: string) =>
        res.body.errors.find((e: { field: string }) => e.field === field).message;
      expect(message('returns[2].date')).toMatch(/duplicates returns\[1\]\.date/);
      expect(message('returns[3].value')).toMatch(/finite number.*got null/);
      expect(message('conventions.sharpe')).toMatch(/arithmetic, geometric/);
    });

    it('refuses descending dates, an empty series and an inception date on or after the first return', async () => {
      const descending = await post({
        returns: [
          { date: '2024-01-03', value: 0.01 },
          { date: '2024-01-02', value: 0.01 },
        ],
        inception_date: '2024-01-03',
      });
      expect(descending.status).toBe(422);
      expect(descending.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'inception_date',
        'returns[1].date',
      ]);
      const empty = await post({ returns: [] });
      expect(empty.status).toBe(422);
      expect(empty.body.errors[0].field).toBe('returns');
      const loss = await post({ returns: [{ date: '2024-01-02', value: -1.5 }] });
      expect(loss.body.errors[0]).toMatchObject({ index: 0, field: 'returns[0].value' });
    });

    it('refuses returns or an annualization that overflow a float64 (422, never a 500)', async () => {
      const days = ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'];
      const series = (values: number[]) => values.map((value, i) => ({ date: days[i], value }));
      // Squared (1e300² = ∞) or compounded (1e150³ = ∞): no volatility, cumulative return or drawdown.
      for (const [values, at] of [
        [[1e300, 0.01, -0.02, 0.01], 0],
        [[1e150, 1e150, 1e150, 0], 2],
      ] as const) {
        const res = await post({ returns: series([...values]) });
        expect(res.status, JSON.stringify(res.body)).toBe(422);
        expect(res.body.errors).toEqual([
          expect.objectContaining({
            index: at,
            field: `returns[${at}].value`,
            message: expect.stringMatching(/overflow/),
          }),
        ]);
      }
      const benchmark = await post({
        returns: series([0.01, 0.02, 0.01, 0]),
        benchmark_returns: series([1e300, 0, 0, 0]),
      });
      expect(benchmark.body.errors[0].field).toBe('benchmark_returns[0].value');
      // (1 + 2 %)^(1/5e-324) − 1 = ∞: the periodic risk-free rate has no value.
      const tiny = await post({
        returns: series([0.01, 0.02, -0.02, 0.01]),
        periods_per_year: 5e-324,
        risk_free: { annual_rate: 0.02 },
      });
      expect(tiny.status, JSON.stringify(tiny.body)).toBe(422);
      expect(tiny.body.errors.map((e: { field: string }) => e.field)).toEqual(['risk_free.annual_rate']);
      // Without a rate to convert, a tiny factor only scales the annualized figures: finite, 200.
      const bare = await post({ returns: series([0.01, 0.02, -0.02, 0.01]), periods_per_year: 5e-324 });
      expect(bare.status, JSON.stringify(bare.body)).toBe(200);
    });
  });

  describe('OpenAPI', () => {
    it('documents the route, its request and its response', async () => {
      const res = await h.app.inject({ method: 'GET', url: '/openapi.json' });
      const op = res.json().paths['/analytics/risk'].post;
      expect(op.summary).toEqual(expect.any(String));
      const body = op.requestBody.content['application/json'].schema;
      expect(Object.keys(body.properties)).toEqual(
        expect.arrayContaining(['returns', 'benchmark_returns', 'risk_free', 'mar', 'var', 'conventions']),
      );
      expect(Object.keys(body.properties.conventions.properties)).toHaveLength(13);
      const ok = op.responses['200'].content['application/json'].schema;
      expect(Object.keys(ok.properties.metrics.properties)).toEqual(
        expect.arrayContaining([
          'sharpe_ratio',
          'max_drawdown',
          'drawdown_series',
          'var',
          'cvar',
          'up_capture',
        ]),
      );
      expect(op.responses['422']).toBeDefined();
    });
  });
});
