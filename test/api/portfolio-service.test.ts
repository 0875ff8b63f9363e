import { describe, expect, it } from 'vitest';
import {
  cash,
  instrumentRecord,
  on,
  openPositions,
  portfolioRecord,
  price,
  trade,
} from '../positions/positions-harness.ts';
import { post } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';

/**
 * Seed 004's portfolio-service routes through the real pipeline: POST /portfolios, GET constituents, POST
 * calculate and GET performance. B holds, from 2024-01-15: 10 units of a 5 % annual bond priced 100 (1,000),
 * 5 AAPL at 200 (1,000) and 1,000 cash (3,000 deposited, 2,000 paid): a third each. On 01-16 AAPL is 220:
 * 3,100, a return of 100 / 3,000. Tolerance 1e-9 (float64 sums of a few decimals).
 */
const TOL = 9;
const b = (id: string, type: string, date: string, q: string, p: string, sec: string) =>
  trade(id, type, date, q, p, { portfolio_id: 'B', ...on(sec) });

const BOND = instrumentRecord('BOND5', {
  product_type: 'Bond',
  asset_class: 'Fixed Income',
  sector: 'Government',
  maturity_date: '2029-01-15',
  issue_date: '2019-01-15',
  coupon_rate: '0.05',
  coupon_frequency: 'ANNUAL',
  day_count: 'Act/Act ICMA',
});

const FACTS = {
  instruments: [cash, instrumentRecord('AAPL'), BOND],
  transactions: [
    b('B1', 'DEPOSIT', '2024-01-15', '3000', '1', 'CASH_USD'),
    b('B2', 'BUY', '2024-01-15', '10', '100', 'BOND5'),
    b('B3', 'SELL', '2024-01-15', '1000', '1', 'CASH_USD'),
    b('B4', 'BUY', '2024-01-15', '5', '200', 'AAPL'),
    b('B5', 'SELL', '2024-01-15', '1000', '1', 'CASH_USD'),
  ],
  market_prices: [
    price('BOND5', '2024-01-15', '100'),
    price('AAPL', '2024-01-15', '200'),
    price('AAPL', '2024-01-16', '220'),
  ],
  business_dates: [{ business_date: '2024-01-16' }],
};

describe.each(stores())("seed 004's portfolio-service routes on $kind", (store) => {
  const h = forSuite(
    () => openPositions(store),
    async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/portfolios',
        payload: portfolioRecord('B', { open_date: '2024-01-15' }),
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.headers.location).toBe('/portfolios/B');
      const { job_id } = res.json();
      await h.drain();
      expect((await h.get(`/ingestion/jobs/${job_id}`)).status).toBe('complete');
      await h.ingestAndSettle(FACTS);
    },
  );

  it('POST /portfolios created B (readable at its Location); a bad record is a 422 naming the field', async () => {
    expect(await h.get('/portfolios/B')).toMatchObject({ portfolio_id: 'B', base_currency: 'USD' });
    const bad = await post(h, '/portfolios', { ...portfolioRecord('X'), base_currency: undefined }, 422);
    expect(bad.errors.map((e: { field: string }) => e.field)).toContain('base_currency');
  });

  it('GET constituents: weights, asset class, and the bond analytics from its terms', async () => {
    const r = await h.get('/portfolios/B/constituents?as_of_date=2024-01-15');
    expect(r).toMatchObject({ as_of_date: '2024-01-15', complete: true, incomplete_reasons: [] });
    expect(r.total_market_value).toBeCloseTo(3000, TOL);
    const by = Object.fromEntries(r.constituents.map((c: { security_id: string }) => [c.security_id, c]));
    for (const id of ['AAPL', 'BOND5', 'CASH_USD']) expect(by[id].weight).toBeCloseTo(1 / 3, TOL);
    expect(by.AAPL).toMatchObject({ asset_class: 'Equity', quantity: 5, fixed_income: null });
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
    const missing = await h.app.inject({ method: 'GET', url: '/portfolios/NOPE/performance' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
  });

  it('POST calculate: valuation, performance and risk in one answer', async () => {
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
    await post(h, '/portfolios/NOPE/calculate', {}, 404);
  });
});
