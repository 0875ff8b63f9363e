import { describe, expect, it } from 'vitest';
import * as ph from '../positions/positions-harness.ts';
import { post } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';

/**
 * The contracts of issue 16 through the real pipeline (facts ingested, stages drained): the original's legacy
 * summary (POST /portfolios/{id}/summary, seed-system.md §12.6), priced cash and the overdraft fee, and seed
 * 004's portfolio-service routes. Every expected figure is worked by hand in the comments. Tolerance: the
 * series are float64 sums of a few exact decimals, 1e-9 absolute.
 */
const TOL = 9;

type Row = [
  id: string,
  type: string,
  date: string,
  quantity: string,
  price: string,
  security: string,
  over?: Record<string, unknown>,
];
/** A portfolio's transactions from rows (id, type, date, quantity, price, security, other fields). */
const txns = (portfolio_id: string, rows: Row[]) =>
  rows.map(([id, type, date, q, p, sec, over = {}]) =>
    ph.trade(id, type, date, q, p, { portfolio_id, ...ph.on(sec, over) }),
  );
/** Price facts from [security, date, price] rows. */
const prices = (rows: [string, string, string][]) =>
  rows.map(([sec, date, value]) => ph.price(sec, date, value));

/**
 * S, in USD, as of 2024-01-31, period 2024-01-10 … 2024-01-31:
 *   01-02 deposit 10,000; buy 50 AAPL at 100 (cash −5,000). AAPL 100; 01-09 AAPL 110 (unrealized 500 the
 *   day before the period). In the period: 01-15 deposit 2,000; 01-16 AAPL dividend 40 (cash +40); 01-17
 *   interest 12 on cash (cash +12); 01-18 sell 20 AAPL at 120 (realized 20 × (120 − 100) = 400, cash +2,400);
 *   01-19 fee 25; 01-20 transfer in 500 cash; 01-22 withdrawal 1,000; 01-24 transfer out 300 cash; 01-25
 *   AAPL 130.
 * At the end: cash 10,000 − 5,000 + 2,000 + 40 + 12 + 2,400 − 25 + 500 − 1,000 − 300 = 8,627; AAPL 30 × 130 =
 * 3,900 (cost 3,000, unrealized 900); total 12,527.
 */
const S = {
  portfolios: [ph.portfolioRecord('S')],
  instruments: [ph.cash, ph.instrumentRecord('AAPL')],
  transactions: txns('S', [
    ['S01', 'DEPOSIT', '2024-01-02', '10000', '1', 'CASH_USD'],
    ['S02', 'BUY', '2024-01-02', '50', '100', 'AAPL'],
    ['S03', 'SELL', '2024-01-02', '5000', '1', 'CASH_USD'],
    ['S04', 'DEPOSIT', '2024-01-15', '2000', '1', 'CASH_USD'],
    ['S05', 'DIVIDEND', '2024-01-16', '0', '0', 'AAPL', { gross_transaction_amount: '40' }],
    ['S06', 'BUY', '2024-01-16', '40', '1', 'CASH_USD'],
    ['S07', 'INTEREST', '2024-01-17', '0', '0', 'CASH_USD', { gross_transaction_amount: '12' }],
    ['S08', 'BUY', '2024-01-17', '12', '1', 'CASH_USD'],
    ['S09', 'SELL', '2024-01-18', '20', '120', 'AAPL'],
    ['S10', 'BUY', '2024-01-18', '2400', '1', 'CASH_USD'],
    ['S11', 'FEE', '2024-01-19', '1', '25', 'CASH_USD'],
    ['S12', 'TRANSFER_IN', '2024-01-20', '500', '1', 'CASH_USD'],
    ['S13', 'WITHDRAWAL', '2024-01-22', '1000', '1', 'CASH_USD'],
    ['S14', 'TRANSFER_OUT', '2024-01-24', '300', '1', 'CASH_USD'],
  ]),
  market_prices: prices([
    ['AAPL', '2024-01-02', '100'],
    ['AAPL', '2024-01-09', '110'],
    ['AAPL', '2024-01-25', '130'],
  ]),
  business_dates: [{ business_date: '2024-01-31' }],
};

/**
 * C, the original's priced cash: 1,000 deposited into a cash instrument on 03-01, priced 1.02 that day and
 * 1.05 from 03-15 (carried forward between). March: 1,000 in, 1,050 at the end: +5 %. Days 03-01 … 03-14 are
 * worth 1,020; the first day's return is 1,020 / 1,000 − 1 = 2 %, the link to 03-15 1,050 / 1,020 − 1.
 */
const C = {
  portfolios: [ph.portfolioRecord('C', { open_date: '2024-03-01' })],
  instruments: [ph.instrumentRecord('MMF_USD', { product_type: 'Cash', asset_class: 'Cash', sector: null })],
  transactions: txns('C', [['C1', 'DEPOSIT', '2024-03-01', '1000', '1', 'MMF_USD']]),
  market_prices: prices([
    ['MMF_USD', '2024-03-01', '1.02'],
    ['MMF_USD', '2024-03-15', '1.05'],
  ]),
  business_dates: [{ business_date: '2024-03-31' }],
};

/** O, the original's overdraft: a fee of 25 on an empty cash account; and an oversold security beside it. */
const O = {
  business_dates: [{ business_date: '2024-01-05' }],
  market_prices: prices([['MSFT', '2024-01-02', '100']]),
  instruments: [ph.cash, ph.instrumentRecord('MSFT')],
  portfolios: [ph.portfolioRecord('O')],
  transactions: txns('O', [
    ['O1', 'FEE', '2024-01-03', '1', '25', 'CASH_USD'],
    ['O2', 'SELL', '2024-01-04', '5', '100', 'MSFT'],
  ]),
};

/**
 * B, seed 004's portfolio service, from 2024-01-15: 10 units of a 5 % annual bond priced 100 (1,000), 5 NVDA at
 * 200 (1,000) and 1,000 cash (3,000 deposited, 2,000 paid): a third each. On 01-16 NVDA is 220: 3,100, a return
 * of 100 / 3,000. B itself is created by POST /portfolios.
 */
const BOND = ph.instrumentRecord('BOND5', {
  product_type: 'Bond',
  asset_class: 'Fixed Income',
  sector: 'Government',
  maturity_date: '2029-01-15',
  issue_date: '2019-01-15',
  coupon_rate: '0.05',
  coupon_frequency: 'ANNUAL',
  day_count: 'Act/Act ICMA',
});
const B = {
  business_dates: [{ business_date: '2024-01-16' }],
  market_prices: prices([
    ['BOND5', '2024-01-15', '100'],
    ['NVDA', '2024-01-15', '200'],
    ['NVDA', '2024-01-16', '220'],
  ]),
  instruments: [ph.cash, ph.instrumentRecord('NVDA'), BOND],
  transactions: txns('B', [
    ['B1', 'DEPOSIT', '2024-01-15', '3000', '1', 'CASH_USD'],
    ['B2', 'BUY', '2024-01-15', '10', '100', 'BOND5'],
    ['B3', 'SELL', '2024-01-15', '1000', '1', 'CASH_USD'],
    ['B4', 'BUY', '2024-01-15', '5', '200', 'NVDA'],
    ['B5', 'SELL', '2024-01-15', '1000', '1', 'CASH_USD'],
  ]),
};

describe.each(stores())('the contracts of issue 16 on $kind', (store) => {
  const h = forSuite(
    () => ph.openPositions(store),
    async () => {
      await h.ingestAndSettle(S);
      await h.ingestAndSettle(C);
      await h.ingestAndSettle(O, 'complete_with_problems');
      const res = await h.app.inject({
        method: 'POST',
        url: '/portfolios',
        payload: ph.portfolioRecord('B', { open_date: '2024-01-15' }),
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers.location).toBe('/portfolios/B');
      await h.drain();
      expect((await h.get(`/ingestion/jobs/${res.json().job_id}`)).status).toBe('complete');
      await h.ingestAndSettle(B);
    },
  );

  const summary = (body: Record<string, unknown>, status = 200) =>
    post(h, '/portfolios/S/summary', body, status);

  it("POST /summary: every section in the original's field names, by hand", async () => {
    const r = await summary({
      as_of_date: '2024-01-31',
      period: { type: 'EXPLICIT', from_date: '2024-01-10', to_date: '2024-01-31' },
      sections: ['WEALTH', 'ALLOCATION', 'PNL', 'INCOME', 'ACTIVITY'],
      allocation_dimensions: ['ASSET_CLASS', 'SECTOR'],
    });
    expect(r.scope).toEqual({
      portfolio_id: 'S',
      as_of_date: '2024-01-31',
      period_start_date: '2024-01-10',
      period_end_date: '2024-01-31',
    });
    expect(r.complete).toBe(true);
    expect(r.wealth.total_market_value).toBeCloseTo(12_527, TOL);
    expect(r.wealth.total_cash).toBeCloseTo(8_627, TOL);
    expect(r.activitySummary).toEqual({
      total_deposits: 2000,
      total_withdrawals: -1000,
      total_transfers_in: 500,
      total_transfers_out: -300,
      total_fees: -25,
    });
    expect(r.incomeSummary).toEqual({ total_dividends: 40, total_interest: 12 });
    expect(r.pnlSummary.net_new_money).toBe(1200); // 2,000 − 1,000 + 500 − 300
    expect(r.pnlSummary.realized_pnl).toBe(400);
    expect(r.pnlSummary.unrealized_pnl_change).toBeCloseTo(400, TOL); // 900 on 01-31 − 500 on 01-09
    expect(r.pnlSummary.total_pnl).toBeCloseTo(800, TOL);
    const groups = (g: { group: string; market_value: number; weight: number }[]) =>
      g.map((x) => [x.group, Number(x.market_value.toFixed(6)), Number(x.weight.toFixed(12))]);
    expect(groups(r.allocation.byAssetClass)).toEqual([
      ['Cash', 8627, Number((8627 / 12527).toFixed(12))],
      ['Equity', 3900, Number((3900 / 12527).toFixed(12))],
    ]);
    expect(groups(r.allocation.bySector)).toEqual([
      ['Technology', 3900, Number((3900 / 12527).toFixed(12))],
      ['Unclassified', 8627, Number((8627 / 12527).toFixed(12))],
    ]);
  });

  it('POST /summary: only the sections asked for; YTD; 404 and 422 name the problem', async () => {
    const r = await summary({ as_of_date: '2024-01-31', period: { type: 'YTD' }, sections: ['INCOME'] });
    expect(Object.keys(r).sort()).toEqual(['complete', 'incomeSummary', 'incomplete_reasons', 'scope']);
    expect(r.scope.period_start_date).toBe('2024-01-01');
    const ytd = await summary({ as_of_date: '2024-01-31', period: { type: 'YTD' }, sections: ['PNL'] });
    // From inception the unrealized change is all of it: 900 − 0; realized 400.
    expect(ytd.pnlSummary.unrealized_pnl_change).toBeCloseTo(900, TOL);
    expect(ytd.pnlSummary.net_new_money).toBe(11_200); // 10,000 + 2,000 − 1,000 + 500 − 300
    await post(h, '/portfolios/NOPE/summary', { period: { type: 'YTD' }, sections: ['WEALTH'] }, 404);
    const bad = await summary({ period: { type: 'YTD' }, sections: ['WEALTHY'] }, 422);
    expect(bad.errors[0].field).toMatch(/sections/);
  });

  it('priced cash: 1.02 then 1.05 is a 5 % month (carried forward between prices)', async () => {
    const perf = await post(h, '/portfolios/C/performance', {
      scope: { as_of_date: '2024-03-31', net_or_gross: 'GROSS' },
      periods: [{ type: 'MTD' }],
    });
    expect(perf.summary.MTD.cumulative_return).toBeCloseTo(0.05, TOL); // a decimal: 1,050 / 1,000 − 1
    const series = await h.get('/portfolios/C/timeseries?start_date=2024-03-01&end_date=2024-03-15');
    const eod = Object.fromEntries(
      series.rows.map((r: { date: string; eod_market_value: number }) => [r.date, r.eod_market_value]),
    );
    expect(eod['2024-03-01']).toBeCloseTo(1020, TOL);
    expect(eod['2024-03-14']).toBeCloseTo(1020, TOL);
    expect(eod['2024-03-15']).toBeCloseTo(1050, TOL);
  });

  it('overdraft: a fee of 25 on no cash is a −25 position and a −25 portfolio flow; a security still blocks', async () => {
    const positions = await h.get('/portfolios/O/positions?as_of_date=2024-01-05');
    const cashRow = positions.positions.find((p: { security_id: string }) => p.security_id === 'CASH_USD');
    expect(cashRow.quantity).toBe('-25');
    const flows = await h.get('/portfolios/O/cashflows');
    expect(
      flows.cashflows.map((f: Record<string, unknown>) => [f.transaction_id, f.amount, f.is_portfolio_flow]),
    ).toEqual([['O1', '-25', true]]);
    expect(await h.key('O', 'CASH_USD')).toMatchObject({ status: 'CURRENT', blocked_reason: null });
    // Flagged on data health: the overdrawn account, since the fee.
    expect((await h.get('/overdrafts?portfolio_id=O')).overdrafts).toEqual([
      {
        portfolio_id: 'O',
        security_id: 'CASH_USD',
        currency: 'USD',
        quantity: '-25',
        position_date: '2024-01-03',
        overdrawn_since: '2024-01-03',
      },
    ]);
    expect(
      (await h.get('/overdrafts')).overdrafts.map((o: { portfolio_id: string }) => o.portfolio_id),
    ).toEqual(['O']);
    expect(await h.key('O', 'MSFT')).toMatchObject({ status: 'BLOCKED', blocked_reason: 'OVERSOLD' });
    const series = await h.get('/portfolios/O/timeseries?start_date=2024-01-03&end_date=2024-01-03');
    expect(series.rows[0]).toMatchObject({ eod_market_value: -25, complete: true });
  });

  it('POST /portfolios created B (readable at its Location); a bad record is a 422 naming the field', async () => {
    expect(await h.get('/portfolios/B')).toMatchObject({ portfolio_id: 'B', base_currency: 'USD' });
    const bad = await post(h, '/portfolios', { ...ph.portfolioRecord('X'), base_currency: undefined }, 422);
    expect(bad.errors.map((e: { field: string }) => e.field)).toContain('base_currency');
  });

  it('GET constituents: weights, asset class, and the bond analytics from its terms', async () => {
    const r = await h.get('/portfolios/B/constituents?as_of_date=2024-01-15');
    expect(r).toMatchObject({ as_of_date: '2024-01-15', complete: true, incomplete_reasons: [] });
    expect(r.total_market_value).toBeCloseTo(3000, TOL);
    const by = Object.fromEntries(r.constituents.map((c: { security_id: string }) => [c.security_id, c]));
    for (const id of ['NVDA', 'BOND5', 'CASH_USD']) expect(by[id].weight).toBeCloseTo(1 / 3, TOL);
    expect(by.NVDA).toMatchObject({ asset_class: 'Equity', quantity: 5, fixed_income: null });
    expect(by.BOND5.asset_class).toBe('Fixed Income');
    // On a coupon date with 5 years left at par: y = 5 %; Macaulay = Σ t·PV / 100, PV_t = 5/1.05^t, 105/1.05^5.
    const pv = [1, 2, 3, 4, 5].map((t) => (t === 5 ? 105 : 5) / 1.05 ** t);
    const macaulay = pv.reduce((s, v, i) => s + (i + 1) * v, 0) / 100;
    const fi = by.BOND5.fixed_income;
    expect(fi.yield_to_maturity).toBeCloseTo(0.05, TOL);
    expect(fi.macaulay_duration).toBeCloseTo(macaulay, 8);
    expect(fi.modified_duration).toBeCloseTo(macaulay / 1.05, 8);
    expect(fi.convexity).toBeCloseTo(
      pv.reduce((s, v, i) => s + (i + 1) * (i + 2) * v, 0) / (100 * 1.05 ** 2),
      8,
    );
    expect(fi.null_reasons).toEqual({});
  });

  it('GET performance is the query-string form of the POST: the same answer, 100 / 3,000 by hand', async () => {
    const query = await h.get(
      '/portfolios/B/performance?as_of_date=2024-01-16&period=EXPLICIT&from=2024-01-16&to=2024-01-16&net_or_gross=GROSS',
    );
    const body = await post(h, '/portfolios/B/performance', {
      scope: { as_of_date: '2024-01-16', net_or_gross: 'GROSS' },
      periods: [{ type: 'EXPLICIT', from: '2024-01-16', to: '2024-01-16' }],
    });
    expect(query).toEqual(body);
    expect(query.summary.EXPLICIT.cumulative_return).toBeCloseTo(100 / 3000, TOL);
    // With a breakdown and the attributes: still the POST's answer, field for field.
    const daily = await h.get(
      '/portfolios/B/performance?as_of_date=2024-01-16&period=SI&breakdown=DAILY&include_attributes=true',
    );
    expect(daily).toEqual(
      await post(h, '/portfolios/B/performance', {
        scope: { as_of_date: '2024-01-16' },
        periods: [{ type: 'SI', breakdown: 'DAILY' }],
        options: { include_attributes: true },
      }),
    );
    expect(daily.breakdowns.SI.results.map((b: { start_date: string }) => b.start_date)).toEqual([
      '2024-01-15',
      '2024-01-16',
    ]);
    expect(daily.summary.SI.attributes).toBeDefined();
    const missing = await h.app.inject({ method: 'GET', url: '/portfolios/NOPE/performance' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });

  it('GET performance refuses a bad period as the POST does: the same 422, the same field', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/portfolios/B/performance?period=EXPLICIT&from=2024-01-16',
    });
    expect(res.statusCode).toBe(422);
    const viaPost = await post(
      h,
      '/portfolios/B/performance',
      { periods: [{ type: 'EXPLICIT', from: '2024-01-16' }] },
      422,
    );
    const { correlation_id: _a, ...got } = res.json();
    const { correlation_id: _b, ...expected } = viaPost;
    expect(got).toEqual(expected);
    expect(got.errors.map((e: { field: string }) => e.field)).toEqual(['periods[0].to']);
  });

  it('POST calculate: valuation, performance and risk in one answer, each that of its own route', async () => {
    const r = await post(h, '/portfolios/B/calculate', {
      as_of_date: '2024-01-16',
      period: { type: 'EXPLICIT', from: '2024-01-16', to: '2024-01-16' },
      net_or_gross: 'GROSS',
    });
    expect(r.as_of_date).toBe('2024-01-16');
    expect(r.valuation.market_value).toBeCloseTo(3100, TOL);
    expect(r.performance.summary.EXPLICIT.cumulative_return).toBeCloseTo(100 / 3000, TOL);
    expect(Object.keys(r.risk.results.EXPLICIT.metrics).sort()).toEqual([
      'DRAWDOWN',
      'SHARPE',
      'SORTINO',
      'VAR',
      'VOLATILITY',
    ]);
    const scope = { as_of_date: '2024-01-16', net_or_gross: 'GROSS' };
    const periods = [{ type: 'EXPLICIT', from: '2024-01-16', to: '2024-01-16' }];
    expect(r.valuation).toEqual(await h.get('/portfolios/B/valuation?as_of_date=2024-01-16'));
    expect(r.performance).toEqual(await post(h, '/portfolios/B/performance', { scope, periods }));
    expect(r.risk).toEqual(
      await post(h, '/portfolios/B/risk', {
        scope,
        periods,
        metrics: ['VOLATILITY', 'DRAWDOWN', 'SHARPE', 'SORTINO', 'VAR'],
      }),
    );
    // Without a body: YTD as of the latest business date, as the routes answer an empty scope.
    const ytd = await post(h, '/portfolios/B/calculate', {});
    expect(ytd.performance).toEqual(
      await post(h, '/portfolios/B/performance', { periods: [{ type: 'YTD' }] }),
    );
    expect(ytd.valuation).toEqual(await h.get('/portfolios/B/valuation'));
    await post(h, '/portfolios/NOPE/calculate', {}, 404);
  });
});

describe.each(stores())('constituents of the demo on $kind', (store) => {
  const h = forSuite(
    () => ph.openPositions(store),
    async () => {
      await ph.ingestDemo(h, { seed: 7, portfolios: 1, years: 1, endDate: '2024-06-28' });
    },
  );

  it('every demo bond has its yield and durations: those of POST /analytics/bonds at its price; weights add to 1', async () => {
    const [{ portfolio_id }] = (await h.get('/portfolios')).portfolios;
    const r = await h.get(`/portfolios/${portfolio_id}/constituents?as_of_date=2024-06-28`);
    expect(r.complete).toBe(true);
    const weights = r.constituents.reduce((s: number, c: { weight: number }) => s + c.weight, 0);
    expect(weights).toBeCloseTo(1, 12);
    const bonds = r.constituents.filter((c: { fixed_income: unknown }) => c.fixed_income !== null);
    expect(bonds.length).toBeGreaterThan(0);
    for (const bond of bonds) {
      const [terms] = (await h.get(`/instruments?security_id=${bond.security_id}`)).instruments;
      expect(terms).toMatchObject({ coupon_frequency: 'SEMI_ANNUAL', day_count: 'Act/Act ICMA' });
      const expected = await post(h, '/analytics/bonds', {
        settlement_date: '2024-06-28',
        maturity_date: terms.maturity_date,
        coupon_rate: Number(terms.coupon_rate),
        frequency: 2,
        day_count: 'Act/Act ICMA',
        clean_price: bond.market_price,
      });
      expect(bond.fixed_income).toEqual({
        yield_to_maturity: expected.ytm,
        macaulay_duration: expected.macaulay_duration,
        modified_duration: expected.modified_duration,
        convexity: expected.convexity,
        null_reasons: {},
      });
    }
  });
});
