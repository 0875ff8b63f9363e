import { describe, expect, it } from 'vitest';
import * as facts from '../positions/positions-harness.ts';
import { type Body, post } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';

/**
 * Reporting currency (issue 14) through the real pipeline, against hand calculations. The FX pivot is USD
 * (PAS_FX_PIVOT's default). Tolerance: a handful of float64 products and quotients, 1e-12 absolute.
 *
 * R1, base EUR: 1,000 EUR deposited (BOD) and 10 STK (an EUR equity) bought at 100 on 01-02; STK 110 on
 * 01-04; valued to 01-05. Base closes 1,000 (01-02, 01-03), 1,100 (01-04, 01-05); base SI TWR 10 %.
 * Quotes: EUR/USD 1.10 (01-01), 1.20 (01-03); GBP/USD 1.25 (01-01), 1.32 (01-04). No EUR/GBP quote.
 * - USD (DIRECT EUR/USD): rates 1.1, 1.2, 1.2, 1.2 → closes 1,100, 1,200, 1,320, 1,320: SI 1,320/1,100 − 1.
 * - GBP (TRIANGULATED EUR→USD→GBP = EURUSD / GBPUSD): 0.88, 0.96, 1.2/1.32, 1.2/1.32 → closes 880, 960,
 *   1,000, 1,000: SI 1,000/880 − 1.
 * - JPY: no quote at all: nothing converts, every figure says why.
 * R2, base USD, 1,000 USD cash from 01-02, reported in EUR (INVERSE: 1 / EURUSD): 1,000/1.1 → 1,000/1.2.
 */
const TOL = 12;

const eur = { currency: 'EUR', trade_currency: 'EUR' };
const R1 = {
  portfolios: [facts.portfolioRecord('R1', { base_currency: 'EUR' }), facts.portfolioRecord('R2')],
  instruments: [
    facts.instrumentRecord('CASH_EUR', {
      currency: 'EUR',
      product_type: 'Cash',
      asset_class: 'Cash',
      sector: null,
    }),
    facts.instrumentRecord('CASH_USD', { product_type: 'Cash', asset_class: 'Cash', sector: null }),
    facts.instrumentRecord('STK', { currency: 'EUR', country_of_risk: 'DE' }),
  ],
  fx_rates: [
    { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-01', rate: '1.1' },
    { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-03', rate: '1.2' },
    { from_currency: 'GBP', to_currency: 'USD', rate_date: '2024-01-01', rate: '1.25' },
    { from_currency: 'GBP', to_currency: 'USD', rate_date: '2024-01-04', rate: '1.32' },
  ],
  transactions: [
    facts.trade('R1D', 'DEPOSIT', '2024-01-02', '1000', '1', {
      portfolio_id: 'R1',
      ...facts.on('CASH_EUR', eur),
    }),
    facts.trade('R1B', 'BUY', '2024-01-02', '10', '100', { portfolio_id: 'R1', ...facts.on('STK', eur) }),
    facts.trade('R1BC', 'SELL', '2024-01-02', '1000', '1', {
      portfolio_id: 'R1',
      ...facts.on('CASH_EUR', eur),
    }),
    facts.trade('R2D', 'DEPOSIT', '2024-01-02', '1000', '1', { portfolio_id: 'R2', ...facts.on('CASH_USD') }),
  ],
  market_prices: [
    facts.price('STK', '2024-01-02', '100', 'EUR'),
    facts.price('STK', '2024-01-04', '110', 'EUR'),
  ],
  business_dates: [{ business_date: '2024-01-05' }],
};

const BASE_SI = 0.1;
const USD_SI = 1320 / 1100 - 1;
const GBP_SI = 1000 / 880 - 1;
const SI = { periods: [{ type: 'SI' }] };

describe.each(stores())('reporting currency on $kind', (store) => {
  const h = forSuite(
    () => facts.openPositions(store),
    async () => {
      await h.ingestAndSettle(R1);
    },
  );
  const get = async (url: string, status = 200): Promise<Body> => {
    const res = await h.app.inject({ method: 'GET', url });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
    return res.json();
  };
  const perf = (id: string, reporting_currency?: string) =>
    post(h, `/portfolios/${id}/performance`, {
      ...SI,
      ...(reporting_currency === undefined ? {} : { scope: { reporting_currency } }),
    });

  it('reporting = base gives exactly the answers without it', async () => {
    expect(await perf('R1', 'EUR')).toEqual(await perf('R1'));
    for (const path of [
      'valuation?as_of_date=2024-01-05',
      'allocation?as_of_date=2024-01-05',
      'timeseries',
    ]) {
      const sep = path.includes('?') ? '&' : '?';
      expect(await get(`/portfolios/R1/${path}${sep}reporting_currency=EUR`)).toEqual(
        await get(`/portfolios/R1/${path}`),
      );
    }
    const base = await perf('R1');
    expect(base.summary.SI.cumulative_return).toBeCloseTo(BASE_SI, TOL);
    expect(base.summary.SI.fx_effect).toBeUndefined();
  });

  it('direct quote: TWR, FX effect, MWR, timeseries, valuation and allocation in USD', async () => {
    const body = await perf('R1', 'USD');
    expect(body.scope.reporting_currency).toBe('USD');
    const si = body.summary.SI;
    expect(si.cumulative_return).toBeCloseTo(USD_SI, TOL);
    expect(si.fx_effect.base_currency_return).toBeCloseTo(BASE_SI, TOL);
    expect(si.fx_effect.reporting_currency_return).toBeCloseTo(USD_SI, TOL);
    expect(si.fx_effect.fx_effect).toBeCloseTo(1.2 / 1.1 - 1, TOL);
    expect(si.fx_effect.null_reason).toBeNull();

    // One inflow of 1,100 USD, 1,320 USD at the end: the period's MWR is 1,320 / 1,100 − 1 whatever its length.
    const mwr = await post(h, '/portfolios/R1/performance/mwr', {
      ...SI,
      scope: { reporting_currency: 'USD' },
    });
    expect(mwr.summary.SI.mwr).toBeCloseTo(USD_SI, TOL);

    const series = await get('/portfolios/R1/timeseries?reporting_currency=usd');
    expect(series.reporting_currency).toBe('USD');
    const rows = series.rows as Body[];
    expect(rows.map((r) => r.date)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05']);
    const expected = [
      [0, 1100, 1100, 1.1, '2024-01-01'],
      [1100, 1200, 0, 1.2, '2024-01-03'],
      [1200, 1320, 0, 1.2, '2024-01-03'],
      [1320, 1320, 0, 1.2, '2024-01-03'],
    ] as const;
    rows.forEach((r, i) => {
      const [bod, eod, flow, rate, date] = expected[i]!;
      expect(r.bod_market_value).toBeCloseTo(bod, 9);
      expect(r.eod_market_value).toBeCloseTo(eod, 9);
      expect(r.bod_cashflow).toBeCloseTo(flow, 9);
      expect(r).toMatchObject({ fx_rate: rate, fx_date: date, fx_route: 'DIRECT', complete: true });
    });

    const valuation = await get('/portfolios/R1/valuation?as_of_date=2024-01-05&reporting_currency=USD');
    expect(valuation).toMatchObject({
      base_currency: 'EUR',
      reporting_currency: 'USD',
      fx_rate: 1.2,
      fx_date: '2024-01-03',
      fx_route: 'DIRECT',
      fx_missing_reason: null,
      complete: true,
    });
    expect(valuation.market_value).toBeCloseTo(1320, 9);
    expect(valuation.cost_basis).toBeCloseTo(1200, 9);
    expect(valuation.unrealized_gain_loss).toBeCloseTo(120, 9);
  });

  it('P&L in USD: day-rate P&L plus the translation of the value held', async () => {
    const body = await post(h, '/portfolios/R1/pnl', {
      ...SI,
      reporting_currency: 'USD',
      include_positions: false,
    });
    expect(body).toMatchObject({ base_currency: 'EUR', reporting_currency: 'USD' });
    const si = body.periods[0];
    expect(si.total_pnl).toBeCloseTo(100, 9); // the base decomposition, unchanged: 1,100 − 0 − 1,000 EUR
    const usd = si.in_reporting_currency;
    // 1,320 − 0 − 1,000 × 1.1; 100 EUR gained on 01-04 at 1.2; 1,000 EUR held over EUR/USD 1.1 → 1.2 on 01-03.
    expect(usd.start_value).toBeCloseTo(0, 9);
    expect(usd.end_value).toBeCloseTo(1320, 9);
    expect(usd.net_flows).toBeCloseTo(1100, 9);
    expect(usd.total_pnl).toBeCloseTo(220, 9);
    expect(usd.pnl_at_day_rates).toBeCloseTo(120, 9);
    expect(usd.fx_translation_effect).toBeCloseTo(100, 9);
    expect(usd.null_reasons).toEqual({});

    const jpy = await post(h, '/portfolios/R1/pnl', { ...SI, reporting_currency: 'JPY' });
    expect(jpy.periods[0].in_reporting_currency.total_pnl).toBeNull();
    expect(jpy.periods[0].in_reporting_currency.null_reasons.total_pnl).toContain('MISSING_FX EUR/JPY');
    const same = await post(h, '/portfolios/R1/pnl', { ...SI, reporting_currency: 'EUR' });
    expect(same).toEqual(await post(h, '/portfolios/R1/pnl', SI));
  });

  it('triangulated through the pivot: GBP', async () => {
    const si = (await perf('R1', 'GBP')).summary.SI;
    expect(si.cumulative_return).toBeCloseTo(GBP_SI, TOL);
    expect(si.fx_effect.fx_effect).toBeCloseTo((1 + GBP_SI) / (1 + BASE_SI) - 1, TOL);
    // (1 + r_rep) = (1 + r_base)(1 + r_fx), and here r_fx is the move of EUR/GBP: (1.2/1.32) / 0.88 − 1.
    expect(si.fx_effect.fx_effect).toBeCloseTo(1.2 / 1.32 / 0.88 - 1, TOL);

    const allocation = await get(
      '/portfolios/R1/allocation?as_of_date=2024-01-05&dimensions=asset_class&reporting_currency=GBP',
    );
    // A triangulated rate rests on the older of its legs' quotes: EUR/USD of 01-03 (GBP/USD is of 01-04).
    expect(allocation).toMatchObject({
      reporting_currency: 'GBP',
      fx_route: 'TRIANGULATED',
      fx_date: '2024-01-03',
    });
    expect(allocation.fx_rate).toBeCloseTo(1.2 / 1.32, TOL);
    expect(allocation.total_market_value).toBeCloseTo(1000, 9);
    const groups = allocation.dimensions[0].groups as Body[];
    expect(groups).toHaveLength(1);
    expect(groups[0].key).toBe('Equity');
    expect(groups[0].market_value).toBeCloseTo(1000, 9);
    expect(groups[0].weight).toBeCloseTo(1, TOL);
  });

  it('inverse quote: a USD portfolio in EUR', async () => {
    const si = (await perf('R2', 'EUR')).summary.SI;
    expect(si.fx_effect.base_currency_return).toBeCloseTo(0, TOL);
    expect(si.cumulative_return).toBeCloseTo(1.1 / 1.2 - 1, TOL);
    const valuation = await get('/portfolios/R2/valuation?as_of_date=2024-01-05&reporting_currency=EUR');
    expect(valuation).toMatchObject({ fx_route: 'INVERSE', fx_date: '2024-01-03' });
    expect(valuation.market_value).toBeCloseTo(1000 / 1.2, 9);
    expect(valuation.cash).toBeCloseTo(1000 / 1.2, 9);
  });

  it('a missing rate: nothing converted, each answer says why', async () => {
    const reason = 'MISSING_FX EUR/JPY REPORTING_CURRENCY';
    const si = (await perf('R1', 'JPY')).summary.SI;
    expect(si.cumulative_return).toBeNull();
    expect(si.null_reasons.cumulative_return).toContain(reason);
    expect(si.incomplete_reasons).toContain(reason);
    expect(si.fx_effect).toMatchObject({ fx_effect: null, reporting_currency_return: null });
    expect(si.fx_effect.null_reason).toContain(reason);

    const valuation = await get('/portfolios/R1/valuation?as_of_date=2024-01-05&reporting_currency=JPY');
    expect(valuation).toMatchObject({
      market_value: null,
      cost_basis: null,
      complete: false,
      fx_rate: null,
      fx_missing_reason: reason,
    });
    expect(valuation.incomplete_reasons).toContain(reason);

    const rows = (await get('/portfolios/R1/timeseries?reporting_currency=JPY')).rows as Body[];
    for (const r of rows)
      expect(r).toMatchObject({ complete: false, incomplete_reason: reason, fx_rate: null });
  });

  it('bad input: a malformed code is a 422; position-level returns only in base', async () => {
    const bad = await get('/portfolios/R1/valuation?reporting_currency=EURO', 422);
    expect(JSON.stringify(bad)).toContain('reporting_currency');
    const positions = await post(
      h,
      '/portfolios/R1/performance',
      { ...SI, scope: { reporting_currency: 'USD' }, options: { include_positions: true } },
      422,
    );
    expect(positions.errors[0].field).toBe('options.include_positions');
  });
});
