import { instruments, lastWeekdays, market, marketSetup, rngFor, scaled, trade } from '../data.ts';
import type { Workload } from '../workload.ts';

/** Business days of prices; the BUYs are on the first. */
const DAYS = 5;

/** Design §9 fan-in: one portfolio buying 1,000 securities (reference and market data loaded untimed). */
export const fanIn: Workload = {
  name: 'fan-in',
  description: `1 portfolio × 1,000 securities (one BUY each, ${DAYS} days of prices)`,
  plan(scale, seed) {
    const rng = rngFor(seed, 'fan-in');
    const dates = lastWeekdays(DAYS);
    const list = instruments(scaled(1000, scale));
    const m = market(rng, list, dates);
    const id = 'FANIN_00001';
    const r = rng.fork(id);
    const transactions = list.map((instrument, k) =>
      trade(m, id, k + 1, instrument, 0, 'BUY', r.int(1, 1000)),
    );
    return {
      setup: [...marketSetup(m, [id])],
      phases: [{ name: 'transactions', batches: [{ entity: 'transactions', records: transactions }] }],
    };
  },
};
