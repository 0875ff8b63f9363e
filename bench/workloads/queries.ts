import { generateDemo } from '../../src/domain/demo/generate.ts';
import { type Batch, BENCH_END, scaled } from '../data.ts';
import type { Workload } from '../workload.ts';
import { bankDay } from './bank-day.ts';

/**
 * Design §9 queries: "performance + risk over 10 years of daily data, concurrent clients". The portfolio is the
 * demo generator's first portfolio over 10 years (untimed setup; ~3,650 daily rows). Performance asks for every
 * standard period with a monthly breakdown of SI; risk for the full metric set over 1, 3 years and SI against a
 * security as benchmark. The positions as of the latest date are measured beside them. While the clients run,
 * bank-day's transactions (its portfolios and market in the setup) are ingested, round after round under new
 * ids, so the answers are measured under a working pipeline (in Kafka mode: ingest, relay and stages in their
 * own processes).
 */
/** Round r > 0 of bank-day's trades: the same trades under new transaction ids, so each round is new work. */
const withRound = (batches: readonly Batch[], round: number): Batch[] =>
  round === 0
    ? [...batches]
    : batches.map((b) => ({
        ...b,
        records: b.records.map((r) => {
          const t = r as { transaction_id: string };
          return { ...t, transaction_id: `${t.transaction_id}-R${round}` };
        }),
      }));

export const queries: Workload = {
  name: 'queries',
  description:
    'POST /portfolios/{id}/performance and /risk over 10 years of daily data, and GET /positions, under 8 concurrent clients while bank-day ingests',
  plan(scale, seed) {
    const data = generateDemo({ seed, portfolios: 1, years: 10, endDate: BENCH_END });
    const id = data.portfolios[0]!.portfolio_id;
    const benchmark =
      data.instruments.find((i) => i.product_type === 'ETF')?.security_id ?? data.instruments[0]!.security_id;
    const setup: Batch[] = [
      { entity: 'business-dates', records: data.business_dates },
      { entity: 'portfolios', records: data.portfolios },
      { entity: 'instruments', records: data.instruments },
      { entity: 'market-prices', records: data.market_prices },
      { entity: 'fx-rates', records: data.fx_rates },
      { entity: 'transactions', records: data.transactions },
    ];
    // Bank-day's business date is the demo's last one: the demo's record stays the only version.
    const bank = bankDay.plan(scale, seed);
    const bankTrades = bank.phases.flatMap((p) => p.batches);
    setup.push(...bank.setup.filter((b) => b.entity !== 'business-dates'));
    return {
      setup,
      phases: [],
      queries: {
        paths: [
          {
            name: 'performance',
            path: `/portfolios/${id}/performance`,
            body: {
              scope: { as_of_date: BENCH_END, net_or_gross: 'NET' },
              periods: [
                ...['MTD', 'QTD', 'YTD', 'ONE_YEAR', 'THREE_YEAR', 'FIVE_YEAR'].map((type) => ({ type })),
                { type: 'SI', breakdown: 'MONTHLY' },
              ],
              options: { include_attributes: true },
            },
          },
          {
            name: 'risk',
            path: `/portfolios/${id}/risk`,
            body: {
              scope: { as_of_date: BENCH_END, net_or_gross: 'NET' },
              periods: [{ type: 'ONE_YEAR' }, { type: 'THREE_YEAR' }, { type: 'SI' }],
              options: {
                benchmark_security_id: benchmark,
                risk_free_mode: 'ANNUAL_RATE',
                risk_free_annual_rate: 0.02,
              },
            },
          },
          { name: 'positions', path: `/portfolios/${id}/positions` },
        ],
        requests: scaled(2000, scale, 50),
        concurrency: 8,
        during: (round) => withRound(bankTrades, round),
      },
    };
  },
};
