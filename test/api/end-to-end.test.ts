import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stores } from '../support/stores.ts';
import { type ApiHarness, openApi } from './api-harness.ts';

const BUNDLE = {
  source_system: 'E2E',
  mode: 'UPSERT',
  business_dates: [{ business_date: '2024-11-01' }, { business_date: '2024-10-31' }],
  portfolios: [
    {
      portfolioId: 'E2E_P1',
      baseCurrency: 'USD',
      open_date: '2024-01-02',
      risk_exposure: 'Moderate',
      investment_time_horizon: 'Long',
      portfolio_type: 'Advisory',
      booking_center_code: 'Singapore',
      cifId: 'CIF_1',
      status: 'ACTIVE',
    },
  ],
  instruments: [
    {
      security_id: 'SEC_AAPL',
      name: 'Apple Inc.',
      isin: 'US0378331005',
      currency: 'USD',
      product_type: 'Equity',
      asset_class: 'Equity',
    },
  ],
  transactions: [
    {
      transaction_id: 'E2E_BUY_1',
      portfolio_id: 'E2E_P1',
      instrument_id: 'AAPL',
      security_id: 'SEC_AAPL',
      transaction_date: '2024-11-01T10:00:00Z',
      transaction_type: 'BUY',
      quantity: 800,
      price: '185.250',
      gross_transaction_amount: 148200,
      trade_fee: 1.5,
      trade_currency: 'USD',
      currency: 'USD',
    },
  ],
  market_prices: [{ security_id: 'SEC_AAPL', price_date: '2024-11-01', price: '186.10', currency: 'USD' }],
  fx_rates: [{ from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-11-01', rate: '0.9199230' }],
};

/** Through the real pipeline: ingest API → log → persist stage → facts → query API, job tracked throughout. */
describe.each(stores())('ingest to query, end to end, on $kind', (store) => {
  let h: ApiHarness;
  const get = (url: string) => h.app.inject({ method: 'GET', url });

  /** Ingests, then long-polls the job while the stages run, as a client would. */
  async function ingestAndWait(url: string, payload: Record<string, unknown>) {
    const accepted = await h.app.inject({ method: 'POST', url, payload });
    expect(accepted.statusCode, accepted.body).toBe(202);
    const { job_id } = accepted.json();
    const waited = get(`/ingestion/jobs/${job_id}?wait=60`);
    await h.system.runner.drain();
    const job = await waited;
    expect(job.statusCode).toBe(200);
    return job.json();
  }

  beforeAll(async () => {
    h = await openApi(store);
  });
  afterAll(() => h?.close());

  it('serves what was ingested once the job reports complete', async () => {
    const job = await ingestAndWait('/ingest/portfolio-bundle', BUNDLE);
    expect(job).toMatchObject({
      status: 'complete',
      endpoint: '/ingest/portfolio-bundle',
      accepted_count: 7,
      completed_at: expect.any(String),
      stages: [
        { stage: 'persist', pending: 0 },
        { stage: 'positions', pending: 0 },
        { stage: 'series', pending: 0 },
      ],
    });

    expect((await get('/portfolios/E2E_P1')).json()).toEqual({
      portfolio_id: 'E2E_P1',
      base_currency: 'USD',
      open_date: '2024-01-02',
      close_date: null,
      risk_exposure: 'Moderate',
      investment_time_horizon: 'Long',
      portfolio_type: 'Advisory',
      objective: null,
      booking_center_code: 'Singapore',
      client_id: 'CIF_1',
      is_leverage_allowed: false,
      advisor_id: null,
      status: 'ACTIVE',
      cost_basis_method: 'FIFO',
      cash_mode: 'EXPLICIT',
      version: 1,
    });
    const txns = (await get('/portfolios/E2E_P1/transactions')).json();
    expect(txns).toMatchObject({ portfolio_id: 'E2E_P1', total: 1 });
    expect(txns.transactions[0]).toMatchObject({
      transaction_id: 'E2E_BUY_1',
      transaction_date: '2024-11-01T10:00:00.000Z',
      quantity: '800',
      price: '185.25',
      gross_transaction_amount: '148200',
      trade_fee: '1.5',
      // Complete means derived too: the position engine has booked the BUY (gross + fee, base = USD).
      net_cost: '148201.5',
      gross_cost: '148200',
      realized_gain_loss: '0',
      transaction_fx_rate: '1',
      cashflow: {
        amount: '-148201.5',
        currency: 'USD',
        classification: 'INVESTMENT_OUTFLOW',
        timing: 'BOD',
        is_position_flow: true,
        is_portfolio_flow: false,
        calculation_type: 'NET',
      },
      version: 1,
    });
    expect((await get('/portfolios/E2E_P1/positions')).json().positions).toMatchObject([
      { security_id: 'SEC_AAPL', quantity: '800', cost_basis: '148201.5', instrument_name: 'Apple Inc.' },
    ]);
    expect((await get('/prices?security_id=SEC_AAPL')).json().prices).toEqual([
      { price_date: '2024-11-01', price: '186.1', currency: 'USD' },
    ]);
    expect((await get('/fx-rates?from_currency=USD&to_currency=EUR')).json().rates).toEqual([
      { rate_date: '2024-11-01', rate: '0.919923' },
    ]);
    expect((await get('/business-dates')).json().latest_business_date).toBe('2024-11-01');
    expect((await get('/instruments?security_id=SEC_AAPL')).json()).toMatchObject({ total: 1 });
    const listed = (await get('/ingestion/jobs?status=complete')).json();
    expect(listed.jobs.map((j: { job_id: string }) => j.job_id)).toContain(job.job_id);
  });

  it('shows a correction as the current version', async () => {
    const corrected = { ...BUNDLE.transactions[0], quantity: '750' };
    const job = await ingestAndWait('/ingest/transaction', corrected);
    expect(job.status).toBe('complete');
    const [txn] = (await get('/portfolios/E2E_P1/transactions')).json().transactions;
    expect(txn).toMatchObject({ transaction_id: 'E2E_BUY_1', quantity: '750', version: 2 });
    expect((await get('/portfolios/E2E_P1/positions')).json().positions).toMatchObject([
      { security_id: 'SEC_AAPL', quantity: '750' },
    ]);
    expect((await get('/lineage/portfolios/E2E_P1/securities/SEC_AAPL')).json()).toMatchObject({
      epoch: 1,
      status: 'CURRENT',
    });
  });
});
