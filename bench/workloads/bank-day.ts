import { instruments, lastWeekdays, market, marketSetup, rngFor, scaled, trade } from '../data.ts';
import type { Workload } from '../workload.ts';

/** Design §9 bank-day: 1,000 portfolios × 100 BUYs on one day, 100 instruments in USD/EUR/SGD/GBP (USD base). */
export const bankDay: Workload = {
  name: 'bank-day',
  description: '1,000 portfolios × 100 BUYs (one per instrument) on one day; instruments in 4 currencies',
  plan(scale, seed) {
    const rng = rngFor(seed, 'bank-day');
    const dates = lastWeekdays(1);
    const list = instruments(100);
    const m = market(rng, list, dates);
    const count = scaled(1000, scale);
    const ids = Array.from({ length: count }, (_, p) => `BANK_${String(p + 1).padStart(5, '0')}`);
    const transactions: object[] = [];
    for (const id of ids) {
      const r = rng.fork(id);
      list.forEach((instrument, k) => {
        transactions.push(trade(m, id, k + 1, instrument, 0, 'BUY', r.int(1, 1000)));
      });
    }
    return {
      setup: [...marketSetup(m, ids)],
      phases: [{ name: 'transactions', batches: [{ entity: 'transactions', records: transactions }] }],
    };
  },
};
