import {
  instruments,
  lastWeekdays,
  market,
  marketSetup,
  priceRecords,
  rngFor,
  scaled,
  trade,
} from '../data.ts';
import type { Workload } from '../workload.ts';

/** Business days of price history under the burst; the restated date is in the middle. */
const DAYS = 20;

/**
 * Design §9 price-burst: 100 portfolios each holding the same 100 instruments over 20 business days (untimed);
 * the timed phase restates every instrument's price on one date by +5 %.
 */
export const priceBurst: Workload = {
  name: 'price-burst',
  description: `100 portfolios × 100 shared instruments (${DAYS} days); +5 % price restatement on one date`,
  plan(scale, seed) {
    const rng = rngFor(seed, 'price-burst');
    const dates = lastWeekdays(DAYS);
    const list = instruments(scaled(100, scale));
    const m = market(rng, list, dates);
    const ids = Array.from(
      { length: scaled(100, scale) },
      (_, p) => `BURST_${String(p + 1).padStart(5, '0')}`,
    );
    const transactions: object[] = [];
    for (const id of ids) {
      const r = rng.fork(id);
      list.forEach((instrument, k) => {
        transactions.push(trade(m, id, k + 1, instrument, 0, 'BUY', r.int(1, 1000)));
      });
    }
    const restated = Math.floor(DAYS / 2);
    return {
      setup: [...marketSetup(m, ids), { entity: 'transactions', records: transactions }],
      phases: [
        {
          name: 'restate',
          batches: [{ entity: 'market-prices', records: priceRecords(m, [restated], 1.05) }],
        },
      ],
    };
  },
};
