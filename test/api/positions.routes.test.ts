import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  instrumentRecord,
  openPositions,
  type PositionsHarness,
  portfolioRecord,
  trade,
} from '../positions/positions-harness.ts';
import { getProblem } from '../support/http.ts';
import { stores } from '../support/stores.ts';

const cash = (id: string, type: string, date: string, amount: string) =>
  trade(id, type, date, amount, '1', { security_id: 'CASH_USD', instrument_id: 'CASH_USD' });
const sap = (id: string, type: string, date: string, quantity: string, price: string) =>
  trade(id, type, date, quantity, price, {
    security_id: 'SAP',
    instrument_id: 'SAP',
    trade_currency: 'EUR',
    currency: 'EUR',
    economic_event_id: `EV-${id}`,
    linked_transaction_group_id: `LTG-${id}`,
  });

/**
 * A USD portfolio (FIFO) with cash, a USD equity closed and reopened, and a EUR equity partly sold:
 *   AAPL: B1 10 @ 100 + fee 1 = 1001; S1 10 @ 110 − fee 1 = 1099, realized 98 (flat); B2 5 @ 100 = 500;
 *         DV dividend 10.
 *   SAP (EUR, EUR→USD 1.1 from 2024-01-01, 1.2 from 2024-03-01): E1 10 @ 50 = 500 EUR = 550 USD;
 *         E2 4 @ 60 = 240 EUR = 288 USD against a cost of 200 EUR = 220 USD: realized 40 EUR, 68 USD, of which
 *         price 40 × 1.2 = 48 and FX 200 × 1.2 − 220 = 20.
 *   CASH_USD: deposit 10,000, less 1,001 for B1.
 */
const DATA = {
  portfolios: [portfolioRecord('P1')],
  instruments: [
    instrumentRecord('AAPL'),
    instrumentRecord('SAP', { name: 'SAP SE', currency: 'EUR', country_of_risk: 'DE' }),
    instrumentRecord('CASH_USD', {
      name: 'US Dollar',
      product_type: 'Cash',
      asset_class: 'Cash',
      sector: null,
    }),
  ],
  fx_rates: [
    { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-01-01', rate: '1.1' },
    { from_currency: 'EUR', to_currency: 'USD', rate_date: '2024-03-01', rate: '1.2' },
  ],
  transactions: [
    cash('D1', 'DEPOSIT', '2024-01-02', '10000'),
    trade('B1', 'BUY', '2024-01-10', '10', '100', { trade_fee: '1' }),
    cash('C1', 'SELL', '2024-01-10', '1001'),
    sap('E1', 'BUY', '2024-01-15', '10', '50'),
    trade('S1', 'SELL', '2024-02-01', '10', '110', { trade_fee: '1' }),
    trade('B2', 'BUY', '2024-02-15', '5', '100'),
    trade('DV', 'DIVIDEND', '2024-03-01', '0', '0', { gross_transaction_amount: '10' }),
    sap('E2', 'SELL', '2024-03-05', '4', '60'),
  ],
};

describe.each(stores())('position queries on $kind', (store) => {
  let h: PositionsHarness;
  beforeAll(async () => {
    h = await openPositions(store);
    await h.ingestAndSettle(DATA);
  });
  afterAll(() => h?.close());

  it('GET /portfolios/{id}/positions: current holdings with instrument fields and cost weights', async () => {
    // A day after the series' last one (no business dates: the default calendar ends on the latest fact date,
    // 2024-03-05): nothing is valued that day, so the weights are by cost.
    const body = await h.get('/portfolios/P1/positions?as_of_date=2024-03-06');
    expect(body.portfolio_id).toBe('P1');
    expect(body.positions).toEqual([
      {
        security_id: 'AAPL',
        quantity: '5',
        instrument_name: 'AAPL Inc.',
        position_date: '2024-03-01',
        asset_class: 'Equity',
        isin: 'USAAPL000000',
        currency: 'USD',
        sector: 'Technology',
        country_of_risk: 'US',
        cost_basis: '500',
        cost_basis_local: '500',
        valuation: null,
        valuation_status: null,
        price_date: null,
        // Issue 10: the FX rate used and the age of both quotes, beside the price date.
        price_age_days: null,
        fx_rate: null,
        fx_rate_date: null,
        fx_rate_age_days: null,
        incomplete_reason: null,
        reprocessing_status: 'CURRENT',
        held_since_date: '2024-02-15',
        weight: expect.closeTo(500 / 9829, 12),
      },
      expect.objectContaining({
        security_id: 'CASH_USD',
        quantity: '8999',
        instrument_name: 'US Dollar',
        cost_basis: '8999',
        held_since_date: '2024-01-02',
        weight: expect.closeTo(8999 / 9829, 12),
      }),
      expect.objectContaining({
        security_id: 'SAP',
        quantity: '6',
        currency: 'EUR',
        cost_basis: '330',
        cost_basis_local: '300',
        held_since_date: '2024-01-15',
        weight: expect.closeTo(330 / 9829, 12),
      }),
    ]);
  });

  it('GET /portfolios/{id}/position-history: rows in replay order, filtered by date', async () => {
    const body = await h.get('/portfolios/P1/position-history?security_id=AAPL&start_date=2024-02-01');
    expect(body).toEqual({
      portfolio_id: 'P1',
      security_id: 'AAPL',
      positions: [
        {
          position_date: '2024-02-01',
          transaction_id: 'S1',
          quantity: '0',
          cost_basis: '0',
          cost_basis_local: '0',
          epoch: 0,
        },
        {
          position_date: '2024-02-15',
          transaction_id: 'B2',
          quantity: '5',
          cost_basis: '500',
          cost_basis_local: '500',
          epoch: 0,
        },
        {
          position_date: '2024-03-01',
          transaction_id: 'DV',
          quantity: '5',
          cost_basis: '500',
          cost_basis_local: '500',
          epoch: 0,
        },
      ],
    });
    expect(
      (await h.get('/portfolios/P1/position-history?security_id=AAPL&end_date=2024-01-31')).positions,
    ).toHaveLength(1);
    expect((await h.get('/portfolios/P1/position-history?security_id=NONE')).positions).toEqual([]);
  });

  it('GET /portfolios/{id}/positions/{security_id}/lots and /sell-disposals', async () => {
    const lots = await h.get('/portfolios/P1/positions/SAP/lots');
    expect(lots).toEqual({
      portfolio_id: 'P1',
      security_id: 'SAP',
      lots: [
        {
          lot_id: expect.any(String),
          source_transaction_id: 'E1',
          security_id: 'SAP',
          acquisition_date: '2024-01-15',
          original_quantity: '10',
          open_quantity: '6',
          lot_cost_local: '500',
          lot_cost_base: '550',
          open_cost_local: '300',
          open_cost_base: '330',
          accrued_interest_paid_local: '0',
        },
      ],
    });
    expect(
      (await h.get('/portfolios/P1/positions/AAPL/lots')).lots.map((l: Record<string, unknown>) => [
        l.source_transaction_id,
        l.original_quantity,
        l.open_quantity,
      ]),
    ).toEqual([
      ['B1', '10', '0'],
      ['B2', '5', '5'],
    ]);
    expect(await h.get('/portfolios/P1/positions/SAP/sell-disposals')).toEqual({
      portfolio_id: 'P1',
      security_id: 'SAP',
      sell_disposals: [
        {
          transaction_id: 'E2',
          transaction_date: '2024-03-05T10:00:00.000Z',
          security_id: 'SAP',
          quantity_disposed: '4',
          disposal_cost_basis_base: '220',
          disposal_cost_basis_local: '200',
          net_sell_proceeds_base: '288',
          net_sell_proceeds_local: '240',
          realized_gain_loss_base: '68',
          realized_gain_loss_local: '40',
          realized_gain_loss_fx: '20',
          realized_gain_loss_price: '48',
        },
      ],
    });
    expect((await h.get('/portfolios/P1/positions/NONE/sell-disposals')).sell_disposals).toEqual([]);
  });

  it('GET /portfolios/{id}/transactions fills the booked figures and the cashflow', async () => {
    const body = await h.get('/portfolios/P1/transactions?security_id=SAP&sort_order=asc');
    expect(body.transactions.map((t: Record<string, unknown>) => t.transaction_id)).toEqual(['E1', 'E2']);
    expect(body.transactions[1]).toMatchObject({
      transaction_id: 'E2',
      gross_cost: '-220',
      net_cost: '-220',
      net_cost_local: '-200',
      realized_gain_loss: '68',
      realized_gain_loss_local: '40',
      realized_gain_loss_fx: '20',
      realized_gain_loss_price: '48',
      transaction_fx_rate: '1.2',
      cashflow: {
        amount: '240',
        currency: 'EUR',
        classification: 'INVESTMENT_INFLOW',
        timing: 'EOD',
        is_position_flow: true,
        is_portfolio_flow: false,
        calculation_type: 'NET',
      },
    });
    expect(body.transactions[0]).toMatchObject({
      net_cost: '550',
      net_cost_local: '500',
      transaction_fx_rate: '1.1',
    });
  });

  it('GET /portfolios/{id}/cashflows, by date and classification', async () => {
    const all = await h.get('/portfolios/P1/cashflows');
    expect(
      all.cashflows.map((c: Record<string, unknown>) => [c.transaction_id, c.amount, c.classification]),
    ).toEqual([
      ['D1', '10000', 'CASHFLOW_IN'],
      ['B1', '-1001', 'INVESTMENT_OUTFLOW'],
      ['C1', '1001', 'INVESTMENT_INFLOW'],
      ['E1', '-500', 'INVESTMENT_OUTFLOW'],
      ['S1', '1099', 'INVESTMENT_INFLOW'],
      ['B2', '-500', 'INVESTMENT_OUTFLOW'],
      ['DV', '10', 'INCOME'],
      ['E2', '240', 'INVESTMENT_INFLOW'],
    ]);
    expect(all.cashflows[0]).toEqual({
      transaction_id: 'D1',
      security_id: 'CASH_USD',
      cashflow_date: '2024-01-02',
      amount: '10000',
      currency: 'USD',
      amount_base: '10000',
      classification: 'CASHFLOW_IN',
      timing: 'BOD',
      is_position_flow: true,
      is_portfolio_flow: true,
      calculation_type: 'NET',
      epoch: 0,
    });
    expect(all.cashflows.find((c: { transaction_id: string }) => c.transaction_id === 'E2').amount_base).toBe(
      '288',
    );
    const income = await h.get('/portfolios/P1/cashflows?classification=INCOME');
    expect(income.cashflows.map((c: Record<string, unknown>) => c.transaction_id)).toEqual(['DV']);
    const february = await h.get('/portfolios/P1/cashflows?start_date=2024-02-01&end_date=2024-02-29');
    expect(february.cashflows.map((c: Record<string, unknown>) => c.transaction_id)).toEqual(['S1', 'B2']);
    const bad = await h.get('/portfolios/P1/cashflows?classification=GIFT', 422);
    expect(bad.errors[0]).toMatchObject({ field: 'classification' });
  });

  it('GET /portfolios/{id}/transactions/{transaction_id}/cash-linkage', async () => {
    expect(await h.get('/portfolios/P1/transactions/E2/cash-linkage')).toEqual({
      portfolio_id: 'P1',
      transaction_id: 'E2',
      transaction_type: 'SELL',
      economic_event_id: 'EV-E2',
      linked_transaction_group_id: 'LTG-E2',
      cashflow_date: '2024-03-05',
      cashflow_amount: '240',
      cashflow_currency: 'EUR',
      cashflow_classification: 'INVESTMENT_INFLOW',
    });
    const missing = await h.get('/portfolios/P1/transactions/NOPE/cash-linkage', 404);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', detail: expect.stringContaining('NOPE') });
    await h.get('/portfolios/P2/transactions/E2/cash-linkage', 404);
  });

  it('GET /lineage/portfolios/{id}/keys and /securities/{security_id}', async () => {
    const keys = await h.get('/lineage/portfolios/P1/keys');
    expect(keys).toMatchObject({ portfolio_id: 'P1', total: 3, skip: 0, limit: 100 });
    expect(
      keys.items.map((k: Record<string, unknown>) => [k.security_id, k.status, k.watermark_date]),
    ).toEqual([
      ['AAPL', 'CURRENT', '2024-03-01'],
      ['CASH_USD', 'CURRENT', '2024-01-10'],
      ['SAP', 'CURRENT', '2024-03-05'],
    ]);
    expect(keys.items[0]).toEqual({
      security_id: 'AAPL',
      epoch: 0,
      watermark_date: '2024-03-01',
      status: 'CURRENT',
      blocked_reason: null,
      blocked_transaction_id: null,
      blocked_detail: null,
    });
    const page = await h.get('/lineage/portfolios/P1/keys?skip=1&limit=1');
    expect(page).toMatchObject({ total: 3, skip: 1, limit: 1, items: [{ security_id: 'CASH_USD' }] });
    expect((await h.get('/lineage/portfolios/P1/keys?security_id=SAP')).items).toHaveLength(1);
    expect(await h.get('/lineage/portfolios/P1/keys?status=BLOCKED')).toMatchObject({ total: 0, items: [] });
    await h.get('/lineage/portfolios/P1/keys?status=STUCK', 422);
    expect(await h.get('/lineage/portfolios/P1/securities/SAP')).toMatchObject({
      portfolio_id: 'P1',
      security_id: 'SAP',
      latest_position_date: '2024-03-05',
    });
    await h.get('/lineage/portfolios/P1/securities/NONE', 404);
  });

  it('answers 404 problems for an unknown portfolio and 422 for a missing security_id', async () => {
    for (const url of [
      '/portfolios/GHOST/positions',
      '/portfolios/GHOST/position-history?security_id=AAPL',
      '/portfolios/GHOST/positions/AAPL/lots',
      '/portfolios/GHOST/positions/AAPL/sell-disposals',
      '/portfolios/GHOST/cashflows',
      '/lineage/portfolios/GHOST/keys',
    ]) {
      expect(await getProblem(h, url, 404), url).toMatchObject({
        code: 'NOT_FOUND',
        detail: expect.stringContaining('GHOST'),
      });
    }
    const missing = await h.get('/portfolios/P1/position-history', 422);
    expect(missing.errors).toEqual([{ index: 0, field: 'security_id', message: 'is required' }]);
  });

  it('documents every new route in the OpenAPI document', async () => {
    const paths = Object.keys((await h.get('/openapi.json')).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/portfolios/{portfolio_id}/positions',
        '/portfolios/{portfolio_id}/position-history',
        '/portfolios/{portfolio_id}/positions/{security_id}/lots',
        '/portfolios/{portfolio_id}/positions/{security_id}/sell-disposals',
        '/portfolios/{portfolio_id}/transactions/{transaction_id}/cash-linkage',
        '/portfolios/{portfolio_id}/cashflows',
        '/lineage/portfolios/{portfolio_id}/keys',
        '/lineage/portfolios/{portfolio_id}/securities/{security_id}',
      ]),
    );
  });
});
