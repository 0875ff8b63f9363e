import { instruments, lastWeekdays, market, marketSetup, rngFor, scaled, trade } from '../data.ts';
import type { Workload } from '../workload.ts';

/** Business days of prices; the batch trades on all of them. */
const DAYS = 20;
/** Transactions per portfolio in the batch (BUYs, then SELLs of part of them). */
const TRADES = 100;
const PROBED = 'RESP_PROBE';

/**
 * Issue 10 item 3: one ingest request of 50,000 transactions (500 portfolios × 100 trades over 20 instruments
 * and 20 business days) while a probe polls `GET /health/live` and the positions of a portfolio loaded in the
 * setup. The batch goes in ONE request (the largest PAS_MAX_BATCH_RECORDS allows), not in 5,000-record chunks:
 * the request itself is part of what must not hold the process.
 */
export const responsiveness: Workload = {
  name: 'responsiveness',
  description:
    'one request of 500 portfolios × 100 trades (50,000) while GET /health/live and GET /positions are probed',
  plan(scale, seed) {
    const rng = rngFor(seed, 'responsiveness');
    const dates = lastWeekdays(DAYS);
    const list = instruments(20);
    const m = market(rng, list, dates);
    const ids = Array.from(
      { length: scaled(500, scale) },
      (_, p) => `RESP_${String(p + 1).padStart(5, '0')}`,
    );
    const transactions: object[] = [];
    for (const id of ids) {
      const r = rng.fork(id);
      for (let k = 0; k < TRADES; k++) {
        const instrument = list[k % list.length]!;
        const day = Math.floor((k * DAYS) / TRADES);
        // Every fifth trade sells a little of what an earlier one bought: lots are consumed, not only built.
        const sell = k >= list.length && k % 5 === 4;
        const time = `${String(9 + (k % 8)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}:00`;
        transactions.push(
          trade(m, id, k + 1, instrument, day, sell ? 'SELL' : 'BUY', sell ? 1 : r.int(5, 500), time),
        );
      }
    }
    const probe = list.map((instrument, k) => trade(m, PROBED, k + 1, instrument, 0, 'BUY', 100 + k));
    return {
      setup: [...marketSetup(m, [PROBED, ...ids]), { entity: 'transactions', records: probe }],
      phases: [
        {
          name: 'batch',
          batches: [{ entity: 'transactions', records: transactions }],
          requestRecords: transactions.length,
        },
      ],
      probe: {
        intervalMs: { live: 50, positions: 250 },
        paths: [
          { name: 'live', path: '/health/live' },
          { name: 'positions', path: `/portfolios/${PROBED}/positions` },
        ],
      },
    };
  },
};
