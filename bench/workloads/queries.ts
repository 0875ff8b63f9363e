import { generateDemo } from '../../src/domain/demo/generate.ts';
import { type Batch, BENCH_END, scaled } from '../data.ts';
import type { Workload } from '../workload.ts';

/**
 * Design §9 queries: "performance + risk over 10 years of daily data, concurrent clients". The performance and
 * risk endpoints do not exist yet, so this measures the reads over the same 10-year portfolio that exist:
 * the whole portfolio time series (~3,650 daily rows) and the positions as of the latest date. The portfolio
 * is the demo generator's first portfolio over 10 years (untimed setup).
 */
export const queries: Workload = {
  name: 'queries',
  description:
    'GET /portfolios/{id}/timeseries (10 years) and /positions under 8 concurrent clients (performance/risk endpoints do not exist yet)',
  plan(scale, seed) {
    const data = generateDemo({ seed, portfolios: 1, years: 10, endDate: BENCH_END });
    const id = data.portfolios[0]!.portfolio_id;
    const setup: Batch[] = [
      { entity: 'business-dates', records: data.business_dates },
      { entity: 'portfolios', records: data.portfolios },
      { entity: 'instruments', records: data.instruments },
      { entity: 'market-prices', records: data.market_prices },
      { entity: 'fx-rates', records: data.fx_rates },
      { entity: 'transactions', records: data.transactions },
    ];
    return {
      setup,
      phases: [],
      queries: {
        paths: [
          { name: 'timeseries', path: `/portfolios/${id}/timeseries` },
          { name: 'positions', path: `/portfolios/${id}/positions` },
        ],
        requests: scaled(2000, scale, 50),
        concurrency: 8,
      },
    };
  },
};
