import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cash,
  instrumentRecord,
  openPositions,
  portfolioRecord,
  price,
  trade,
} from '../positions/positions-harness.ts';
import { post, type Row } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';

/**
 * POST /portfolios/{id}/performance and /performance/mwr through the real pipeline: facts ingested, the
 * stages drained, the answers compared with hand calculations (docs/analytics/performance.md works the
 * numbers). Tolerances: the daily series are float64 sums of a few decimals, and a return links at most a
 * dozen of them, so 1e-12 absolute; a two-year series links ~740 days, 1e-10. Independent XIRRs are solved
 * here by bisection to 1e-14.
 */
const TOL = 12;

const on = (portfolio_id: string, security_id: string, over: Record<string, unknown> = {}) => ({
  portfolio_id,
  security_id,
  instrument_id: security_id,
  ...over,
});

/** Act/365F years between two dates. */
const years = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 / 365;

/** An independent XIRR: bisection on Σ cf (1 + r)^(−t) over (−0.99, 10), t in Act/365F years from the first date. */
function bisectXirr(flows: readonly [string, number][]): number {
  const t0 = flows[0]![0];
  const npv = (r: number) => flows.reduce((s, [d, cf]) => s + cf * (1 + r) ** -years(t0, d), 0);
  let lo = -0.99;
  let hi = 10;
  const sign = Math.sign(npv(lo));
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (Math.sign(npv(mid)) === sign) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * P1, the hand case (USD): 10,000 deposited (BOD) and 50 AAPL bought at 100 on 01-02; AAPL 110 on 01-03;
 * 2,000 deposited and AAPL 99 on 01-04; a FEE of 25 on cash on 01-05; 1,000 withdrawn (EOD) and AAPL 105 on
 * 01-08; AAPL 100 on 01-10; as of 01-12. Closes: 10,000; 10,500; 11,950; 11,925 (to 01-07); 11,225 (01-08,
 * 01-09); 10,975 (01-10 on).
 */
const P1 = {
  portfolios: [portfolioRecord('P1')],
  instruments: [cash, instrumentRecord('AAPL')],
  transactions: [
    trade('D1', 'DEPOSIT', '2024-01-02', '10000', '1', on('P1', 'CASH_USD')),
    trade('B1', 'BUY', '2024-01-02', '50', '100', on('P1', 'AAPL')),
    trade('B1C', 'SELL', '2024-01-02', '5000', '1', on('P1', 'CASH_USD')),
    trade('D2', 'DEPOSIT', '2024-01-04', '2000', '1', on('P1', 'CASH_USD')),
    trade('F1', 'FEE', '2024-01-05', '1', '25', on('P1', 'CASH_USD')),
    trade('W1', 'WITHDRAWAL', '2024-01-08', '1000', '1', on('P1', 'CASH_USD')),
  ],
  market_prices: [
    price('AAPL', '2024-01-02', '100'),
    price('AAPL', '2024-01-03', '110'),
    price('AAPL', '2024-01-04', '99'),
    price('AAPL', '2024-01-08', '105'),
    price('AAPL', '2024-01-10', '100'),
  ],
  business_dates: [{ business_date: '2024-01-12' }],
};

/** P1's daily returns by hand. GROSS: the fee is a flow (no gain); NET: it is a loss on that day's capital. */
const r0103 = 0.05; // 10,500 / 10,000 − 1
const r0104 = -550 / 12_500; // (11,950 − 10,500 − 2,000) / (10,500 + 2,000)
const fee0105 = -25 / 11_950; // NET only
const r0108 = 300 / 11_925; // (11,225 − 11,925 + 1,000) / 11,925
const r0110 = -250 / 11_225;
const GROSS_SI = (1 + r0103) * (1 + r0104) * (1 + r0108) * (1 + r0110) - 1;
const NET_SI = (1 + GROSS_SI) * (1 + fee0105) - 1;

/** P2: a FEE of 30 booked on a security (MSFT), paid by a cash leg: inside the value, not an external flow. */
const P2 = {
  portfolios: [portfolioRecord('P2')],
  instruments: [instrumentRecord('MSFT')],
  transactions: [
    trade('P2D', 'DEPOSIT', '2024-01-02', '10000', '1', on('P2', 'CASH_USD')),
    trade('P2B', 'BUY', '2024-01-02', '90', '100', on('P2', 'MSFT')),
    trade('P2BC', 'SELL', '2024-01-02', '9000', '1', on('P2', 'CASH_USD')),
    trade('P2F', 'FEE', '2024-01-03', '1', '30', on('P2', 'MSFT')),
    trade('P2FC', 'SELL', '2024-01-03', '30', '1', on('P2', 'CASH_USD')),
  ],
  market_prices: [price('MSFT', '2024-01-02', '100')],
};

/** P3: XYZ bought on 01-03 but first priced on 01-05: the closes of 01-03 and 01-04 are incomplete. */
const P3 = {
  portfolios: [portfolioRecord('P3')],
  instruments: [instrumentRecord('XYZ')],
  transactions: [
    trade('P3D', 'DEPOSIT', '2024-01-02', '10000', '1', on('P3', 'CASH_USD')),
    trade('P3B', 'BUY', '2024-01-03', '10', '100', on('P3', 'XYZ')),
    trade('P3BC', 'SELL', '2024-01-03', '1000', '1', on('P3', 'CASH_USD')),
  ],
  market_prices: [price('XYZ', '2024-01-05', '100'), price('XYZ', '2024-01-09', '105')],
};

/** P4: two years, all invested on day one and no flow after: 10,000 → 11,000 (2023-01-03) → 12,100 (2023-12-29). */
const P4 = {
  portfolios: [portfolioRecord('P4', { open_date: '2022-01-01' })],
  instruments: [instrumentRecord('LONG')],
  transactions: [
    trade('P4D', 'DEPOSIT', '2022-01-03', '10000', '1', on('P4', 'CASH_USD')),
    trade('P4B', 'BUY', '2022-01-03', '100', '100', on('P4', 'LONG')),
    trade('P4BC', 'SELL', '2022-01-03', '10000', '1', on('P4', 'CASH_USD')),
  ],
  market_prices: [
    price('LONG', '2022-01-03', '100'),
    price('LONG', '2023-01-03', '110'),
    price('LONG', '2023-12-29', '121'),
  ],
};

/** P5: a EUR equity in a USD portfolio: price 100 → 110 EUR (01-08), EUR/USD 1.1 → 1.2 (01-05). */
const P5 = {
  portfolios: [portfolioRecord('P5')],
  instruments: [instrumentRecord('SAP', { currency: 'EUR', country_of_risk: 'DE' })],
  fx_rates: [
    { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-01', rate: '1.1' },
    { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-05', rate: '1.2' },
  ],
  transactions: [
    trade('P5D', 'DEPOSIT', '2024-01-02', '2000', '1', on('P5', 'CASH_USD')),
    trade(
      'P5B',
      'BUY',
      '2024-01-02',
      '10',
      '100',
      on('P5', 'SAP', { trade_currency: 'EUR', currency: 'EUR' }),
    ),
    trade('P5BC', 'SELL', '2024-01-02', '1100', '1', on('P5', 'CASH_USD')),
  ],
  market_prices: [price('SAP', '2024-01-02', '100', 'EUR'), price('SAP', '2024-01-08', '110', 'EUR')],
};

describe.each(stores())('POST /portfolios/{id}/performance and /performance/mwr on $kind', (store) => {
  const h = forSuite(
    () => openPositions(store),
    async () => {
      for (const bundle of [P1, P2, P3, P4, P5]) await h.ingestAndSettle(bundle);
    },
  );

  it('P1 by hand: NET and GROSS TWR since inception, attributes, conventions', async () => {
    const net = await post(h, '/portfolios/P1/performance', {
      periods: [{ type: 'SI' }],
      options: { include_attributes: true },
    });
    expect(net.scope).toEqual({ as_of_date: '2024-01-12', reporting_currency: 'USD', net_or_gross: 'NET' });
    const si = net.summary.SI;
    expect(si).toMatchObject({
      start_date: '2024-01-01',
      end_date: '2024-01-12',
      days: 12,
      incomplete_days: 0,
    });
    expect(si.cumulative_return).toBeCloseTo(NET_SI, TOL);
    expect(si.annualized_return).toBeNull();
    expect(si.null_reasons).toEqual({
      annualized_return: 'not annualized: the period is one year or shorter',
    });
    // The original's fees were every negative flow (the fee and the withdrawal, 1,025), §14.8: ours are the FEE.
    expect(si.attributes).toEqual({
      begin_market_value: 0,
      end_market_value: 10_975,
      total_cashflow: 10_975,
      bod_cashflow: 12_000,
      eod_cashflow: -1025,
      fees: 25,
      income: 0,
    });
    expect(net.conventions).toMatchObject({
      return_unit: 'decimal',
      net_or_gross: 'NET',
      flow_timing: 'as_recorded',
      annualization_basis: 'act365_25',
    });

    const gross = await post(h, '/portfolios/P1/performance', {
      scope: { net_or_gross: 'GROSS' },
      periods: [{ type: 'SI' }],
    });
    expect(gross.summary.SI.cumulative_return).toBeCloseTo(GROSS_SI, TOL);
    expect(gross.summary.SI.attributes).toBeUndefined();
    // A fee makes NET < GROSS. The original's NET *added* its positive fees (§14.8): its fee day came out at
    // (11,925 − 11,950 + 25 + 25) / 11,950 = +0.21 %, above GROSS (0), where ours is −25 / 11,950.
    expect(si.cumulative_return).toBeLessThan(gross.summary.SI.cumulative_return);
    const fee = await post(h, '/portfolios/P1/performance', {
      periods: [{ type: 'EXPLICIT', from: '2024-01-05', to: '2024-01-05' }],
    });
    expect(fee.summary.EXPLICIT.cumulative_return).toBeCloseTo(fee0105, TOL);
  });

  it('a one-day period is that day’s return R, not the original’s (1 + R)² − 1', async () => {
    const body = await post(h, '/portfolios/P1/performance', {
      periods: [{ type: 'EXPLICIT', name: 'one day', from: '2024-01-03', to: '2024-01-03' }],
    });
    const day = body.summary['one day'];
    expect(day.cumulative_return).toBeCloseTo(0.05, TOL);
    // The original's first day of a window fed both sleeves: (1.05)² − 1 = 0.1025 (§12.2, §14.9).
    expect(day.cumulative_return).not.toBeCloseTo(1.05 ** 2 - 1, 6);
  });

  it('breakdowns: WEEKLY and DAILY buckets by hand; the legacy cumulative_return; they link to the period', async () => {
    const body = await post(h, '/portfolios/P1/performance', {
      periods: [
        { type: 'SI', breakdown: 'WEEKLY' },
        { type: 'EXPLICIT', name: 'days', from: '2024-01-03', to: '2024-01-05', breakdown: 'DAILY' },
        { type: 'MTD', breakdown: 'MONTHLY' },
      ],
      options: { include_attributes: true },
    });
    const weeks = body.breakdowns.SI;
    expect(weeks.breakdown_type).toBe('WEEKLY');
    const [w1, w2] = weeks.results as [Row, Row];
    expect(weeks.results).toHaveLength(2);
    expect(w1).toMatchObject({ start_date: '2024-01-01', end_date: '2024-01-07' });
    expect(w2).toMatchObject({ start_date: '2024-01-08', end_date: '2024-01-12' });
    const week1 = (1 + r0103) * (1 + r0104) * (1 + fee0105) - 1;
    const week2 = (1 + r0108) * (1 + r0110) - 1;
    expect(w1.weeklyReturn).toBeCloseTo(week1, TOL);
    expect(w1.cumulative_return).toBeCloseTo(week1, TOL); // the bucket's own return for WEEKLY (legacy)
    expect(w2.weeklyReturn).toBeCloseTo(week2, TOL);
    expect(w2.period_to_date_return).toBeCloseTo(NET_SI, TOL);
    expect((1 + w1.weeklyReturn) * (1 + w2.weeklyReturn) - 1).toBeCloseTo(
      body.summary.SI.cumulative_return,
      TOL,
    );
    expect(w1.attributes).toMatchObject({ begin_market_value: 0, end_market_value: 11_925, fees: 25 });
    expect(w2.attributes).toMatchObject({
      begin_market_value: 11_925,
      end_market_value: 10_975,
      eod_cashflow: -1000,
    });

    const days = body.breakdowns.days.results as Row[];
    expect(days.map((d) => d.start_date)).toEqual(['2024-01-03', '2024-01-04', '2024-01-05']);
    const expected = [r0103, r0104, fee0105];
    let toDate = 1;
    days.forEach((d, i) => {
      toDate *= 1 + expected[i]!;
      expect(d.dailyReturn).toBeCloseTo(expected[i]!, TOL);
      // DAILY's cumulative_return is the return since the period's start, as the original had it.
      expect(d.cumulative_return).toBeCloseTo(toDate - 1, TOL);
      expect(d.period_to_date_return).toBeCloseTo(toDate - 1, TOL);
    });
    const month = body.breakdowns.MTD.results as Row[];
    expect(month).toHaveLength(1);
    expect(month[0]!.monthlyReturn).toBeCloseTo(NET_SI, TOL);
  });

  it('annualized beyond one year only, (1 + R)^(365.25/days) − 1; clipped periods; YEARLY links', async () => {
    const body = await post(h, '/portfolios/P4/performance', {
      periods: [
        { type: 'SI', breakdown: 'YEARLY' },
        { type: 'ONE_YEAR' },
        { type: 'THREE_YEAR' },
        { type: 'YEAR', year: 2023 },
      ],
    });
    const si = body.summary.SI;
    expect(si).toMatchObject({ start_date: '2022-01-01', end_date: '2024-01-12', days: 742 });
    expect(si.cumulative_return).toBeCloseTo(0.21, 10);
    // The original's annualization beyond 366 days, ((1 + cum)^(365.25/days) − 1) over the inclusive days, is
    // right and reproduced.
    expect(si.annualized_return).toBeCloseTo(1.21 ** (365.25 / 742) - 1, 10);
    // Exactly one year (the closes of 2023-01-12 and 2024-01-12): not annualized. The original reported the
    // cumulative return as the annualized one for any period up to 366 days.
    const one = body.summary.ONE_YEAR;
    expect(one).toMatchObject({ start_date: '2023-01-13', end_date: '2024-01-12', days: 365 });
    expect(one.cumulative_return).toBeCloseTo(0.1, 10);
    expect(one.annualized_return).toBeNull();
    expect(one.null_reasons.annualized_return).toContain('one year or shorter');
    // THREE_YEAR of a two-year-old portfolio: clipped to the open date, and it says so.
    expect(body.summary.THREE_YEAR).toMatchObject({
      requested_start_date: '2021-01-13',
      start_date: '2022-01-01',
    });
    expect(body.summary.THREE_YEAR.cumulative_return).toBeCloseTo(0.21, 10);
    expect(body.summary['2023'].cumulative_return).toBeCloseTo(0.21, 10);
    const years = body.breakdowns.SI.results as Row[];
    expect(years.map((y) => [y.start_date, y.end_date])).toEqual([
      ['2022-01-01', '2022-12-31'],
      ['2023-01-01', '2023-12-31'],
      ['2024-01-01', '2024-01-12'],
    ]);
    expect(years.map((y) => y.yearlyReturn)).toEqual([0, expect.closeTo(0.21, 10), 0]);
    // period_to_date annualized once it spans more than a year: 2022-01-01 … 2023-12-31 is 730 days.
    expect(years[1]!.annualized_return).toBeCloseTo(1.21 ** (365.25 / 730) - 1, 10);
    expect(years[0]!.annualized_return).toBeNull();
  });

  it('MWR: XIRR by hand; mwr is the period’s return, mwr_annualized only beyond a year', async () => {
    const net = await post(h, '/portfolios/P1/performance/mwr', { periods: [{ type: 'SI' }] });
    const si = net.summary.SI;
    // Investor flows: the BOD deposit of 01-02 at the close of 01-01, the one of 01-04 at the close of 01-03,
    // the EOD withdrawal on 01-08, the closing value on 01-12. NET leaves the FEE (on cash) out of them.
    const flows: [string, number][] = [
      ['2024-01-01', -10_000],
      ['2024-01-03', -2000],
      ['2024-01-08', 1000],
      ['2024-01-12', 10_975],
    ];
    // x is the original's XIRR (Act/365, §12.3), right as an annual rate; its bug was reporting it as the
    // period's mwr.
    const x = bisectXirr(flows);
    expect(si.method).toBe('xirr');
    expect(si.years).toBeCloseTo(11 / 365, 14);
    expect(si.mwr).toBeCloseTo((1 + x) ** (11 / 365) - 1, TOL);
    // The original's mwr was the annual rate x itself, here ≈ −7 % for an 11-day loss of 0.2 % (§14.10).
    expect(Math.abs(x)).toBeGreaterThan(10 * Math.abs(si.mwr));
    expect(si.mwr_annualized).toBeNull();
    expect(si.attributes).toEqual({
      begin_market_value: 0,
      end_market_value: 10_975,
      external_contributions: 12_000,
      external_withdrawals: -1000,
      cashflow_count: 3,
    });
    expect(net.conventions).toMatchObject({ return_unit: 'decimal', method: 'xirr', day_count: 'act365f' });

    const gross = await post(h, '/portfolios/P1/performance/mwr', {
      scope: { net_or_gross: 'GROSS' },
      periods: [{ type: 'SI' }],
    });
    const xg = bisectXirr([...flows.slice(0, 2), ['2024-01-05', 25], ...flows.slice(2)]);
    expect(gross.summary.SI.mwr).toBeCloseTo((1 + xg) ** (11 / 365) - 1, TOL);
    expect(gross.summary.SI.mwr).toBeGreaterThan(si.mwr);

    // Two years, two flows: xirr = (12,100 / 10,000)^(365/740) − 1 from the close of 2022-01-02.
    const long = await post(h, '/portfolios/P4/performance/mwr', {
      periods: [{ type: 'SI' }, { type: 'YTD' }],
    });
    expect(long.summary.SI.mwr).toBeCloseTo(0.21, 10);
    expect(long.summary.SI.mwr_annualized).toBeCloseTo(1.21 ** (365 / 740) - 1, 10);
    expect(long.summary.SI.years).toBeCloseTo(740 / 365, 12);
    expect(long.summary.YTD.mwr).toBeCloseTo(0, 12);
    const off = await post(h, '/portfolios/P4/performance/mwr', {
      periods: [{ type: 'SI' }],
      options: { annualize: false },
    });
    expect(off.summary.SI.mwr_annualized).toBeNull();
    expect(off.summary.SI.null_reasons.mwr_annualized).toContain('annualize is false');
  });

  it('a FEE booked on a security is inside the value: NET = −30 / 10,000, GROSS 0', async () => {
    const net = await post(h, '/portfolios/P2/performance', { periods: [{ type: 'SI' }] });
    const gross = await post(h, '/portfolios/P2/performance', {
      scope: { net_or_gross: 'GROSS' },
      periods: [{ type: 'SI' }],
    });
    expect(net.summary.SI.cumulative_return).toBeCloseTo(-0.003, TOL);
    expect(gross.summary.SI.cumulative_return).toBeCloseTo(0, TOL);
    // MWR: NET (−10,000 then 9,970) is −0.3 %; GROSS counts the fee as money the investor got back: 0.
    const mwrNet = await post(h, '/portfolios/P2/performance/mwr', { periods: [{ type: 'SI' }] });
    const mwrGross = await post(h, '/portfolios/P2/performance/mwr', {
      scope: { net_or_gross: 'GROSS' },
      periods: [{ type: 'SI' }],
    });
    expect(mwrNet.summary.SI.mwr).toBeCloseTo(-0.003, TOL);
    expect(mwrGross.summary.SI.mwr).toBeCloseTo(0, TOL);
  });

  it('incomplete valuations: null with the reason, counted; periods and MWR around them still answer', async () => {
    const body = await post(h, '/portfolios/P3/performance', {
      periods: [
        { type: 'SI', breakdown: 'DAILY' },
        { type: 'EXPLICIT', name: 'after', from: '2024-01-06', to: '2024-01-12' },
        { type: 'EXPLICIT', name: 'from 01-05', from: '2024-01-05', to: '2024-01-12' },
      ],
      options: { include_attributes: true },
    });
    const si = body.summary.SI;
    expect(si.cumulative_return).toBeNull();
    expect(si.incomplete_days).toBe(2);
    // Issue 10: the answer says so, with the first date and the reasons, once each.
    expect(si).toMatchObject({
      complete: false,
      first_incomplete_date: '2024-01-03',
      incomplete_reasons: ['NO_PRICE XYZ'],
    });
    expect(si.null_reasons.cumulative_return).toBe(
      'the valuation at the close of 2024-01-03 is incomplete (NO_PRICE XYZ)',
    );
    // The close of 01-05 is complete: 10,000 → 9,000 + 10 × 105 on 01-12.
    expect(body.summary.after.cumulative_return).toBeCloseTo(0.005, TOL);
    expect(body.summary.after).toMatchObject({
      complete: true,
      incomplete_days: 0,
      first_incomplete_date: null,
      incomplete_reasons: [],
    });
    // From 01-05 the opening value is the close of 01-04, which is incomplete.
    expect(body.summary['from 01-05'].cumulative_return).toBeNull();
    expect(body.summary['from 01-05'].attributes.begin_market_value).toBeNull();
    expect(body.summary['from 01-05'].null_reasons['attributes.begin_market_value']).toContain('2024-01-04');
    const days = Object.fromEntries((body.breakdowns.SI.results as Row[]).map((d) => [d.start_date, d]));
    expect(days['2024-01-02']!.dailyReturn).toBe(0);
    for (const d of ['2024-01-03', '2024-01-04', '2024-01-05']) expect(days[d]!.dailyReturn, d).toBeNull();
    expect(days['2024-01-09']!.dailyReturn).toBeCloseTo(50 / 10_000, TOL);
    expect(days['2024-01-09']!.period_to_date_return).toBeNull();
    // MWR reads only the two closes and the flows: −10,000 then 10,050.
    const mwr = await post(h, '/portfolios/P3/performance/mwr', { periods: [{ type: 'SI' }] });
    expect(mwr.summary.SI.mwr).toBeCloseTo(0.005, TOL);
    expect(mwr.summary.SI).toMatchObject({
      complete: false,
      incomplete_days: 2,
      first_incomplete_date: '2024-01-03',
      incomplete_reasons: ['NO_PRICE XYZ'],
    });
    expect(days['2024-01-04']).toMatchObject({ complete: false, first_incomplete_date: '2024-01-03' });
    const contribution = await post(h, '/portfolios/P3/contribution', { period: { type: 'SI' } });
    expect(contribution).toMatchObject({
      portfolio_return: null,
      complete: false,
      incomplete_days: 2,
      first_incomplete_date: '2024-01-03',
      incomplete_reasons: ['NO_PRICE XYZ'],
    });
    const risk = await post(h, '/portfolios/P3/risk', { periods: [{ type: 'SI' }] });
    expect(risk.results.SI).toMatchObject({
      complete: false,
      incomplete_days: 2,
      first_incomplete_date: '2024-01-03',
      incomplete_reasons: ['NO_PRICE XYZ'],
    });
  });

  it('position level in local and base currency', async () => {
    const body = await post(h, '/portfolios/P5/performance', {
      periods: [{ type: 'SI' }],
      options: { include_positions: true },
    });
    const si = body.summary.SI;
    // 2,000 USD in; SAP 10 × 110 EUR × 1.2 = 1,320 and 900 USD cash at the end.
    expect(si.cumulative_return).toBeCloseTo(0.11, TOL);
    const by = Object.fromEntries((si.positions as Row[]).map((p) => [p.security_id, p]));
    expect(Object.keys(by)).toEqual(['CASH_USD', 'SAP']);
    expect(by.SAP).toMatchObject({ currency: 'EUR', is_cash: false, incomplete_days: 0 });
    expect(by.SAP.local_return).toBeCloseTo(0.1, TOL); // 100 → 110 EUR
    expect(by.SAP.base_return).toBeCloseTo(0.2, TOL); // 1,100 → 1,320 USD
    expect(by.SAP.currency_return).toBeCloseTo(1.2 / 1.1 - 1, TOL);
    expect(by.CASH_USD.base_return).toBeCloseTo(0, TOL);
  });

  it('a price restated after a query changes the next answer (the cached series follows its version)', async () => {
    const oneDay = { periods: [{ type: 'EXPLICIT', name: 'd', from: '2024-01-10', to: '2024-01-10' }] };
    // 01-10: no flows, BOD = the 01-09 close 11,225; EOD 10,975 with AAPL at 100, 10,475 at 90.
    const before = await post(h, '/portfolios/P1/performance', oneDay);
    expect(before.summary.d.cumulative_return).toBeCloseTo(10_975 / 11_225 - 1, TOL);
    await h.ingestAndSettle({ market_prices: [price('AAPL', '2024-01-10', '90')] });
    const after = await post(h, '/portfolios/P1/performance', oneDay);
    expect(after.summary.d.cumulative_return).toBeCloseTo(10_475 / 11_225 - 1, TOL);
  });

  it('errors: an unknown period type is a 422 (never an empty answer); 404; a reporting currency; past the series', async () => {
    // The original resolved an unknown type (ONE_YEAR among them) to an empty period and answered 200.
    for (const url of ['/portfolios/P1/performance', '/portfolios/P1/performance/mwr']) {
      const unknown = await post(h, url, { periods: [{ type: 'YTD' }, { type: 'TWO_YEAR' }] }, 422);
      expect(unknown.errors).toEqual([
        { index: 1, field: 'periods[1].type', message: expect.stringContaining('ONE_YEAR') },
      ]);
      await post(h, url.replace('P1', 'NOPE'), { periods: [{ type: 'YTD' }] }, 404);
      // Another currency converts (test/analytics/reporting-currency.test.ts); a malformed code is a 422.
      const currency = await post(
        h,
        url,
        { scope: { reporting_currency: 'EURO' }, periods: [{ type: 'YTD' }] },
        422,
      );
      expect(currency.errors[0].field).toBe('scope.reporting_currency');
    }
    const past = await post(h, '/portfolios/P1/performance', {
      scope: { as_of_date: '2024-01-20' },
      periods: [{ type: 'MTD' }],
    });
    expect(past.summary.MTD.cumulative_return).toBeNull();
    expect(past.summary.MTD.null_reasons.cumulative_return).toBe('the daily series end on 2024-01-12');
    const options = await post(
      h,
      '/portfolios/P1/performance',
      { periods: [{ type: 'SI' }], options: { include_everything: true } },
      422,
    );
    expect(options.errors).toEqual([
      { index: 0, field: 'options.include_everything', message: 'is not a known field' },
    ]);
  });
});

// ─── Properties on the pipeline's own series ─────────────────────────────────────────────────────────────

interface Scenario {
  /** Daily price multipliers, one per calendar day from 2024-01-03. */
  moves: number[];
  /** Deposits (+) and withdrawals (−) on day indices, in whole units. */
  flows: { day: number; amount: number }[];
}

const isoDay = (i: number) => new Date(Date.UTC(2024, 0, 2 + i)).toISOString().slice(0, 10);

/** One portfolio Q: 10,000 deposited and invested in QQQ at 100 on day 0, QQQ priced every day. */
function bundleOf(s: Scenario) {
  const prices = [100];
  for (const m of s.moves) prices.push(Number((prices[prices.length - 1]! * m).toFixed(4)));
  return {
    prices,
    bundle: {
      portfolios: [portfolioRecord('Q')],
      instruments: [cash, instrumentRecord('QQQ')],
      transactions: [
        trade('QD', 'DEPOSIT', isoDay(0), '10000', '1', on('Q', 'CASH_USD')),
        trade('QB', 'BUY', isoDay(0), '100', '100', on('Q', 'QQQ')),
        trade('QBC', 'SELL', isoDay(0), '10000', '1', on('Q', 'CASH_USD')),
        ...s.flows.map((f, i) =>
          f.amount > 0
            ? trade(`QF${i}`, 'DEPOSIT', isoDay(f.day), String(f.amount), '1', on('Q', 'CASH_USD'))
            : trade(`QF${i}`, 'WITHDRAWAL', isoDay(f.day), String(-f.amount), '1', on('Q', 'CASH_USD')),
        ),
      ],
      market_prices: prices.map((p, i) => price('QQQ', isoDay(i), String(p))),
      business_dates: [{ business_date: isoDay(prices.length - 1) }],
    },
  };
}

/** Keeps the flows a cash account can pay: no withdrawal beyond the cash deposited before it (none is invested). */
function payable(flows: Scenario['flows']): Scenario['flows'] {
  let balance = 0;
  const out: Scenario['flows'] = [];
  for (const f of [...flows].sort((a, b) => a.day - b.day || b.amount - a.amount)) {
    if (f.amount === 0 || balance + f.amount < 0) continue;
    balance += f.amount;
    out.push(f);
  }
  return out;
}

const scenarioArb = (withFlows: boolean): fc.Arbitrary<Scenario> =>
  fc.integer({ min: 20, max: 70 }).chain((n) =>
    fc.record({
      moves: fc.array(fc.double({ min: 0.96, max: 1.04, noNaN: true }), { minLength: n, maxLength: n }),
      flows: withFlows
        ? fc
            .array(
              fc.record({
                day: fc.integer({ min: 1, max: n }),
                amount: fc.integer({ min: -2000, max: 3000 }),
              }),
              { maxLength: 5 },
            )
            .map(payable)
        : fc.constant([]),
    }),
  );

describe('properties on the pipeline series (PGlite)', () => {
  const h = forSuite(() => openPositions(stores()[0]!));

  it('no flows after funding: the SI TWR is end value / start value − 1, and so is any EXPLICIT period', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(false), fc.nat(), async (s, pick) => {
        await h.reset();
        const { prices, bundle } = bundleOf(s);
        await h.ingestAndSettle(bundle);
        const k = 1 + (pick % (prices.length - 1));
        const body = await post(h, '/portfolios/Q/performance', {
          periods: [
            { type: 'SI' },
            { type: 'EXPLICIT', name: 'k', from: isoDay(k), to: isoDay(prices.length - 1) },
          ],
        });
        const last = prices[prices.length - 1]!;
        // Values are 100 × price: the ratio of two closes is the ratio of the prices (1e-12 relative).
        expect(body.summary.SI.cumulative_return).toBeCloseTo(last / 100 - 1, 11);
        expect(body.summary.k.cumulative_return).toBeCloseTo(last / prices[k - 1]! - 1, 11);
      }),
      { numRuns: 15 },
    );
  }, 300_000);

  it('with flows: MONTHLY and WEEKLY buckets link to the period, and the TWR is Π of the price moves', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb(true), async (s) => {
        await h.reset();
        const { prices, bundle } = bundleOf(s);
        await h.ingestAndSettle(bundle);
        const body = await post(h, '/portfolios/Q/performance', {
          periods: [
            { type: 'SI', name: 'months', breakdown: 'MONTHLY' },
            { type: 'SI', name: 'weeks', breakdown: 'WEEKLY' },
          ],
        });
        const whole = body.summary.months.cumulative_return;
        for (const name of ['months', 'weeks']) {
          const key = name === 'months' ? 'monthlyReturn' : 'weeklyReturn';
          const linked = (body.breakdowns[name].results as Row[]).reduce((g, b) => g * (1 + b[key]), 1) - 1;
          expect(linked).toBeCloseTo(whole, 12);
        }
        // Independently: the day's capital is QQQ plus idle cash; only QQQ moves. Deposits arrive at the
        // open (BOD), withdrawals at the close (EOD), and neither moves the return: Π over days of
        // (1 + 100 × Δprice / capital at the open).
        let cashBalance = 0;
        let growth = 1;
        for (let d = 1; d < prices.length; d++) {
          const deposits = s.flows
            .filter((f) => f.day === d && f.amount > 0)
            .reduce((a, f) => a + f.amount, 0);
          const withdrawals = s.flows
            .filter((f) => f.day === d && f.amount < 0)
            .reduce((a, f) => a + f.amount, 0);
          const open = 100 * prices[d - 1]! + cashBalance + deposits;
          growth *= 1 + (100 * (prices[d]! - prices[d - 1]!)) / open;
          cashBalance += deposits + withdrawals;
        }
        expect(whole).toBeCloseTo(growth - 1, 10);
      }),
      { numRuns: 15 },
    );
  }, 300_000);
});
