import { describe, expect, it } from 'vitest';
import {
  cash,
  instrumentRecord,
  openPositions,
  portfolioRecord,
  trade,
} from '../positions/positions-harness.ts';
import { type Body, post, type Row } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';

/**
 * POST /portfolios/{id}/risk through the real pipeline. The portfolio's daily returns are recomputed here
 * from portfolio_daily with the daily-return formula, weekends linked into Monday, and fed to the stateless
 * POST /analytics/risk: both answers must agree (1e-9 relative: the same float64 inputs, linked in another
 * order). The legacy metrics are checked against their formulas computed here (seed-system §12.4).
 */

const REL = 1e-9;

/** Deep comparison: numbers within REL relative (absolute below 1), everything else equal. */
function expectClose(actual: Body, expected: Body, path = ''): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(
      REL * Math.max(1, Math.abs(expected)),
    );
  } else if (Array.isArray(expected)) {
    expect(actual, path).toHaveLength(expected.length);
    for (const [i, e] of expected.entries()) expectClose(actual[i], e, `${path}[${i}]`);
  } else if (expected !== null && typeof expected === 'object') {
    expect(Object.keys(actual).sort(), path).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected)) expectClose(actual[k], expected[k], `${path}.${k}`);
  } else expect(actual, path).toEqual(expected);
}

const DAY = 86_400_000;
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const weekdayOf = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
const addDays = (date: string, n: number) => isoOf(Date.parse(date) + n * DAY);

/** Weekdays from..to inclusive. */
function weekdays(from: string, to: string): string[] {
  const out = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (weekdayOf(d) < 5) out.push(d);
  return out;
}

/** A deterministic path: level_t = level_{t−1} × (1 + u_t), u from a linear congruential generator. */
function path(start: number, dates: readonly string[], seed: number, spread: number) {
  let state = seed;
  let level = start;
  return dates.map((date) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    level = Number((level * (1 + spread * (state / 2_147_483_648 - 0.5))).toFixed(4));
    return { date, level };
  });
}

const START = '2024-01-02';
const END = '2024-05-31';
const DATES = weekdays(START, END);
const RSK = path(100, DATES, 7, 0.04);
const IDX = path(50, DATES, 11, 0.03);
const BM = path(1000, ['2023-12-29', ...DATES], 3, 0.025);

const on = (security_id: string) => ({ portfolio_id: 'R', security_id, instrument_id: security_id });
const price = (security_id: string, price_date: string, value: number) => ({
  security_id,
  price_date,
  price: String(value),
  currency: 'USD',
});

/** R: 100,000 in, 800 RSK at the first price, a deposit, a withdrawal and a FEE on cash; priced every weekday. */
const R = {
  portfolios: [portfolioRecord('R', { open_date: '2023-06-01' })],
  instruments: [cash, instrumentRecord('RSK'), instrumentRecord('IDX')],
  transactions: [
    trade('RD1', 'DEPOSIT', START, '100000', '1', on('CASH_USD')),
    trade('RB1', 'BUY', START, '800', String(RSK[0]!.level), on('RSK')),
    trade('RB1C', 'SELL', START, (800 * RSK[0]!.level).toFixed(4), '1', on('CASH_USD')),
    trade('RD2', 'DEPOSIT', '2024-02-15', '5000', '1', on('CASH_USD')),
    trade('RW1', 'WITHDRAWAL', '2024-03-20', '3000', '1', on('CASH_USD')),
    trade('RF1', 'FEE', '2024-04-10', '1', '50', on('CASH_USD')),
  ],
  market_prices: [
    ...RSK.map((p) => price('RSK', p.date, p.level)),
    ...IDX.map((p) => price('IDX', p.date, p.level)),
  ],
  business_dates: [{ business_date: END }],
};

const BENCHMARK = {
  benchmarks: [
    { benchmark_id: 'BM', benchmark_name: 'Test index', benchmark_currency: 'USD', provider: 'test' },
  ],
  benchmark_levels: BM.map((l) => ({ benchmark_id: 'BM', series_date: l.date, level: String(l.level) })),
};

interface Dated {
  date: string;
  value: number;
}

/** Links returns into the buckets of `bucketOf` (dated by it), in date order. */
function link(returns: readonly Dated[], bucketOf: (d: string) => string): Dated[] {
  const out: Dated[] = [];
  for (const r of returns) {
    const date = bucketOf(r.date);
    const last = out[out.length - 1];
    if (last?.date === date) last.value = (1 + last.value) * (1 + r.value) - 1;
    else out.push({ date, value: r.value });
  }
  return out;
}

/** Saturday and Sunday into the next Monday; never past the period's end. */
const weekdayBucket = (end: string) => (d: string) => {
  const wd = weekdayOf(d);
  const bucket = wd >= 5 ? addDays(d, 7 - wd) : d;
  return bucket < end ? bucket : end;
};
/** The Friday ending the week (pandas W-FRI). */
const fridayBucket = (end: string) => (d: string) => {
  const bucket = addDays(d, (4 - weekdayOf(d) + 7) % 7);
  return bucket < end ? bucket : end;
};

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sampleStd = (xs: readonly number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
};
/** numpy's default (linear) quantile. */
function quantile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[lo + 1] ?? s[lo]!) - s[lo]!);
}

describe.each(stores())('POST /portfolios/{id}/risk on $kind', (store) => {
  /** R's NET daily returns from portfolio_daily, by the formula, the days with no capital left out. */
  let daily: Dated[];
  /** BM's daily returns from its levels. */
  let benchmark: Dated[];

  const h = forSuite(
    () => openPositions(store),
    async () => {
      await h.ingestAndSettle(R);
      const res = await h.app.inject({ method: 'POST', url: '/ingest/benchmarks', payload: BENCHMARK });
      expect(res.statusCode, res.body).toBe(202);
      await h.drain();
      const rows = await h.db.query<{
        date: string;
        bod_market_value: number;
        eod_market_value: number;
        bod_cashflow: number;
        eod_cashflow: number;
        fees: number;
      }>(
        `SELECT date::text AS date, bod_market_value, eod_market_value, bod_cashflow, eod_cashflow, fees
         FROM portfolio_daily WHERE portfolio_id = 'R' ORDER BY date`,
      );
      // The FEE is booked on cash: an external flow in the series, a loss for NET.
      daily = rows
        .filter((r) => r.bod_market_value + r.bod_cashflow !== 0)
        .map((r) => ({
          date: r.date,
          value:
            (r.eod_market_value - r.bod_market_value - r.bod_cashflow - r.eod_cashflow - r.fees) /
            (r.bod_market_value + r.bod_cashflow),
        }));
      benchmark = BM.slice(1).map((l, i) => ({ date: l.date, value: l.level / BM[i]!.level - 1 }));
    },
  );

  it('equals POST /analytics/risk fed with the same daily returns (DAILY and WEEKLY, with a benchmark)', async () => {
    const options = {
      risk_free_annual_rate: 0.02,
      mar_annual_rate: 0.01,
      omega_threshold_annual_rate: 0.005,
      benchmark_id: 'BM',
      rolling_window: 10,
      include_drawdown_series: true,
      var: { method: 'GAUSSIAN', confidence: 0.95, horizon_days: 2 },
    };
    for (const frequency of ['DAILY', 'WEEKLY'] as const) {
      const body = await post(h, '/portfolios/R/risk', {
        periods: [{ type: 'SI' }, { type: 'EXPLICIT', name: 'spring', from: '2024-03-09', to: '2024-05-26' }],
        options: { ...options, frequency },
      });
      expect(body.conventions).toMatchObject({ return_unit: 'decimal', frequency, net_or_gross: 'NET' });
      for (const [name, start, end] of [
        ['SI', '2023-06-01', END],
        ['spring', '2024-03-09', '2024-05-26'],
      ] as const) {
        const bucket = frequency === 'DAILY' ? weekdayBucket(end) : fridayBucket(end);
        const within = (xs: Dated[]) => xs.filter((x) => x.date >= start && x.date <= end);
        const returns = link(within(daily), bucket);
        const inception = addDays(within(daily)[0]!.date, -1);
        const stateless = await post(h, '/analytics/risk', {
          returns,
          benchmark_returns: link(within(benchmark), bucket),
          inception_date: inception,
          periods_per_year: frequency === 'DAILY' ? 252 : 52,
          risk_free: { annual_rate: 0.02 },
          mar: { annual_rate: 0.01 },
          omega_threshold: { annual_rate: 0.005 },
          var: { confidence: [0.95], horizon_days: 2 },
          rolling_window: 10,
          conventions: { information_ratio: 'annualized' },
        });
        const result = body.results[name];
        expect(result.observations, name).toBe(returns.length);
        expectClose(
          result.risk,
          {
            metrics: stateless.metrics,
            null_reasons: stateless.null_reasons,
            period: stateless.period,
            statistics: stateless.statistics,
            benchmark: stateless.benchmark,
          },
          `${frequency} ${name}`,
        );
        expectClose(body.conventions.metrics, stateless.conventions, 'conventions');
        // The legacy VAR metric is the Gaussian VaR at 0.95 over 2 periods, and its ES the Gaussian ES.
        expect(result.metrics.VAR.value).toBe(stateless.metrics.var.gaussian['0.95']);
        expect(result.metrics.VAR.details.expected_shortfall).toBe(stateless.metrics.cvar.gaussian['0.95']);
      }
    }
  });

  // The original's formulas (§12.4) are right for VOLATILITY, SHARPE, SORTINO, BETA and INFORMATION_RATIO and
  // are reproduced; its units for VAR (percent, loss positive) and TRACKING_ERROR (percentage points) are not.
  it('the legacy metrics by their formulas, in decimals (the original gave VaR in percent)', async () => {
    const body = await post(h, '/portfolios/R/risk', {
      periods: [{ type: 'YTD' }],
      options: { benchmark_id: 'BM', risk_free_mode: 'ANNUAL_RATE', risk_free_annual_rate: 0.03 },
    });
    const ytd = body.results.YTD;
    const returns = link(daily, weekdayBucket(END)).map((r) => r.value);
    const bench = new Map(benchmark.map((b) => [b.date, b.value]));
    const dated = link(daily, weekdayBucket(END));
    const active = dated.filter((r) => bench.has(r.date)).map((r) => r.value - bench.get(r.date)!);
    expect(ytd.metrics.VOLATILITY.value).toBeCloseTo(sampleStd(returns) * Math.sqrt(252), 12);
    const rf = 1.03 ** (1 / 252) - 1;
    const excess = returns.map((r) => r - rf);
    expect(ytd.metrics.SHARPE.value).toBeCloseTo((mean(excess) / sampleStd(excess)) * Math.sqrt(252), 9);
    // Sortino against a MAR of 0: the downside deviation divides by all n returns.
    const downside = Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / returns.length);
    expect(ytd.metrics.SORTINO.value).toBeCloseTo((mean(returns) / downside) * Math.sqrt(252), 9);
    // Tracking error in decimals; the original's was std of percentage returns, i.e. 100× this.
    expect(ytd.metrics.TRACKING_ERROR.value).toBeCloseTo(sampleStd(active) * Math.sqrt(252), 12);
    // INFORMATION_RATIO as the original defined it: mean(p − b)·k / (std(p − b)·√k).
    expect(ytd.metrics.INFORMATION_RATIO.value).toBeCloseTo(
      (mean(active) * 252) / (sampleStd(active) * Math.sqrt(252)),
      9,
    );
    // VaR: the 1 % quantile of the returns, a loss negative. The original reported −100 × this (a positive
    // percentage) next to a volatility in decimals (§14.11).
    const var99 = quantile(returns, 0.01);
    expect(var99).toBeLessThan(0);
    expect(ytd.metrics.VAR.value).toBeCloseTo(var99, 12);
    expect(ytd.metrics.VAR.details).toMatchObject({
      method: 'HISTORICAL',
      confidence: 0.99,
      horizon_days: 1,
    });
    // ES (conventions.expected_shortfall empyrical): the mean of the ⌊(n − 1)(1 − c)⌋ + 1 smallest returns.
    const k = Math.floor((returns.length - 1) * 0.01) + 1;
    const tail = [...returns].sort((a, b) => a - b).slice(0, k);
    expect(ytd.metrics.VAR.details.expected_shortfall).toBeCloseTo(mean(tail), 12);
    // Drawdown from the YTD opening value (the close of 2023-12-31: nothing held, so from the first deposit).
    let wealth = 1;
    let peak = 1;
    let worst = 0;
    for (const r of returns) {
      wealth *= 1 + r;
      peak = Math.max(peak, wealth);
      worst = Math.min(worst, wealth / peak - 1);
    }
    expect(ytd.metrics.DRAWDOWN.value).toBeCloseTo(worst, 12);
    // quantstats' start and end: under water from the day after the peak through the trough and beyond.
    const dd = ytd.metrics.DRAWDOWN.details;
    expect(dd.underwater_start_date > dd.peak_date && dd.underwater_start_date <= dd.trough_date).toBe(true);
    expect(dd.underwater_end_date >= dd.trough_date).toBe(true);
    if (dd.recovery_date !== null) expect(dd.underwater_end_date < dd.recovery_date).toBe(true);
    expect(body.conventions.metrics.risk_free).toMatchObject({ annual_rate: 0.03, conversion: 'geometric' });
  });

  it('benchmark by security: the daily change of its price', async () => {
    const body = await post(h, '/portfolios/R/risk', {
      periods: [{ type: 'SI' }],
      metrics: ['BETA'],
      options: { benchmark_security_id: 'IDX' },
    });
    expect(Object.keys(body.results.SI.metrics)).toEqual(['BETA']);
    const idx = new Map(IDX.slice(1).map((p, i) => [p.date, p.level / IDX[i]!.level - 1]));
    const pairs = link(daily, weekdayBucket(END)).filter((r) => idx.has(r.date));
    const p = pairs.map((r) => r.value);
    const b = pairs.map((r) => idx.get(r.date)!);
    const mp = mean(p);
    const mb = mean(b);
    const cov = p.reduce((s, x, i) => s + (x - mp) * (b[i]! - mb), 0);
    const varB = b.reduce((s, x) => s + (x - mb) ** 2, 0);
    expect(body.results.SI.metrics.BETA.value).toBeCloseTo(cov / varB, 10);
    expect(body.results.SI.metrics.BETA.details.benchmark_observations).toBe(pairs.length);
    expect(body.conventions.benchmark).toMatchObject({ source: 'benchmark_security_id', id: 'IDX' });
  });

  it('a period without capital, a short period for the rolling window, no benchmark: null with reasons', async () => {
    const body = await post(h, '/portfolios/R/risk', {
      periods: [
        { type: 'YEAR', year: 2023 },
        { type: 'EXPLICIT', name: 'week', from: '2024-05-20', to: '2024-05-24' },
      ],
      options: { rolling_window: 10 },
    });
    const before = body.results['2023'];
    expect(before.risk).toBeNull();
    expect(before.null_reasons.risk).toBe('no capital at work in the period');
    expect(before.metrics.VOLATILITY).toEqual({ value: null, details: {} });
    const week = body.results.week;
    expect(week.observations).toBe(5);
    expect(week.risk.metrics.rolling_volatility).toBeUndefined();
    expect(week.risk.null_reasons.rolling_volatility).toContain('fewer than rolling_window (10)');
    expect(week.metrics.BETA.value).toBeNull();
    expect(week.null_reasons.BETA).toBe(
      'no benchmark: give options.benchmark_id or options.benchmark_security_id',
    );
    expect(week.risk.null_reasons.tracking_error).toBe(week.null_reasons.BETA);
  });

  it('422 naming the field; 404', async () => {
    const cases: [unknown, string][] = [
      // The original resolved an unknown period type to an empty period and answered 200 (§12.1).
      [{ periods: [{ type: 'TWO_YEAR' }] }, 'periods[0].type'],
      [
        { periods: [{ type: 'SI' }], options: { benchmark_id: 'BM', benchmark_security_id: 'IDX' } },
        'options.benchmark_security_id',
      ],
      [{ periods: [{ type: 'SI' }], options: { benchmark_id: 'NOPE' } }, 'options.benchmark_id'],
      [
        { periods: [{ type: 'SI' }], options: { benchmark_security_id: 'NOPE' } },
        'options.benchmark_security_id',
      ],
      [
        { periods: [{ type: 'SI' }], options: { risk_free_mode: 'ANNUAL_RATE' } },
        'options.risk_free_annual_rate',
      ],
      [{ periods: [{ type: 'SI' }], options: { use_log_returns: true } }, 'options.use_log_returns'],
      [{ periods: [{ type: 'SI' }], metrics: ['ALPHA'] }, 'metrics[0]'],
      [{ periods: [{ type: 'SI' }], conventions: { sharpe: 'median' } }, 'conventions.sharpe'],
      [{ periods: [{ type: 'SI' }], options: { var: { confidence: 1.5 } } }, 'options.var.confidence'],
      // Issue 10: the risk-free rate's periodic equivalent overflowed and the response did not serialise.
      [
        { periods: [{ type: 'SI' }], options: { annualization_factor: 5e-324, risk_free_annual_rate: 0.02 } },
        'options.annualization_factor',
      ],
    ];
    for (const [payload, field] of cases) {
      const res = await post(h, '/portfolios/R/risk', payload, 422);
      expect(
        res.errors.map((e: Row) => e.field),
        JSON.stringify(payload),
      ).toContain(field);
    }
    await post(h, '/portfolios/NOPE/risk', { periods: [{ type: 'SI' }] }, 404);
  });
});
