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
 * The original's contracts of issue 16 through the real pipeline (facts ingested, stages drained): the legacy
 * summary (POST /portfolios/{id}/summary, seed-system.md §12.6), priced cash and the overdraft fee. Every
 * expected figure is worked by hand in the comments. Tolerance: the series are float64 sums of a few exact
 * decimals, 1e-9 absolute.
 */
const TOL = 9;

const P =
  (id: string) =>
  (tid: string, type: string, date: string, q: string, p: string, sec: string, over = {}) =>
    trade(tid, type, date, q, p, { portfolio_id: id, ...on(sec, over) });

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
const s = P('S');
const S = {
  portfolios: [portfolioRecord('S')],
  instruments: [cash, instrumentRecord('AAPL')],
  transactions: [
    s('S01', 'DEPOSIT', '2024-01-02', '10000', '1', 'CASH_USD'),
    s('S02', 'BUY', '2024-01-02', '50', '100', 'AAPL'),
    s('S03', 'SELL', '2024-01-02', '5000', '1', 'CASH_USD'),
    s('S04', 'DEPOSIT', '2024-01-15', '2000', '1', 'CASH_USD'),
    s('S05', 'DIVIDEND', '2024-01-16', '0', '0', 'AAPL', { gross_transaction_amount: '40' }),
    s('S06', 'BUY', '2024-01-16', '40', '1', 'CASH_USD'),
    s('S07', 'INTEREST', '2024-01-17', '0', '0', 'CASH_USD', { gross_transaction_amount: '12' }),
    s('S08', 'BUY', '2024-01-17', '12', '1', 'CASH_USD'),
    s('S09', 'SELL', '2024-01-18', '20', '120', 'AAPL'),
    s('S10', 'BUY', '2024-01-18', '2400', '1', 'CASH_USD'),
    s('S11', 'FEE', '2024-01-19', '1', '25', 'CASH_USD'),
    s('S12', 'TRANSFER_IN', '2024-01-20', '500', '1', 'CASH_USD'),
    s('S13', 'WITHDRAWAL', '2024-01-22', '1000', '1', 'CASH_USD'),
    s('S14', 'TRANSFER_OUT', '2024-01-24', '300', '1', 'CASH_USD'),
  ],
  market_prices: [
    price('AAPL', '2024-01-02', '100'),
    price('AAPL', '2024-01-09', '110'),
    price('AAPL', '2024-01-25', '130'),
  ],
  business_dates: [{ business_date: '2024-01-31' }],
};

/**
 * C, the original's priced cash: 1,000 deposited into a cash instrument on 03-01, priced 1.02 that day and
 * 1.05 from 03-15 (carried forward between). March: 1,000 in, 1,050 at the end: +5 %. Days 03-01 … 03-14 are
 * worth 1,020; the first day's return is 1,020 / 1,000 − 1 = 2 %, the link to 03-15 1,050 / 1,020 − 1.
 */
const C = {
  portfolios: [portfolioRecord('C', { open_date: '2024-03-01' })],
  instruments: [instrumentRecord('MMF_USD', { product_type: 'Cash', asset_class: 'Cash', sector: null })],
  transactions: [P('C')('C1', 'DEPOSIT', '2024-03-01', '1000', '1', 'MMF_USD')],
  market_prices: [price('MMF_USD', '2024-03-01', '1.02'), price('MMF_USD', '2024-03-15', '1.05')],
  business_dates: [{ business_date: '2024-03-31' }],
};

/** O, the original's overdraft: a fee of 25 on an empty cash account; and an oversold security beside it. */
const O = {
  portfolios: [portfolioRecord('O')],
  instruments: [cash, instrumentRecord('MSFT')],
  transactions: [
    P('O')('O1', 'FEE', '2024-01-03', '1', '25', 'CASH_USD'),
    P('O')('O2', 'SELL', '2024-01-04', '5', '100', 'MSFT'),
  ],
  market_prices: [price('MSFT', '2024-01-02', '100')],
  business_dates: [{ business_date: '2024-01-05' }],
};

describe.each(stores())("the original's contracts (issue 16) on $kind", (store) => {
  const h = forSuite(
    () => openPositions(store),
    async () => {
      await h.ingestAndSettle(S);
      await h.ingestAndSettle(C);
      await h.ingestAndSettle(O, 'complete_with_problems');
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
});
