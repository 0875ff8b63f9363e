import { addDays } from '../../src/domain/dates.ts';
import type { IsoDate } from '../../src/domain/demo/calendar.ts';
import {
  BENCH_END,
  type BenchInstrument,
  businessDates,
  fxRecords,
  instrumentRecord,
  instruments,
  market,
  portfolio,
  priceRecords,
  rngFor,
  scaled,
  trade,
  yearsOfWeekdays,
} from '../data.ts';
import type { Workload } from '../workload.ts';

/** Instruments each history portfolio trades. */
export const HISTORY_POSITIONS = 5;
/** Transactions per history portfolio (1,000 portfolios → ~100,000). */
export const HISTORY_TXNS = 100;

/**
 * Design §9 history: 1,000 portfolios, 200 instruments, 5 years of daily prices and FX, ~100,000 transactions.
 * Phase "rebuild": everything but the portfolios and instruments, from nothing. Phase "new-day": one more
 * business date with a price for every instrument and the FX rates.
 */
export const history: Workload = {
  name: 'history',
  description: `1,000 portfolios × ${HISTORY_TXNS} txns over ${HISTORY_POSITIONS} of 200 instruments, 5 years daily prices/FX; then one new day`,
  plan(scale, seed) {
    const rng = rngFor(seed, 'history');
    const nextDay: IsoDate = addDays(BENCH_END, 1); // 2025-07-01, a Tuesday
    const dates = [...yearsOfWeekdays(5), nextDay];
    const list = instruments(scaled(200, scale, HISTORY_POSITIONS));
    const m = market(rng, list, dates);
    const last = dates.length - 2; // the rebuild ends on BENCH_END; the last index is the new day
    const ids = Array.from(
      { length: scaled(1000, scale) },
      (_, p) => `HIST_${String(p + 1).padStart(5, '0')}`,
    );
    const transactions: object[] = [];
    for (const id of ids) {
      const r = rng.fork(id);
      const own: BenchInstrument[] = [];
      while (own.length < HISTORY_POSITIONS) {
        const pick = r.pick(list);
        if (!own.includes(pick)) own.push(pick);
      }
      const held = new Map<string, number>();
      // Opening buys in the first month, then buys and sells spread over the five years, in date order.
      const days = [
        ...own.map((_, k) => r.int(0, 20) + k),
        ...Array.from({ length: HISTORY_TXNS - own.length }, () => r.int(25, last)),
      ].sort((a, b) => a - b);
      days.forEach((day, n) => {
        const instrument = n < own.length ? own[n]! : r.pick(own);
        const have = held.get(instrument.security_id) ?? 0;
        const sell = have > 10 && r.chance(0.35);
        const quantity = sell ? r.int(1, Math.floor(have / 2)) : r.int(10, 500);
        held.set(instrument.security_id, have + (sell ? -quantity : quantity));
        transactions.push(trade(m, id, n + 1, instrument, day, sell ? 'SELL' : 'BUY', quantity));
      });
    }
    const history = dates.slice(0, -1).map((_, d) => d);
    return {
      setup: [
        { entity: 'portfolios', records: ids.map((id) => portfolio(id, dates[0]!)) },
        { entity: 'instruments', records: list.map(instrumentRecord) },
      ],
      phases: [
        {
          name: 'rebuild',
          batches: [
            { entity: 'business-dates', records: businessDates(dates.slice(0, -1)) },
            { entity: 'market-prices', records: priceRecords(m, history) },
            { entity: 'fx-rates', records: fxRecords(m, history) },
            { entity: 'transactions', records: transactions },
          ],
        },
        {
          name: 'new-day',
          batches: [
            { entity: 'business-dates', records: businessDates([nextDay]) },
            { entity: 'market-prices', records: priceRecords(m, [last + 1]) },
            { entity: 'fx-rates', records: fxRecords(m, [last + 1]) },
          ],
        },
      ],
    };
  },
};
