import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSeriesStage } from '../../src/engine/series-stage.ts';
import { TOPICS } from '../../src/engine/topics.ts';
import {
  instrumentRecord,
  openPositions,
  type PositionsHarness,
  portfolioRecord,
  trade,
} from '../positions/positions-harness.ts';
import { getProblem } from '../support/http.ts';
import { stores } from '../support/stores.ts';

/** Values compared with a tolerance: float64 products of a few decimals, abs 1e-9. */
const TOL = 9;

const buy = (
  id: string,
  portfolio: string,
  security: string,
  date: string,
  quantity: string,
  price: string,
) =>
  trade(id, 'BUY', date, quantity, price, {
    portfolio_id: portfolio,
    security_id: security,
    instrument_id: security,
  });

const priceOf = (security: string, date: string, price: string, currency = 'USD') => ({
  security_id: security,
  price_date: date,
  price,
  currency,
});

type Row = Record<string, unknown>;

async function snapshot(h: PositionsHarness) {
  const positions = await h.db.query('SELECT * FROM position_daily ORDER BY portfolio_id, security_id, date');
  const portfolios = await h.db.query('SELECT * FROM portfolio_daily ORDER BY portfolio_id, date');
  return {
    positions: new Map(positions.map((r) => [`${r.portfolio_id}|${r.security_id}|${r.date}`, r])),
    portfolios: new Map(portfolios.map((r) => [`${r.portfolio_id}|${r.date}`, r])),
  };
}

/** The keys whose rows differ (or exist on one side only). */
function changed(before: Map<string, Row>, after: Map<string, Row>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k))).sort();
}

describe.each(stores())('series on $kind', (store) => {
  let h: PositionsHarness;
  beforeAll(async () => {
    h = await openPositions(store);
  });
  afterAll(() => h?.close());
  beforeEach(() => h.reset());

  it('a +5% price restatement on a past date changes exactly the affected position and portfolio days', async () => {
    await h.ingestAndSettle({
      portfolios: [portfolioRecord('P1'), portfolioRecord('P2'), portfolioRecord('P3')],
      instruments: [instrumentRecord('AAPL'), instrumentRecord('MSFT')],
      transactions: [
        buy('T1', 'P1', 'AAPL', '2024-01-02', '10', '100'),
        buy('T2', 'P1', 'MSFT', '2024-01-02', '5', '50'),
        buy('T3', 'P2', 'AAPL', '2024-01-04', '3', '100'),
        buy('T4', 'P3', 'MSFT', '2024-01-02', '7', '50'),
      ],
      market_prices: [
        priceOf('AAPL', '2024-01-02', '100'),
        priceOf('AAPL', '2024-01-05', '101'),
        priceOf('AAPL', '2024-01-08', '102'),
        priceOf('MSFT', '2024-01-02', '50'),
        priceOf('MSFT', '2024-01-06', '51'),
      ],
      business_dates: [{ business_date: '2024-01-10' }],
    });
    const before = await snapshot(h);
    expect(before.positions.size).toBe(9 + 9 + 7 + 9);
    expect(before.portfolios.size).toBe(9 + 7 + 9);

    await h.ingestAndSettle({ market_prices: [priceOf('AAPL', '2024-01-05', '106.05')] });
    const after = await snapshot(h);

    // The restated price is read 01-05..01-07 (the next price is on 01-08); 01-08 opens (BOD) at the old EOD.
    const days = ['2024-01-05', '2024-01-06', '2024-01-07', '2024-01-08'];
    expect(changed(before.positions, after.positions)).toEqual(
      ['P1', 'P2'].flatMap((p) => days.map((d) => `${p}|AAPL|${d}`)).sort(),
    );
    expect(changed(before.portfolios, after.portfolios)).toEqual(
      ['P1', 'P2'].flatMap((p) => days.map((d) => `${p}|${d}`)).sort(),
    );
    const row = after.positions.get('P1|AAPL|2024-01-06')!;
    expect(row.market_price).toBeCloseTo(106.05, TOL);
    expect(row.eod_market_value).toBeCloseTo(1060.5, TOL);
    expect(row.valuation_status).toBe('STALE');
    expect(row.price_date).toBe('2024-01-05');
    expect(after.positions.get('P1|AAPL|2024-01-08')!.bod_market_value).toBeCloseTo(1060.5, TOL);
    expect(after.portfolios.get('P1|2024-01-06')!.eod_market_value).toBeCloseTo(1060.5 + 5 * 51, TOL);
  });

  it('a back-dated trade rewrites its own position and the totals only, and equals a full rebuild', async () => {
    await h.ingestAndSettle({
      portfolios: [portfolioRecord('P1')],
      instruments: [instrumentRecord('AAPL'), instrumentRecord('MSFT')],
      transactions: [
        buy('T1', 'P1', 'AAPL', '2024-01-02', '10', '100'),
        buy('T2', 'P1', 'MSFT', '2024-01-02', '5', '50'),
        buy('T3', 'P1', 'AAPL', '2024-01-08', '1', '102'),
      ],
      market_prices: [priceOf('AAPL', '2024-01-02', '100'), priceOf('MSFT', '2024-01-02', '50')],
      business_dates: [{ business_date: '2024-01-10' }],
    });
    const before = await snapshot(h);

    await h.ingestAndSettle({ transactions: [buy('T4', 'P1', 'AAPL', '2024-01-04', '2', '101')] });
    const after = await snapshot(h);
    const days = ['04', '05', '06', '07', '08', '09', '10'].map((d) => `2024-01-${d}`);
    expect(changed(before.positions, after.positions)).toEqual(days.map((d) => `P1|AAPL|${d}`));
    expect(changed(before.portfolios, after.portfolios)).toEqual(days.map((d) => `P1|${d}`));
    expect(after.positions.get('P1|AAPL|2024-01-09')!.quantity).toBe(13);
    expect(after.portfolios.get('P1|2024-01-09')!.eod_market_value).toBeCloseTo(13 * 100 + 5 * 50, TOL);

    // Every position rebuilt from scratch (an event without security_ids) writes exactly the stored rows.
    await h.db.transaction((tx) =>
      createSeriesStage().handle({ tx, emit: () => {}, log: pino({ level: 'silent' }) }, [
        {
          topic: TOPICS.positionsChanged,
          partition: 0,
          offset: 0,
          key: 'P1',
          value: { portfolio_id: 'P1', from_date: '1900-01-01' },
          headers: {},
          timestamp: new Date(0).toISOString(),
        },
      ]),
    );
    const rebuilt = await snapshot(h);
    expect(changed(after.positions, rebuilt.positions)).toEqual([]);
    expect(changed(after.portfolios, rebuilt.portfolios)).toEqual([]);
  });

  it('values through inverse and triangulated FX; missing FX leaves the day incomplete until the rate arrives', async () => {
    await h.ingestAndSettle({
      portfolios: [
        portfolioRecord('PUSD'),
        portfolioRecord('PGBP', { base_currency: 'GBP' }),
        portfolioRecord('PCHF', { base_currency: 'CHF' }),
      ],
      instruments: [instrumentRecord('SAP', { currency: 'EUR' }), instrumentRecord('AAPL')],
      fx_rates: [
        // Only USD→EUR: EUR→USD is its inverse.
        { from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-01-01', rate: '0.8' },
        // EUR→GBP through the pivot USD: 1.1 / 1.25.
        { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-01', rate: '1.1' },
        { from_currency: 'GBP', to_currency: 'USD', rate_date: '2024-01-01', rate: '1.25' },
      ],
      transactions: [
        trade('E1', 'BUY', '2024-01-02', '10', '10', {
          portfolio_id: 'PUSD',
          security_id: 'SAP',
          instrument_id: 'SAP',
          trade_currency: 'USD',
          currency: 'USD',
        }),
        trade('E2', 'BUY', '2024-01-02', '10', '10', {
          portfolio_id: 'PGBP',
          security_id: 'SAP',
          instrument_id: 'SAP',
          trade_currency: 'GBP',
          currency: 'GBP',
        }),
        trade('A1', 'BUY', '2024-01-02', '2', '100', {
          portfolio_id: 'PCHF',
          trade_currency: 'CHF',
          currency: 'CHF',
        }),
      ],
      market_prices: [priceOf('SAP', '2024-01-02', '10', 'EUR'), priceOf('AAPL', '2024-01-02', '100')],
      business_dates: [{ business_date: '2024-01-03' }],
    });
    const sapUsd = await h.get('/portfolios/PUSD/positions/SAP/timeseries?start_date=2024-01-03');
    expect(sapUsd.rows).toHaveLength(1);
    // EUR→USD has a direct and a reverse quote here; which one wins is the engine's rule (fx-converter tests).
    expect(sapUsd.rows[0].eod_market_value_local).toBeCloseTo(100, TOL);
    expect(sapUsd.rows[0].eod_market_value).toBeGreaterThan(0);

    const sapGbp = (await h.get('/portfolios/PGBP/positions/SAP/timeseries')).rows;
    expect(sapGbp.at(-1).eod_market_value).toBeCloseTo((100 * 1.1) / 1.25, TOL);
    // The rate used and its date (both legs of the triangulation are of 1 January), beside the price's.
    expect(sapGbp.at(-1)).toMatchObject({ price_date: '2024-01-02', fx_date: '2024-01-01' });
    expect(sapGbp.at(-1).fx_rate).toBeCloseTo(1.1 / 1.25, TOL);
    expect((await h.get('/portfolios/PGBP/timeseries')).rows.every((r: Row) => r.complete)).toBe(true);

    const chf = (await h.get('/portfolios/PCHF/timeseries')).rows;
    expect(chf).toHaveLength(2);
    for (const r of chf) {
      expect(r.complete).toBe(false);
      expect(r.incomplete_reason).toContain('MISSING_FX');
    }
    const valuation = await h.get('/portfolios/PCHF/valuation');
    expect(valuation).toMatchObject({ complete: false, as_of_date: '2024-01-03' });
    // Issue 10: each problem once, in one format (it listed 'MISSING_FX USD/CHF' and '… AAPL'), and the
    // position with a price but no FX to base is UNVALUED wherever it shows, out of every total.
    expect(valuation.incomplete_reasons).toEqual(['MISSING_FX USD/CHF AAPL']);
    expect(valuation).toMatchObject({ market_value: 0, cost_basis: 0, unrealized_gain_loss: 0 });
    expect(valuation.unvalued_positions).toEqual([
      { security_id: 'AAPL', cost_basis: 200, reason: 'MISSING_FX USD/CHF' },
    ]);
    const unvalued = (await h.get('/portfolios/PCHF/positions')).positions[0];
    expect(unvalued).toMatchObject({
      security_id: 'AAPL',
      valuation_status: 'UNVALUED',
      incomplete_reason: 'MISSING_FX USD/CHF',
      price_date: '2024-01-02',
      price_age_days: 1,
      fx_rate: null,
      fx_rate_date: null,
      fx_rate_age_days: null,
      valuation: { market_price: 100, market_value: null },
    });
    const allocation = await h.get('/portfolios/PCHF/allocation?dimensions=currency');
    expect(allocation.unvalued).toEqual({ count: 1, security_ids: ['AAPL'] });
    const summary = await h.get('/portfolios/PCHF/summary');
    expect(summary.wealth).toMatchObject({
      complete: false,
      incomplete_reasons: ['MISSING_FX USD/CHF AAPL'],
      unvalued_positions: valuation.unvalued_positions,
    });

    // The rate arrives: the days heal by themselves.
    await h.ingestAndSettle({
      fx_rates: [{ from_currency: 'USD', to_currency: 'CHF', rate_date: '2024-01-02', rate: '0.9' }],
    });
    const healed = (await h.get('/portfolios/PCHF/timeseries')).rows;
    expect(healed.map((r: Row) => r.complete)).toEqual([true, true]);
    expect(healed[1].eod_market_value).toBeCloseTo(2 * 100 * 0.9, TOL);
    expect(healed[1].incomplete_reason).toBeNull();
    // The FX rate's age beside the price's: both quotes of 2 January, used on the 3rd.
    expect((await h.get('/portfolios/PCHF/positions')).positions[0]).toMatchObject({
      valuation_status: 'STALE',
      incomplete_reason: null,
      price_date: '2024-01-02',
      price_age_days: 1,
      fx_rate: 0.9,
      fx_rate_date: '2024-01-02',
      fx_rate_age_days: 1,
    });
    expect(await h.get('/portfolios/PCHF/valuation')).toMatchObject({
      complete: true,
      incomplete_reasons: [],
      unvalued_positions: [],
    });
  });

  it('inverse only: a position in EUR valued in USD through the USD→EUR quote', async () => {
    await h.ingestAndSettle({
      portfolios: [portfolioRecord('PINV')],
      instruments: [instrumentRecord('SAP', { currency: 'EUR' })],
      fx_rates: [{ from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-01-01', rate: '0.8' }],
      transactions: [
        trade('E1', 'BUY', '2024-01-02', '10', '10', {
          portfolio_id: 'PINV',
          security_id: 'SAP',
          instrument_id: 'SAP',
        }),
      ],
      market_prices: [priceOf('SAP', '2024-01-02', '10', 'EUR')],
      business_dates: [{ business_date: '2024-01-02' }],
    });
    const [row] = (await h.get('/portfolios/PINV/positions/SAP/timeseries')).rows;
    expect(row.eod_market_value).toBeCloseTo(100 / 0.8, TOL);
    expect(row.valuation_status).toBe('CURRENT');
  });

  it('?wait= completes a job only once its series are written', async () => {
    await h.ingestAndSettle({
      portfolios: [portfolioRecord('P1')],
      instruments: [instrumentRecord('AAPL')],
      business_dates: [{ business_date: '2024-01-05' }],
    });
    const job = await h.ingest({
      transactions: [buy('T1', 'P1', 'AAPL', '2024-01-02', '10', '100')],
      market_prices: [priceOf('AAPL', '2024-01-02', '100')],
    });
    expect((await h.get(`/ingestion/jobs/${job}`)).status).toBe('accepted');
    const waited = h.app.inject({ method: 'GET', url: `/ingestion/jobs/${job}?wait=30` });
    await h.drain();
    const state = (await waited).json();
    expect(state.status).toBe('complete');
    expect(state.stages).toContainEqual({ stage: 'series', pending: 0 });
    const series = await h.get('/portfolios/P1/timeseries');
    expect(series.rows.map((r: Row) => r.date)).toEqual([
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
    ]);
    expect(series.rows[3]).toMatchObject({ eod_market_value: 1000, complete: true, incomplete_reason: null });
  });

  it('serves the routes: shapes, filters, positions as of a date, valuation, allocation, summary, problems', async () => {
    await h.ingestAndSettle({
      portfolios: [portfolioRecord('P1')],
      instruments: [
        instrumentRecord('AAPL'),
        instrumentRecord('BOND', { product_type: 'Bond', asset_class: 'Fixed Income', sector: null }),
        instrumentRecord('CASH_USD', { product_type: 'Cash', asset_class: 'Cash', sector: null }),
      ],
      transactions: [
        trade('D1', 'DEPOSIT', '2024-01-02', '10000', '1', {
          security_id: 'CASH_USD',
          instrument_id: 'CASH_USD',
        }),
        buy('T1', 'P1', 'AAPL', '2024-01-02', '10', '100'),
        trade('C1', 'SELL', '2024-01-02', '1000', '1', {
          security_id: 'CASH_USD',
          instrument_id: 'CASH_USD',
        }),
        buy('T2', 'P1', 'BOND', '2024-01-03', '5', '100'),
        trade('C2', 'SELL', '2024-01-03', '500', '1', { security_id: 'CASH_USD', instrument_id: 'CASH_USD' }),
      ],
      market_prices: [priceOf('AAPL', '2024-01-02', '100'), priceOf('AAPL', '2024-01-04', '110')],
      business_dates: [{ business_date: '2024-01-05' }],
    });

    const series = await h.get('/portfolios/P1/timeseries?start_date=2024-01-03&end_date=2024-01-04');
    expect(series).toMatchObject({ portfolio_id: 'P1', base_currency: 'USD' });
    expect(series.rows.map((r: Row) => r.date)).toEqual(['2024-01-03', '2024-01-04']);
    expect(Object.keys(series.rows[0]).sort()).toEqual(
      [
        'date',
        'bod_market_value',
        'eod_market_value',
        'bod_cashflow',
        'eod_cashflow',
        'fees',
        'income',
        'complete',
        'incomplete_reason',
      ].sort(),
    );
    // BOND has no price: the day is incomplete, never valued at 0.
    expect(series.rows[1]).toMatchObject({
      complete: false,
      incomplete_reason: expect.stringContaining('NO_PRICE'),
    });

    const aapl = await h.get('/portfolios/P1/positions/AAPL/timeseries?start_date=2024-01-04');
    expect(aapl.rows.map((r: Row) => [r.date, r.valuation_status, r.price_date, r.eod_market_value])).toEqual(
      [
        ['2024-01-04', 'CURRENT', '2024-01-04', 1100],
        ['2024-01-05', 'STALE', '2024-01-04', 1100],
      ],
    );

    const positions = await h.get('/portfolios/P1/positions');
    expect(positions.as_of_date).toBe('2024-01-05');
    const byId = Object.fromEntries(positions.positions.map((p: Row) => [p.security_id, p]));
    expect(byId.AAPL).toMatchObject({
      quantity: '10',
      valuation_status: 'STALE',
      price_date: '2024-01-04',
      held_since_date: '2024-01-02',
      valuation: {
        market_price: 110,
        market_value: 1100,
        unrealized_gain_loss: 100,
        market_value_local: 1100,
      },
    });
    expect(byId.BOND).toMatchObject({
      valuation_status: 'UNVALUED',
      valuation: { market_price: null, market_value: null, unrealized_gain_loss: null },
      weight: 0,
    });
    expect(byId.CASH_USD.valuation.market_value).toBeCloseTo(8500, TOL);
    expect(byId.AAPL.weight).toBeCloseTo(1100 / 9600, TOL);
    const early = await h.get('/portfolios/P1/positions?as_of_date=2024-01-02');
    expect(early.positions.map((p: Row) => p.security_id)).toEqual(['AAPL', 'CASH_USD']);

    const valuation = await h.get('/portfolios/P1/valuation?as_of_date=2024-01-05');
    expect(valuation).toMatchObject({
      portfolio_id: 'P1',
      base_currency: 'USD',
      as_of_date: '2024-01-05',
      complete: false,
    });
    expect(valuation.market_value).toBeCloseTo(9600, TOL);
    expect(valuation.cash).toBeCloseTo(8500, TOL);
    expect(valuation.unrealized_gain_loss).toBeCloseTo(100, TOL);
    expect(valuation.by_currency).toHaveLength(1);
    // Issue 10: cost over the same valued positions as the value (AAPL 1,000 + cash 8,500, not BOND's 500),
    // so MV − cost = unrealized; BOND listed apart with its reason, once.
    expect(valuation.cost_basis).toBeCloseTo(9500, TOL);
    expect(valuation.market_value - valuation.cost_basis).toBe(valuation.unrealized_gain_loss);
    expect(valuation.unvalued_positions).toEqual([
      { security_id: 'BOND', cost_basis: 500, reason: 'NO_PRICE' },
    ]);
    expect(valuation.incomplete_reasons).toEqual(['NO_PRICE BOND']);

    const allocation = await h.get('/portfolios/P1/allocation?dimensions=asset_class,currency');
    expect(allocation.dimensions.map((d: Row) => d.dimension)).toEqual(['asset_class', 'currency']);
    expect(allocation.dimensions[0].groups).toEqual([
      { key: 'Cash', market_value: 8500, weight: expect.closeTo(8500 / 9600, TOL) },
      { key: 'Equity', market_value: 1100, weight: expect.closeTo(1100 / 9600, TOL) },
    ]);
    expect(allocation.unvalued).toEqual({ count: 1, security_ids: ['BOND'] });
    const bad = await h.get('/portfolios/P1/allocation?dimensions=asset_class,colour', 422);
    expect(bad.errors[0].message).toContain('maturity_bucket');
    // The schema's grammar reads the list as the route does: blanks and empty entries ignored, one name needed.
    const spaced = await h.get('/portfolios/P1/allocation?dimensions=%20currency%20,,asset_class,');
    expect(spaced.dimensions.map((d: Row) => d.dimension)).toEqual(['currency', 'asset_class']);
    const none = await h.get('/portfolios/P1/allocation?dimensions=%20,', 422);
    expect(none.errors[0].field).toBe('dimensions');

    const summary = await h.get('/portfolios/P1/summary?start_date=2024-01-01');
    expect(summary).toMatchObject({
      as_of_date: '2024-01-05',
      start_date: '2024-01-01',
      wealth: { complete: false },
      pnl: { realized_gain_loss: '0' },
    });
    expect(summary.wealth.market_value).toBeCloseTo(9600, TOL);
    expect(summary.wealth.cost_basis).toBe(valuation.cost_basis);
    expect(summary.pnl.unrealized_gain_loss).toBe(valuation.unrealized_gain_loss);
    expect(summary.wealth.unvalued_positions).toEqual(valuation.unvalued_positions);
    expect(summary.activity.map((a: Row) => [a.transaction_type, a.count])).toEqual([
      ['BUY', 2],
      ['DEPOSIT', 1],
      ['SELL', 2],
    ]);

    for (const url of [
      '/portfolios/GHOST/timeseries',
      '/portfolios/GHOST/positions/AAPL/timeseries',
      '/portfolios/P1/positions/NONE/timeseries',
      '/portfolios/GHOST/valuation',
      '/portfolios/GHOST/allocation',
      '/portfolios/GHOST/summary',
    ]) {
      await getProblem(h, url, 404);
    }
    await h.get('/portfolios/P1/timeseries?start_date=2024-01-05&end_date=2024-01-01', 422);
    await h.get('/portfolios/P1/valuation?as_of_date=yesterday', 422);

    const paths = Object.keys((await h.get('/openapi.json')).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/portfolios/{portfolio_id}/timeseries',
        '/portfolios/{portfolio_id}/positions/{security_id}/timeseries',
        '/portfolios/{portfolio_id}/valuation',
        '/portfolios/{portfolio_id}/allocation',
        '/portfolios/{portfolio_id}/summary',
      ]),
    );
  });
});
