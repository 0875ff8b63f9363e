import { Decimal as Decimal20 } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  cash,
  ingestDemo,
  instrumentRecord,
  on,
  openPositions,
  portfolioRecord,
  price,
  trade,
} from '../positions/positions-harness.ts';
import { post, type Row } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';

/** Exact sums of booked amounts (the default 20 significant digits would round them). */
const Decimal = Decimal20.clone({ precision: 60 });

/** Valuations of the small case are products of a few decimals: absolute 1e-9. */
const TOL = 9;

/**
 * The small case, worked by hand in docs/analytics/pnl.md: a USD portfolio with a deposit, a USD and a EUR
 * equity bought with their cash legs, a price move, an FX move, a dividend, a fee, a partial sale, a second
 * deposit and a withdrawal.
 */
const smallCase = {
  portfolios: [portfolioRecord('P1', { open_date: '2024-01-01' })],
  instruments: [
    cash,
    instrumentRecord('AAPL'),
    instrumentRecord('SAP', { currency: 'EUR', country_of_risk: 'DE' }),
  ],
  fx_rates: [
    { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-01', rate: '1.1' },
    { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-10', rate: '1.2' },
  ],
  transactions: [
    trade('D1', 'DEPOSIT', '2024-01-02', '20000', '1', on('CASH_USD')),
    trade('B1', 'BUY', '2024-01-03', '100', '100', on('AAPL', { trade_fee: '10' })),
    trade('B1C', 'SELL', '2024-01-03', '10010', '1', on('CASH_USD')),
    trade('B2', 'BUY', '2024-01-03', '50', '100', on('SAP', { trade_currency: 'EUR', currency: 'EUR' })),
    trade('B2C', 'SELL', '2024-01-03', '5500', '1', on('CASH_USD')),
    trade('D2', 'DEPOSIT', '2024-01-08', '500', '1', on('CASH_USD')),
    trade('V1', 'DIVIDEND', '2024-01-09', '0', '0', on('AAPL', { gross_transaction_amount: '50' })),
    trade('V1C', 'BUY', '2024-01-09', '50', '1', on('CASH_USD')),
    trade('F1', 'FEE', '2024-01-10', '1', '25', on('CASH_USD')),
    trade('S1', 'SELL', '2024-01-11', '40', '110', on('AAPL', { trade_fee: '4' })),
    trade('S1C', 'BUY', '2024-01-11', '4396', '1', on('CASH_USD')),
    trade('W1', 'WITHDRAWAL', '2024-01-12', '1000', '1', on('CASH_USD')),
  ],
  market_prices: [
    price('AAPL', '2024-01-03', '100'),
    price('AAPL', '2024-01-08', '110'),
    price('SAP', '2024-01-03', '100', 'EUR'),
    price('SAP', '2024-01-08', '104', 'EUR'),
  ],
  business_dates: [{ business_date: '2024-01-15' }],
};

/**
 * Realized gains across tax years: 10 MSFT bought 2022-06-01 for 500, 5 bought 2023-12-01 for 300, 12 sold
 * 2024-01-11 at 80 less a fee of 6 (proceeds 954), FIFO.
 */
const gainsCase = {
  portfolios: [portfolioRecord('P2', { open_date: '2022-06-01' })],
  instruments: [cash, instrumentRecord('MSFT')],
  transactions: [
    trade('P2D', 'DEPOSIT', '2022-06-01', '1000', '1', on('CASH_USD', { portfolio_id: 'P2' })),
    trade('P2B1', 'BUY', '2022-06-01', '10', '50', on('MSFT', { portfolio_id: 'P2' })),
    trade('P2B1C', 'SELL', '2022-06-01', '500', '1', on('CASH_USD', { portfolio_id: 'P2' })),
    trade('P2B2', 'BUY', '2023-12-01', '5', '60', on('MSFT', { portfolio_id: 'P2' })),
    trade('P2B2C', 'SELL', '2023-12-01', '300', '1', on('CASH_USD', { portfolio_id: 'P2' })),
    trade('P2S', 'SELL', '2024-01-11', '12', '80', on('MSFT', { portfolio_id: 'P2', trade_fee: '6' })),
    trade('P2SC', 'BUY', '2024-01-11', '954', '1', on('CASH_USD', { portfolio_id: 'P2' })),
  ],
  market_prices: [price('MSFT', '2022-06-01', '50'), price('MSFT', '2024-01-11', '80')],
};

describe.each(stores())('POST /portfolios/{id}/pnl on $kind', (store) => {
  const h = forSuite(
    () => openPositions(store),
    async () => {
      await h.ingestAndSettle(smallCase);
      await h.ingestAndSettle(gainsCase);
    },
  );

  it('the small case: every figure as worked by hand, and the identities', async () => {
    const body = await post(h, '/portfolios/P1/pnl', {
      periods: [
        { type: 'EXPLICIT', name: 'after buys', start_date: '2024-01-05', end_date: '2024-01-15' },
        { type: 'SI' },
      ],
    });
    expect(body).toMatchObject({ portfolio_id: 'P1', base_currency: 'USD', as_of_date: '2024-01-15' });
    expect(body.conventions.currency_effect).toBe('DAILY_BASE_MINUS_LOCAL_AT_DAY_RATE');
    const [window, si] = body.periods as [Row, Row];

    // EOD 01-04: 4,490 cash + 100 AAPL × 100 + 50 SAP × 100 EUR × 1.10 = 19,990.
    // EOD 01-15: 8,411 cash + 60 AAPL × 110 + 50 SAP × 104 EUR × 1.20 = 21,251.
    expect(window).toMatchObject({
      name: 'after buys',
      start_date: '2024-01-05',
      end_date: '2024-01-15',
      days: 11,
      net_flows: '-500',
      contributions: '500',
      withdrawals: '1000',
      realized_gain_loss: '392', // 4,396 − 40/100 × 10,010
      realized_gain_loss_price: '392',
      realized_gain_loss_fx: '0',
      income: '50',
      fees: '25',
      taxes: '0',
      other_gain_loss: '0',
      internal_flow_imbalance: '0',
      trade_fees: '4',
      complete: true,
      null_reasons: {},
    });
    expect(window.start_value).toBeCloseTo(19_990, TOL);
    expect(window.end_value).toBeCloseTo(21_251, TOL);
    expect(window.total_pnl).toBeCloseTo(1761, TOL);
    // AAPL −10 → 594 (60 × 110 − 6,006); SAP 0 → 740 (6,240 − 5,500).
    expect(window.unrealized_gain_loss_change).toBeCloseTo(604 + 740, TOL);
    // The FX move 1.10 → 1.20 on 01-10 on the 5,200 EUR of SAP held overnight.
    expect(window.currency_effect).toBeCloseTo(520, TOL);
    expect(window.price_effect).toBeCloseTo(1241, TOL);
    expect(window.residual).toBeCloseTo(0, TOL);
    // end = start + flows + total; total = realized + unrealized + income − fees − taxes + other + imbalance.
    expect(window.end_value - window.start_value - Number(window.net_flows) - window.total_pnl).toBeCloseTo(
      0,
      TOL,
    );
    expect(392 + window.unrealized_gain_loss_change + 50 - 25 + window.residual).toBeCloseTo(
      window.total_pnl,
      TOL,
    );

    const by = Object.fromEntries((window.by_position as Row[]).map((p) => [p.security_id, p]));
    expect(Object.keys(by)).toEqual(['AAPL', 'CASH_USD', 'SAP']);
    expect(by.CASH_USD).toMatchObject({ is_cash: true, currency: 'USD', net_flows: '3946', fees: '25' });
    expect(by.CASH_USD.total_pnl).toBeCloseTo(-25, TOL);
    expect(by.AAPL).toMatchObject({
      net_flows: '-4446',
      realized_gain_loss: '392',
      income: '50',
      trade_fees: '4',
    });
    expect(by.AAPL.total_pnl).toBeCloseTo(1046, TOL);
    expect(by.SAP).toMatchObject({ currency: 'EUR', net_flows: '0' });
    expect(by.SAP.total_pnl).toBeCloseTo(740, TOL);
    expect(by.SAP.currency_effect).toBeCloseTo(520, TOL);
    expect(by.SAP.price_effect).toBeCloseTo(220, TOL); // 200 EUR of price gain at 1.10

    // Since inception: from nothing; the buys' trade fee (10) is in AAPL's cost, not in fees.
    expect(si).toMatchObject({
      start_date: '2024-01-01',
      net_flows: '19500',
      contributions: '20500',
      realized_gain_loss: '392',
      trade_fees: '14',
    });
    expect(si.start_value).toBe(0);
    expect(si.total_pnl).toBeCloseTo(21_251 - 19_500, TOL);
    expect(si.unrealized_gain_loss_change).toBeCloseTo(594 + 740, TOL);
    expect(si.currency_effect).toBeCloseTo(520, TOL);
    expect(si.residual).toBeCloseTo(0, TOL);
  });

  it('include_positions: false leaves by_position out', async () => {
    const body = await post(h, '/portfolios/P1/pnl', {
      periods: [{ type: 'MTD' }],
      include_positions: false,
    });
    expect(body.periods[0].by_position).toBeUndefined();
    expect(body.periods[0].total_pnl).toBeCloseTo(1751, TOL);
  });

  it('404 for an unknown portfolio; 422 naming the field for a bad period', async () => {
    await post(h, '/portfolios/NOPE/pnl', { periods: [{ type: 'YTD' }] }, 404);
    await post(h, '/portfolios/NOPE/pnl/realized-gains', {}, 404);
    const unknown = await post(
      h,
      '/portfolios/P1/pnl',
      { periods: [{ type: 'YTD' }, { type: 'TWO_YEAR' }] },
      422,
    );
    expect(unknown.errors).toEqual([
      { index: 1, field: 'periods[1].type', message: expect.stringContaining('ONE_YEAR') },
    ]);
    const backwards = await post(
      h,
      '/portfolios/P1/pnl',
      { periods: [{ type: 'EXPLICIT', from: '2024-01-10', to: '2024-01-05' }] },
      422,
    );
    expect(backwards.errors).toEqual([
      {
        index: 0,
        field: 'periods[0].to',
        message: 'ends (2024-01-05) before the period starts (2024-01-10)',
      },
    ]);
    const before = await post(h, '/portfolios/P1/pnl', { periods: [{ type: 'YEAR', year: 2023 }] }, 422);
    expect(before.errors[0].field).toBe('periods[0].year');
    const gains = await post(h, '/portfolios/P1/pnl/realized-gains', { tax_year_start: '02-29' }, 422);
    expect(gains.errors[0].field).toBe('tax_year_start');
  });

  it('an as_of_date past the series: valued figures null with the reason, booked ones still given', async () => {
    const body = await post(h, '/portfolios/P1/pnl', {
      as_of_date: '2024-01-20',
      periods: [{ type: 'MTD' }],
    });
    const [p] = body.periods;
    expect(p.end_value).toBeNull();
    expect(p.total_pnl).toBeNull();
    expect(p.null_reasons.end_value).toContain('the daily series end on 2024-01-15');
    expect(p.complete).toBe(false);
    expect(p.realized_gain_loss).toBe('392');
  });

  it('realized gains: per lot and tax year, hand-worked', async () => {
    const p1 = await post(h, '/portfolios/P1/pnl/realized-gains', undefined);
    expect(p1.period).toMatchObject({ type: 'SI', start_date: '2024-01-01', end_date: '2024-01-15' });
    expect(p1.tax_years).toHaveLength(1);
    expect(p1.tax_years[0].disposals).toEqual([
      {
        disposal_date: '2024-01-11',
        transaction_id: 'S1',
        security_id: 'AAPL',
        lot_id: 'LOT-B1',
        acquisition_date: '2024-01-03',
        quantity: '40',
        cost: '4004',
        proceeds: '4396',
        gain: '392',
        holding_period_days: 8,
        term: 'SHORT',
      },
    ]);
    // Cash legs are sales of cash lots at cost: in the report only on request, with a gain of 0.
    const withCash = await post(h, '/portfolios/P1/pnl/realized-gains', { include_cash: true });
    expect(withCash.totals).toMatchObject({ gain: '392', disposal_count: 3 });

    const p2 = await post(h, '/portfolios/P2/pnl/realized-gains', {
      as_of_date: '2024-01-15',
      tax_year_start: '04-06',
    });
    expect(p2.conventions).toEqual({
      tax_year_start: '04-06',
      long_term_after_days: 365,
      proceeds_allocation: 'PRO_RATA_BY_QUANTITY',
      include_cash: false,
      booked_amounts: 'EXACT_DECIMAL_STRING',
    });
    expect(p2.tax_years.map((y: Row) => [y.tax_year, y.start_date, y.end_date, y.gain])).toEqual([
      ['2022/2023', '2022-04-06', '2023-04-05', '0'],
      ['2023/2024', '2023-04-06', '2024-04-05', '334'],
    ]);
    expect(
      p2.tax_years[1].disposals.map((d: Row) => [
        d.lot_id,
        d.quantity,
        d.cost,
        d.proceeds,
        d.gain,
        d.holding_period_days,
        d.term,
      ]),
    ).toEqual([
      ['LOT-P2B1', '10', '500', '795', '295', 589, 'LONG'],
      ['LOT-P2B2', '2', '120', '159', '39', 41, 'SHORT'],
    ]);
    expect(p2.totals).toMatchObject({ short_term_gain: '39', long_term_gain: '295' });
    // The same sale in the P&L: its booked realized P&L is the report's gain.
    const pnl = await post(h, '/portfolios/P2/pnl', { as_of_date: '2024-01-15', periods: [{ type: 'SI' }] });
    expect(pnl.periods[0].realized_gain_loss).toBe('334');
    expect(pnl.periods[0].residual).toBeCloseTo(0, TOL);
  });
});

describe.each(stores())('P&L identity on the demo data set on $kind', (store) => {
  const h = forSuite(() => openPositions(store));

  it('every portfolio and period: the decomposition adds up and agrees with the daily series', async () => {
    const data = await ingestDemo(h, { seed: 7, portfolios: 2, years: 1, endDate: '2024-06-28' });
    const periods = [
      { type: 'SI' },
      { type: 'YTD' },
      { type: 'QTD' },
      { type: 'MTD' },
      { type: 'ONE_YEAR' },
      { type: 'YEAR', year: 2023 },
      { type: 'EXPLICIT', from: '2023-11-17', to: '2024-02-29' },
    ];
    for (const { portfolio_id } of data.portfolios) {
      const body = await post(h, `/portfolios/${portfolio_id}/pnl`, { periods });
      const gains = await post(h, `/portfolios/${portfolio_id}/pnl/realized-gains`, {});
      for (const p of body.periods as Row[]) {
        const at = `${portfolio_id} ${p.name}`;
        expect(p.complete, at).toBe(true);
        /**
         * Tolerance: 1e-6 of the largest magnitude in play. The residual is float rounding of sums over a
         * year of values around 10^6 (|error| ~ 1e-9 × 10^6 per operation), far below it.
         */
        const scale = Math.max(
          1,
          Math.abs(p.start_value),
          Math.abs(p.end_value),
          Number(p.contributions) + Number(p.withdrawals),
        );
        const tol = 1e-6 * scale;
        expect(Math.abs(p.residual), at).toBeLessThanOrEqual(tol);
        expect(
          Math.abs(p.end_value - p.start_value - Number(p.net_flows) - p.total_pnl),
          at,
        ).toBeLessThanOrEqual(tol);
        const explained =
          Number(p.realized_gain_loss) +
          p.unrealized_gain_loss_change +
          Number(p.income) -
          Number(p.fees) -
          Number(p.taxes) +
          Number(p.other_gain_loss) +
          Number(p.internal_flow_imbalance);
        expect(Math.abs(p.total_pnl - explained), at).toBeLessThanOrEqual(tol);
        expect(Math.abs(p.price_effect + p.currency_effect - p.total_pnl), at).toBeLessThanOrEqual(tol);
        // The demo books everything at book cost (no transfers, no foreign cash): nothing in other_gain_loss.
        expect(p.other_gain_loss, at).toBe('0');
        // Its foreign trades' cash legs are rounded to the cent: half a cent per trade at most.
        expect(Math.abs(Number(p.internal_flow_imbalance)), at).toBeLessThanOrEqual(0.005 * 300);

        const positions = p.by_position as Row[];
        const sumTotal = positions.reduce((s, q) => s + q.total_pnl, 0);
        expect(Math.abs(sumTotal + Number(p.internal_flow_imbalance) - p.total_pnl), at).toBeLessThanOrEqual(
          tol,
        );
        for (const q of positions)
          expect(Math.abs(q.residual), `${at} ${q.security_id}`).toBeLessThanOrEqual(tol);

        // Independently, from the portfolio daily series (the series stage's own sums): its flows count the
        // demo's FEEs (all booked on cash) as external outflows, which here are P&L; so series flows + fees =
        // net flows, and Σ (EOD − BOD − series flows) − fees = total P&L.
        const [series] = await h.db.query<{ flows: number; pnl: number }>(
          `SELECT sum(bod_cashflow + eod_cashflow) AS flows,
                  sum(eod_market_value - bod_market_value - bod_cashflow - eod_cashflow) AS pnl
           FROM portfolio_daily WHERE portfolio_id = $1 AND date BETWEEN $2 AND $3`,
          [portfolio_id, p.start_date, p.end_date],
        );
        expect(Math.abs(series!.flows + Number(p.fees) - Number(p.net_flows)), at).toBeLessThanOrEqual(tol);
        expect(Math.abs(series!.pnl - Number(p.fees) - p.total_pnl), at).toBeLessThanOrEqual(tol);
      }

      // The realized-gains report (since inception) adds up to the realized P&L of the non-cash positions.
      // Exact inside; each decimal leaves the API rounded half-even to 10 places (≤ 0.5e-10 off), so a sum of n
      // of them agrees with the rounded total to within (n + 1) × 0.5e-10.
      const si = (body.periods as Row[])[0]!;
      const nonCash = (si.by_position as Row[]).filter((q) => !q.is_cash);
      const realizedNonCash = nonCash.reduce((s, q) => s.plus(q.realized_gain_loss), new Decimal(0));
      const rounding = (n: number) => (n + 1) * 0.5e-10;
      expect(realizedNonCash.minus(gains.totals.gain).abs().toNumber()).toBeLessThanOrEqual(
        rounding(nonCash.length),
      );
      expect(
        new Decimal(gains.totals.short_term_gain)
          .plus(gains.totals.long_term_gain)
          .minus(gains.totals.gain)
          .abs()
          .toNumber(),
      ).toBeLessThanOrEqual(rounding(2));
      expect(Number(gains.totals.disposal_count)).toBeGreaterThan(0);
    }
  }, 240_000);
});
