import type { FastifyInstance, RouteOptions } from 'fastify';

/**
 * A valid example body for every JSON request of the API, shown by the OpenAPI document (media `example`)
 * so that Swagger's "Try it out" (/docs) starts from a body that succeeds. They name the demo's ids and
 * dates (`pas demo`: portfolios DEMO_001_USD and DEMO_002_EUR, benchmark DEMO_60_40, data to 2025-12-31);
 * test/e2e/request-examples.test.ts posts each one to a demo server and expects a success. Kept here, apart
 * from the schemas, because they describe the demo, not the contract; a test requires one per JSON body.
 */
export const DEMO_PORTFOLIO_ID = 'DEMO_001_USD';

const portfolio = {
  portfolio_id: 'MY_EUR',
  base_currency: 'EUR',
  open_date: '2025-01-02',
  risk_exposure: 'Moderate',
  investment_time_horizon: 'Long',
  portfolio_type: 'Discretionary',
  booking_center_code: 'Luxembourg',
  client_id: 'CIF_0001',
  status: 'ACTIVE',
  cost_basis_method: 'FIFO',
  cash_mode: 'AUTO',
};
const instrument = {
  security_id: 'SEC_ACME_US',
  name: 'Acme Corp.',
  isin: 'US0000000001',
  currency: 'USD',
  product_type: 'Equity',
  asset_class: 'Equity',
  sector: 'Technology',
  country_of_risk: 'US',
};
const transaction = {
  transaction_id: 'DEMO_001_USD-EX-0001',
  portfolio_id: 'DEMO_001_USD',
  instrument_id: 'SEC_AAPL_US',
  security_id: 'SEC_AAPL_US',
  transaction_date: '2025-12-31T10:00:00Z',
  transaction_type: 'BUY',
  quantity: '10',
  price: '190.25',
  gross_transaction_amount: '1902.5',
  trade_currency: 'USD',
  currency: 'USD',
  trade_fee: '5',
};
const price = { security_id: 'SEC_AAPL_US', price_date: '2025-12-31', price: '190.25', currency: 'USD' };
const fxRate = { from_currency: 'EUR', to_currency: 'USD', rate_date: '2025-12-31', rate: '1.0835' };
const businessDate = { business_date: '2025-12-31', calendar_code: 'GLOBAL' };

export const REQUEST_EXAMPLES: Readonly<Record<string, unknown>> = {
  'POST /ingest/portfolios': { portfolios: [portfolio] },
  'POST /ingest/instruments': { instruments: [instrument] },
  'POST /ingest/transactions': { transactions: [transaction] },
  'POST /ingest/transaction': transaction,
  'POST /ingest/market-prices': { market_prices: [price] },
  'POST /ingest/fx-rates': { fx_rates: [fxRate] },
  'POST /ingest/business-dates': { business_dates: [businessDate] },
  'POST /ingest/portfolio-bundle': {
    portfolios: [portfolio],
    instruments: [instrument],
    market_prices: [{ ...price, security_id: 'SEC_ACME_US', price: '100' }],
    fx_rates: [fxRate],
  },
  'POST /ingest/benchmarks': {
    benchmarks: [
      {
        benchmark_id: 'B_WORLD',
        benchmark_name: 'World equity (the demo ETF)',
        benchmark_currency: 'USD',
        return_convention: 'PRICE_RETURN_INDEX',
      },
    ],
    benchmark_levels: [
      { benchmark_id: 'B_WORLD', series_date: '2025-12-30', level: '100' },
      { benchmark_id: 'B_WORLD', series_date: '2025-12-31', level: '100.42' },
    ],
    benchmark_compositions: [
      {
        benchmark_id: 'B_WORLD',
        composition_date: '2025-12-01',
        component_id: 'SEC_ETF_WORLD_USD',
        weight: '1',
      },
    ],
  },
  'POST /reprocess/transactions': { transaction_ids: ['DEMO_001_USD-T00001'] },
  'POST /keys': { name: 'loader', scopes: ['ingest', 'read'], portfolios: ['DEMO_001_USD'] },
  'POST /portfolios': { ...portfolio, portfolio_id: 'MY_USD', base_currency: 'USD' },

  'POST /analytics/twr': {
    rows: [
      {
        date: '2025-04-01',
        bod_market_value: 100000,
        bod_cashflow: 0,
        eod_cashflow: 0,
        eod_market_value: 100850,
      },
      {
        date: '2025-04-02',
        bod_market_value: 100850,
        bod_cashflow: 25000,
        eod_cashflow: 0,
        eod_market_value: 126100,
        fees: 12.5,
      },
    ],
    net_or_gross: 'NET',
    breakdown: 'MONTHLY',
    periods: [{ type: 'YTD' }, { type: 'EXPLICIT', name: 'april', from: '2025-04-01', to: '2025-04-30' }],
  },
  'POST /analytics/modified-dietz': {
    start_date: '2024-12-31',
    end_date: '2025-01-31',
    begin_market_value: 1000000,
    end_market_value: 1062500,
    flows: [
      { date: '2025-01-10', amount: 50000 },
      { date: '2025-01-18', amount: -20000 },
    ],
  },
  'POST /analytics/mwr': {
    cashflows: [
      { date: '2025-01-02', amount: -10000 },
      { date: '2025-06-30', amount: -2000 },
      { date: '2025-12-31', amount: 12900 },
    ],
  },
  'POST /analytics/irr': { values: [-1000, 300, 400, 500], periods_per_year: 4 },
  'POST /analytics/bonds': {
    settlement_date: '2025-02-15',
    maturity_date: '2030-11-15',
    coupon_rate: 0.0425,
    frequency: 2,
    day_count: 'Act/Act ICMA',
    clean_price: 99.5,
  },
  'POST /analytics/cost-basis': {
    method: 'FIFO',
    transactions: [
      { date: '2025-01-10', type: 'buy', quantity: 100, price: 50, fee: 5 },
      { date: '2025-02-15', type: 'buy', quantity: 50, price: 55, fee: 5 },
      { date: '2025-03-20', type: 'sell', quantity: 80, price: 60, fee: 4 },
    ],
  },
  'POST /analytics/risk': {
    returns: [0.0123, -0.0087, 0.0045, -0.021, 0.0156, 0.0032].map((value, i) => ({
      date: `2025-01-0${i + 2}`,
      value,
    })),
    risk_free: { annual_rate: 0.02 },
  },

  'POST /portfolios/{portfolio_id}/performance': {
    scope: { as_of_date: '2025-12-31', net_or_gross: 'NET' },
    periods: [{ type: 'YTD', breakdown: 'MONTHLY' }, { type: 'SI' }],
    options: { include_annualized: true, include_cumulative: true },
  },
  'POST /portfolios/{portfolio_id}/performance/mwr': {
    scope: { as_of_date: '2025-12-31' },
    periods: [{ type: 'SI' }, { type: 'QTD' }],
    options: { annualize: true },
  },
  'POST /portfolios/{portfolio_id}/risk': {
    scope: { as_of_date: '2025-12-31' },
    periods: [{ type: 'YTD' }],
    metrics: ['VOLATILITY', 'DRAWDOWN', 'SHARPE', 'BETA', 'TRACKING_ERROR', 'VAR'],
    options: { benchmark_id: 'DEMO_60_40' },
  },
  'POST /portfolios/{portfolio_id}/contribution': {
    as_of_date: '2025-12-31',
    period: { type: 'YTD' },
    group_by: 'sector',
  },
  'POST /portfolios/{portfolio_id}/attribution': {
    period: { type: 'EXPLICIT', from: '2025-03-01', to: '2025-06-30' },
    group_by: 'asset_class',
    benchmark_id: 'DEMO_60_40',
  },
  'POST /portfolios/{portfolio_id}/concentration': {
    scope: { as_of_date: '2025-12-31' },
    metrics: ['ISSUER', 'BULK'],
    options: { bulk_top_n: [5, 10], include_cash: true },
  },
  'POST /portfolios/{portfolio_id}/rebalance': {
    as_of_date: '2025-12-31',
    targets: { by: 'asset_class', weights: [{ key: 'Equity', weight: 0.6 }] },
    cash_buffer: 0.02,
  },
  'POST /portfolios/{portfolio_id}/pnl': {
    as_of_date: '2025-12-31',
    periods: [{ type: 'QTD' }, { type: 'SI' }],
    include_positions: true,
  },
  'POST /portfolios/{portfolio_id}/pnl/realized-gains': { period: { type: 'SI' }, long_term_after_days: 365 },
  'POST /portfolios/{portfolio_id}/calculate': {
    as_of_date: '2025-12-31',
    period: { type: 'YTD' },
    net_or_gross: 'NET',
  },
  'POST /portfolios/{portfolio_id}/summary': {
    as_of_date: '2025-12-31',
    period: { type: 'YTD' },
    sections: ['WEALTH', 'ALLOCATION', 'PNL', 'INCOME', 'ACTIVITY'],
    allocation_dimensions: ['ASSET_CLASS', 'CURRENCY'],
  },
};

const methodsOf = (route: RouteOptions) => (Array.isArray(route.method) ? route.method : [route.method]);

/** The key of a route in REQUEST_EXAMPLES: `POST /portfolios/{portfolio_id}/pnl`. */
export const exampleKey = (method: string, url: string) => `${method} ${url.replace(/:(\w+)/g, '{$1}')}`;

type SchemaObject = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

/**
 * Adds each route's example body (and the demo's portfolio id as the example of a `portfolio_id` path
 * parameter) to its schema, copying the schema objects so that schemas shared between routes stay as they are.
 */
export function registerRequestExamples(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as
      | (Record<string, unknown> & { body?: SchemaObject; params?: SchemaObject })
      | undefined;
    if (!schema) return;
    const next = { ...schema };
    for (const method of methodsOf(route)) {
      const example = REQUEST_EXAMPLES[exampleKey(method, route.url)];
      if (example !== undefined && schema.body) next.body = { ...schema.body, examples: [example] };
    }
    const param = schema.params?.properties?.portfolio_id;
    if (param && schema.params) {
      next.params = {
        ...schema.params,
        properties: {
          ...schema.params.properties,
          portfolio_id: { ...param, examples: [DEMO_PORTFOLIO_ID] },
        },
      };
    }
    route.schema = next;
  });
}
