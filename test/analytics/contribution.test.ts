import { describe, expect, it } from 'vitest';
import { ingestDemo, openPositions } from '../positions/positions-harness.ts';
import { post, type Row } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { workedExample } from './worked-example.ts';

/** Values are sums and quotients of a few exact decimals: 1e-13. */
const TOL = 13;

describe.each(stores())('POST /portfolios/{id}/contribution on $kind', (store) => {
  const h = forSuite(
    () => openPositions(store),
    async () => {
      await h.ingestAndSettle(workedExample);
    },
  );

  it('the worked example: every figure by hand, contributions summing to the TWR', async () => {
    const body = await post(h, '/portfolios/P1/contribution', { group_by: 'sector' });
    expect(body).toMatchObject({
      portfolio_id: 'P1',
      base_currency: 'USD',
      as_of_date: '2024-01-08',
      group_by: 'sector',
      active_days: 7,
      null_reasons: {},
    });
    expect(body.period).toMatchObject({
      type: 'SI',
      start_date: '2024-01-01',
      end_date: '2024-01-08',
      days: 8,
    });
    expect(body.conventions).toMatchObject({ linking: 'grap', net_or_gross: 'GROSS', currency: 'BASE' });
    // 1.02 (4 Jan) × (11,250 / 11,200) (5 Jan) × (11,650 / 11,250) (8 Jan; the withdrawal is a flow) − 1.
    expect(body.portfolio_return).toBeCloseTo(683 / 11_200, TOL);
    const by = Object.fromEntries((body.positions as Row[]).map((p) => [p.security_id, p]));
    expect(Object.keys(by)).toEqual(['AAPL', 'CASH_USD', 'XOM']);
    // AAPL: 400 / 10,000 on 4 Jan; 400 / 11,250 on 8 Jan grown by 1.02 × 11,250 / 11,200 → 107 / 1,400.
    expect(by.AAPL.contribution).toBeCloseTo(107 / 1400, TOL);
    // XOM: −200 / 10,000 on 4 Jan; the 50 dividend / 11,200 on 5 Jan grown by 1.02 → −173 / 11,200.
    expect(by.XOM.contribution).toBeCloseTo(-173 / 11_200, TOL);
    expect(by.CASH_USD.contribution).toBe(0);
    expect(body.total_contribution).toBeCloseTo(683 / 11_200, TOL);
    expect(Math.abs(body.residual)).toBeLessThan(1e-15);

    expect(by.AAPL).toMatchObject({
      name: 'AAPL Inc.',
      asset_class: 'Equity',
      sector: 'Technology',
      currency: 'USD',
      country_of_risk: 'US',
      product_type: 'Equity',
      is_cash: false,
      gain_loss: 800,
      null_reasons: {},
    });
    expect(by.XOM.rating).toBe('AA');
    expect(by.CASH_USD).toMatchObject({ is_cash: true, sector: null, return: 0, gain_loss: 0 });
    expect(by.AAPL.return).toBeCloseTo(0.2, TOL);
    expect(by.XOM.return).toBeCloseTo(0.95 * (3850 / 3800) - 1, TOL);
    // Daily weights: 2 Jan all cash; 3–4 Jan 0.4 / 0.4 / 0.2; 5 Jan of 11,200; 6–8 Jan of 11,250 (cash 3,050:
    // the sale's proceeds and the withdrawal both at the close).
    expect(by.AAPL.average_weight).toBeCloseTo((0.8 + 4400 / 11_200 + (3 * 4400) / 11_250) / 7, TOL);
    expect(by.XOM.average_weight).toBeCloseTo((0.8 + 3800 / 11_200 + (3 * 3800) / 11_250) / 7, TOL);
    expect(by.CASH_USD.average_weight).toBeCloseTo((1.4 + 3000 / 11_200 + (3 * 3050) / 11_250) / 7, TOL);

    expect((body.groups as Row[]).map((g) => [g.key, g.security_ids])).toEqual([
      ['Technology', ['AAPL']],
      ['UNCLASSIFIED', ['CASH_USD']],
      ['Energy', ['XOM']],
    ]);
    expect(body.groups[0].contribution).toBe(by.AAPL.contribution);
  });

  it('agrees with /performance (GROSS) on the portfolio return; Carino sums to it too', async () => {
    const period = { type: 'EXPLICIT', name: 'p', from: '2024-01-04', to: '2024-01-08' };
    const perf = await post(h, '/portfolios/P1/performance', {
      scope: { net_or_gross: 'GROSS' },
      periods: [period],
    });
    const body = await post(h, '/portfolios/P1/contribution', {
      period,
      conventions: { linking: 'carino' },
    });
    expect(body.portfolio_return).toBe(perf.summary.p.cumulative_return);
    expect(body.conventions.linking).toBe('carino');
    expect(body).toMatchObject({ complete: true, incomplete_days: 0, first_incomplete_date: null });
    expect(body.groups).toBeNull();
    const k = (r: number) => Math.log1p(r) / r;
    const R = 1.02 * (11_650 / 11_200) - 1;
    const by = Object.fromEntries((body.positions as Row[]).map((p) => [p.security_id, p]));
    expect(by.AAPL.contribution).toBeCloseTo((0.04 * k(0.02) + (400 / 11_250) * k(400 / 11_250)) / k(R), TOL);
    expect(Math.abs(body.residual)).toBeLessThan(1e-15);
  });

  it('null with the reason past the series; 404 unknown portfolio; 422 naming the field', async () => {
    const past = await post(h, '/portfolios/P1/contribution', { as_of_date: '2024-01-10' });
    expect(past.portfolio_return).toBeNull();
    expect(past.null_reasons.portfolio_return).toBe('the daily series end on 2024-01-08');
    expect(past.positions[0].null_reasons.contribution).toBe('the daily series end on 2024-01-08');

    await post(h, '/portfolios/NOPE/contribution', {}, 404);
    const dim = await post(h, '/portfolios/P1/contribution', { group_by: 'colour' }, 422);
    expect(dim.errors).toEqual([{ index: 0, field: 'group_by', message: expect.stringContaining('sector') }]);
    const type = await post(h, '/portfolios/P1/contribution', { period: { type: 'TWO_YEAR' } }, 422);
    expect(type.errors[0].field).toBe('period.type');
    const early = await post(h, '/portfolios/P1/contribution', { period: { type: 'YEAR', year: 2023 } }, 422);
    expect(early.errors[0].field).toBe('period.year');
    const linking = await post(
      h,
      '/portfolios/P1/contribution',
      { conventions: { linking: 'menchero' } },
      422,
    );
    expect(linking.errors[0].field).toBe('conventions.linking');
  });
});

describe.each(stores())('contribution on the demo data set on $kind', (store) => {
  const h = forSuite(() => openPositions(store));

  it('every period: the return agrees with /performance and the contributions add up to it', async () => {
    const data = await ingestDemo(h, { seed: 11, portfolios: 1, years: 1, endDate: '2024-06-28' });
    const { portfolio_id } = data.portfolios[0]!;
    const periods = [
      { type: 'SI', name: 'SI' },
      { type: 'YTD', name: 'YTD' },
      { type: 'EXPLICIT', name: 'X', from: '2023-11-17', to: '2024-02-29' },
    ];
    const perf = await post(h, `/portfolios/${portfolio_id}/performance`, {
      scope: { net_or_gross: 'GROSS' },
      periods,
    });
    for (const period of periods) {
      const body = await post(h, `/portfolios/${portfolio_id}/contribution`, {
        period,
        group_by: 'currency',
      });
      const at = `${portfolio_id} ${period.name}`;
      expect(body.null_reasons, at).toEqual({});
      // The same functions on the same rows: the same float.
      expect(body.portfolio_return, at).toBe(perf.summary[period.name].cumulative_return);
      const sum = (body.positions as Row[]).reduce((s, p) => s + p.contribution, 0);
      const growth = 1 + Math.abs(body.portfolio_return);
      expect(Math.abs(body.total_contribution - sum), at).toBeLessThanOrEqual(1e-14 * growth);
      /**
       * The residual: float rounding (1e-12) plus the demo's foreign trades' cash legs rounded to the cent, money
       * moved between positions that is no position's gain — about 0.005 / 10^5 ≈ 5e-8 per trade at most.
       */
      expect(Math.abs(body.residual), at).toBeLessThanOrEqual(1e-6);
      const groups = (body.groups as Row[]).reduce((s, g) => s + g.contribution, 0);
      expect(Math.abs(groups - sum), at).toBeLessThanOrEqual(1e-14 * growth);
      const weights = (body.positions as Row[]).reduce((s, p) => s + p.average_weight, 0);
      expect(Math.abs(weights - 1), at).toBeLessThanOrEqual(1e-12);
    }
  }, 240_000);
});
