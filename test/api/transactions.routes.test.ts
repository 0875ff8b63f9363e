import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stores } from '../support/stores.ts';
import { type ApiHarness, insertRows, openApi } from './api-harness.ts';

const txn = (id: string, over: Record<string, unknown> = {}) => ({
  transaction_id: id,
  portfolio_id: 'P1',
  instrument_id: 'AAPL',
  security_id: 'S1',
  transaction_date: '2024-03-01T10:00:00.000Z',
  transaction_type: 'BUY',
  quantity: '10',
  price: '150',
  gross_transaction_amount: '1500',
  trade_currency: 'USD',
  currency: 'USD',
  trade_fee: '0',
  accrued_interest: null,
  split_ratio: null,
  settlement_date: null,
  transaction_fx_rate: null,
  economic_event_id: null,
  linked_transaction_group_id: null,
  calculation_policy_id: null,
  calculation_policy_version: null,
  source_system: null,
  ...over,
});

const TRANSACTIONS = [
  txn('T1', {
    transaction_date: '2024-03-01T09:30:15.250Z',
    quantity: '100.50',
    price: '12.3400',
    gross_transaction_amount: '1240.17',
    trade_fee: '1.25',
    accrued_interest: '2.50',
    trade_currency: 'EUR',
    currency: 'EUR',
    settlement_date: '2024-03-05',
    transaction_fx_rate: '1.0875',
    economic_event_id: 'EV1',
    linked_transaction_group_id: 'G1',
    calculation_policy_id: 'POL',
    calculation_policy_version: '2',
    source_system: 'OMS',
  }),
  // 23:30 in New York on 1 March is 04:30 UTC on 2 March: the UTC date is what the filters see.
  txn('T2', { transaction_date: '2024-03-01T23:30:00-05:00', quantity: '9', price: '151' }),
  txn('T3', {
    transaction_date: '2024-03-03T00:00:00Z',
    quantity: '1000',
    security_id: 'S2',
    instrument_id: 'MSFT',
  }),
  txn('T4', {
    transaction_date: '2024-03-03T00:00:00Z',
    quantity: '10',
    transaction_type: 'SELL',
    price: '9.5',
  }),
  txn('T5', { transaction_date: '2024-02-29T23:59:59.999Z', quantity: '0.001', price: '1000' }),
  // A transaction whose portfolio has not arrived: it is listed under its portfolio id all the same.
  txn('T9', { portfolio_id: 'P_LATE', transaction_date: '2024-03-02T12:00:00Z' }),
];

const NULL_COSTS = {
  net_cost: null,
  gross_cost: null,
  realized_gain_loss: null,
  net_cost_local: null,
  realized_gain_loss_local: null,
  realized_gain_loss_fx: null,
  realized_gain_loss_price: null,
  cashflow: null,
};

describe.each(stores())('GET /portfolios/{id}/transactions on $kind', (store) => {
  let h: ApiHarness;
  const get = (url: string) => h.app.inject({ method: 'GET', url });
  const ids = async (qs: string, portfolio = 'P1') => {
    const res = await get(`/portfolios/${portfolio}/transactions?${qs}`);
    expect(res.statusCode).toBe(200);
    return res.json().transactions.map((t: { transaction_id: string }) => t.transaction_id);
  };

  beforeAll(async () => {
    h = await openApi(store);
    await insertRows(
      h.system.db,
      'portfolios',
      ['P1', 'P_EMPTY'].map((portfolio_id) => ({
        portfolio_id,
        base_currency: 'USD',
        open_date: '2024-01-01',
        risk_exposure: 'LOW',
        investment_time_horizon: 'LONG',
        portfolio_type: 'ADVISORY',
        booking_center_code: 'SG',
        client_id: 'C1',
        status: 'ACTIVE',
      })),
    );
    await insertRows(h.system.db, 'transactions', TRANSACTIONS);
    await h.system.db.query(`UPDATE transactions SET version = 2 WHERE transaction_id = 'T1'`);
  });
  afterAll(() => h?.close());

  // The facts are inserted with SQL and no stage runs: nothing is derived, so every derived field is null.
  it('returns every field, decimals exact and canonical, cost fields null until computed', async () => {
    const res = await get('/portfolios/P1/transactions?start_date=2024-03-01&end_date=2024-03-01');
    expect(res.statusCode).toBe(200);
    const { portfolio_id: _p, ...t1 } = TRANSACTIONS[0]!;
    expect(res.json()).toEqual({
      portfolio_id: 'P1',
      total: 1,
      skip: 0,
      limit: 100,
      transactions: [
        {
          ...t1,
          ...NULL_COSTS,
          quantity: '100.5',
          price: '12.34',
          accrued_interest: '2.5',
          version: 2,
        },
      ],
    });
    // Field order follows the documented shape.
    expect(Object.keys(res.json().transactions[0])).toEqual([
      'transaction_id',
      'transaction_date',
      'transaction_type',
      'instrument_id',
      'security_id',
      'quantity',
      'price',
      'gross_transaction_amount',
      'trade_fee',
      'accrued_interest',
      'split_ratio',
      'trade_currency',
      'currency',
      'settlement_date',
      'net_cost',
      'gross_cost',
      'realized_gain_loss',
      'net_cost_local',
      'realized_gain_loss_local',
      'realized_gain_loss_fx',
      'realized_gain_loss_price',
      'transaction_fx_rate',
      'economic_event_id',
      'linked_transaction_group_id',
      'calculation_policy_id',
      'calculation_policy_version',
      'source_system',
      'cashflow',
      'version',
    ]);
  });

  it('sorts by transaction_date descending by default, ties broken by transaction_id', async () => {
    expect(await ids('')).toEqual(['T4', 'T3', 'T2', 'T1', 'T5']);
    expect(await ids('sort_order=asc')).toEqual(['T5', 'T1', 'T2', 'T3', 'T4']);
  });

  it('sorts decimals numerically on every whitelisted column', async () => {
    expect(await ids('sort_by=quantity&sort_order=asc')).toEqual(['T5', 'T2', 'T4', 'T1', 'T3']);
    expect(await ids('sort_by=price')).toEqual(['T5', 'T2', 'T3', 'T1', 'T4']);
    expect(await ids('sort_by=gross_transaction_amount&sort_order=asc')).toEqual([
      'T1',
      'T2',
      'T3',
      'T4',
      'T5',
    ]);
    expect(await ids('sort_by=transaction_id&sort_order=asc')).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
  });

  it('refuses a sort column outside the whitelist, listing the allowed ones', async () => {
    const res = await get('/portfolios/P1/transactions?sort_by=portfolio_id&sort_order=up');
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        {
          index: 0,
          field: 'sort_by',
          message:
            'must be one of: transaction_date, quantity, price, gross_transaction_amount, transaction_id',
        },
        { index: 0, field: 'sort_order', message: 'must be one of: asc, desc' },
      ]),
    );
  });

  it('filters on the UTC date of transaction_date, inclusively, and by security', async () => {
    expect(await ids('start_date=2024-03-02&end_date=2024-03-02')).toEqual(['T2']);
    expect(await ids('end_date=2024-02-29')).toEqual(['T5']);
    expect(await ids('start_date=2024-03-03')).toEqual(['T4', 'T3']);
    expect(await ids('security_id=S2')).toEqual(['T3']);
    expect(await ids('security_id=S1&start_date=2024-03-01&sort_order=asc')).toEqual(['T1', 'T2', 'T4']);
  });

  it('pages with skip and limit; total counts every match and pages never overlap', async () => {
    const pages = [];
    for (let skip = 0; skip < 6; skip += 2) {
      const body = (await get(`/portfolios/P1/transactions?sort_by=price&skip=${skip}&limit=2`)).json();
      expect(body).toMatchObject({ portfolio_id: 'P1', total: 5, skip, limit: 2 });
      pages.push(...body.transactions.map((t: { transaction_id: string }) => t.transaction_id));
    }
    expect(pages).toEqual(['T5', 'T2', 'T3', 'T1', 'T4']);
    const filtered = (await get('/portfolios/P1/transactions?security_id=S1&limit=1')).json();
    expect(filtered).toMatchObject({ total: 4, skip: 0, limit: 1 });
    expect(filtered.transactions).toHaveLength(1);
  });

  it('refuses limits outside 1–1000 and malformed dates', async () => {
    for (const [qs, field, message] of [
      ['limit=1001', 'limit', 'must be <= 1000'],
      ['limit=0', 'limit', 'must be >= 1'],
      ['skip=-3', 'skip', 'must be >= 0'],
      ['start_date=yesterday', 'start_date', 'must match format "date"'],
      [
        'start_date=2024-03-04&end_date=2024-03-01',
        'end_date',
        'must be on or after start_date (2024-03-04)',
      ],
    ]) {
      const res = await get(`/portfolios/P1/transactions?${qs}`);
      expect(res.statusCode, qs).toBe(422);
      expect(res.json().errors, qs).toEqual([{ index: 0, field, message }]);
    }
  });

  it('lists transactions that arrived before their portfolio', async () => {
    const body = (await get('/portfolios/P_LATE/transactions')).json();
    expect(body).toMatchObject({ portfolio_id: 'P_LATE', total: 1 });
    expect(body.transactions[0]).toMatchObject({ transaction_id: 'T9', version: 1, ...NULL_COSTS });
  });

  it('answers an empty page for a known portfolio, and 404 when nothing is known of the id', async () => {
    expect((await get('/portfolios/P_EMPTY/transactions')).json()).toEqual({
      portfolio_id: 'P_EMPTY',
      total: 0,
      skip: 0,
      limit: 100,
      transactions: [],
    });
    expect((await get('/portfolios/P1/transactions?security_id=NONE')).json()).toMatchObject({ total: 0 });
    const res = await get('/portfolios/GHOST/transactions');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      detail: expect.stringContaining('GHOST'),
    });
  });
});
