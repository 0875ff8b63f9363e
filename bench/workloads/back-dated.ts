import { addYears } from '../../src/domain/dates.ts';
import {
  BENCH_END,
  instruments,
  market,
  marketSetup,
  rngFor,
  scaled,
  trade,
  yearsOfWeekdays,
} from '../data.ts';
import type { Workload } from '../workload.ts';

export const BACK_DATED_PORTFOLIO = 'BACK_00001';

/**
 * Design §9 back-dated: a 5-year portfolio (10 instruments, 250 transactions, daily prices and FX) is loaded
 * untimed; the timed phase is one BUY dated 4 years back.
 */
export const backDated: Workload = {
  name: 'back-dated',
  description: 'one BUY dated 4 years back into a 5-year portfolio (10 instruments, 250 txns)',
  plan(scale, seed) {
    const rng = rngFor(seed, 'back-dated');
    const dates = yearsOfWeekdays(5);
    const list = instruments(scaled(10, scale, 2));
    const m = market(rng, list, dates);
    const id = BACK_DATED_PORTFOLIO;
    const r = rng.fork(id);
    const transactions: object[] = [];
    const days = [
      ...list.map((_, k) => k),
      ...Array.from({ length: scaled(250, scale, 10) - list.length }, () =>
        r.int(list.length, dates.length - 1),
      ),
    ].sort((a, b) => a - b);
    days.forEach((day, n) => {
      const instrument = n < list.length ? list[n]! : r.pick(list);
      transactions.push(trade(m, id, n + 1, instrument, day, 'BUY', r.int(1, 100)));
    });
    const target = addYears(BENCH_END, -4);
    const day = dates.findIndex((d) => d >= target);
    return {
      setup: [...marketSetup(m, [id]), { entity: 'transactions', records: transactions }],
      phases: [
        {
          name: 'one-txn',
          batches: [
            { entity: 'transactions', records: [trade(m, id, 999_999, list[0]!, day, 'BUY', 7, '15:30:00')] },
          ],
        },
      ],
    };
  },
};
