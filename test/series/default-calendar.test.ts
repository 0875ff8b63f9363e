import { describe, expect, it } from 'vitest';
import { eur, MONTH_TWR, market, trades } from '../positions/newcomer-month.ts';
import { openPositions, portfolioRecord } from '../positions/positions-harness.ts';
import { post } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';

/**
 * The default calendar (issue 14) and the newcomer's acceptance scenario: a EUR portfolio in cash mode AUTO,
 * a USD stock, no cash legs and no business dates. The latest fact is a USD/EUR rate on Sunday 2024-03-31, so
 * the series runs on weekdays to Friday the 29th; the month's TWR is the hand figure of newcomer-month.ts.
 * Ingested business dates then override the default.
 */
const MARCH = { periods: [{ type: 'EXPLICIT', name: 'March', from: '2024-03-01', to: '2024-03-29' }] };
const codes = (body: { data_warnings?: Array<{ code: string }> }) =>
  (body.data_warnings ?? []).map((w) => w.code);

describe.each(stores())('the default calendar on $kind', (store) => {
  const h = forSuite(
    () => openPositions(store),
    async () => {
      await h.ingestAndSettle({
        ...market,
        fx_rates: [
          ...(market.fx_rates ?? []),
          { from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-03-31', rate: '0.91' },
        ],
        portfolios: [portfolioRecord('NEW1', { ...eur, cash_mode: 'AUTO' }), portfolioRecord('NOLEG', eur)],
        transactions: [...trades('NEW1'), ...trades('NOLEG')],
      });
    },
  );

  it('values on weekdays up to the latest fact date and says so; the month TWR by hand', async () => {
    const series = await h.get('/portfolios/NEW1/timeseries');
    expect(series.rows.at(-1).date).toBe('2024-03-29');
    expect(series.rows[0].date).toBe('2024-03-01');
    expect(codes(series)).toEqual(['DEFAULT_CALENDAR']);
    expect(series.data_warnings[0].message).toContain('2024-03-29');
    const valuation = await h.get('/portfolios/NEW1/valuation');
    expect(valuation.as_of_date).toBe('2024-03-29');
    expect(codes(valuation)).toEqual(['DEFAULT_CALENDAR']);
    const perf = await post(h, '/portfolios/NEW1/performance', MARCH);
    expect(perf.summary.March.cumulative_return).toBeCloseTo(MONTH_TWR, 10);
    expect(perf.summary.March.incomplete_days).toBe(0);
    expect(codes(perf)).toEqual(['DEFAULT_CALENDAR']);
  });

  it('flags an EXPLICIT portfolio whose trades move no cash in its performance answers', async () => {
    const perf = await post(h, '/portfolios/NOLEG/performance', MARCH);
    expect(codes(perf)).toEqual(['DEFAULT_CALENDAR', 'TRADES_WITHOUT_CASH']);
    const mwr = await post(h, '/portfolios/NOLEG/performance/mwr', MARCH);
    expect(codes(mwr)).toContain('TRADES_WITHOUT_CASH');
    expect(codes(await post(h, '/portfolios/NEW1/performance/mwr', MARCH))).not.toContain(
      'TRADES_WITHOUT_CASH',
    );
  });

  it('ingested business dates override it: the series ends on the latest one, the warning goes', async () => {
    await h.ingestAndSettle({ business_dates: [{ business_date: '2024-03-22' }] });
    const series = await h.get('/portfolios/NEW1/timeseries');
    expect(series.rows.at(-1).date).toBe('2024-03-22');
    expect(series.data_warnings).toBeUndefined();
    const perf = await post(h, '/portfolios/NEW1/performance', {
      periods: [{ type: 'EXPLICIT', name: 'to 22nd', from: '2024-03-01', to: '2024-03-22' }],
    });
    // By hand on the 22nd: 60 × 55 (the 20th's price) × 0.92 + 36.80 + 2,019.40 = 5,092.20 on the 4,509 funded.
    expect(perf.summary['to 22nd'].cumulative_return).toBeCloseTo(5092.2 / 4509 - 1, 10);
  });
});
