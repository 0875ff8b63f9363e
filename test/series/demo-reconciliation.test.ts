import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createSeriesStage } from '../../src/engine/series-stage.ts';
import { TOPICS } from '../../src/engine/topics.ts';
import type { LogRecord } from '../../src/log/log.ts';
import { ingestDemo, openPositions } from '../positions/positions-harness.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';

/** Sums of float64 values over a year of days: absolute tolerance 1e-6 (base currency units). */
const ABS = 1e-6;
/**
 * The flow identity holds to the booked amounts, not to 1e-6: the demo books a foreign BUY's cash leg in cents
 * (−247,661.09) while the security's base cost is the unrounded product (247,661.090018846), so Σ position
 * flows of such a day is ~2e-5, not 0. Half a cent per position flow of the day bounds that rounding.
 */
const BOOKED = 0.005;

type Num = number | null;

describe.each(stores())('demo data set reconciliation on $kind', (store) => {
  const h = forSuite(() => openPositions(store));

  it('every portfolio day: EOD = Σ positions, and the change in value = flows + P&L; no day incomplete', async () => {
    await ingestDemo(h, { seed: 7, portfolios: 2, years: 1, endDate: '2024-06-28' });

    const days = await h.db.query<{
      portfolio_id: string;
      date: string;
      bod_market_value: number;
      eod_market_value: number;
      bod_cashflow: number;
      eod_cashflow: number;
      complete: boolean;
      incomplete_reason: string | null;
    }>('SELECT * FROM portfolio_daily ORDER BY portfolio_id, date');
    const positions = await h.db.query<{
      portfolio_id: string;
      date: string;
      bod_market_value: Num;
      eod_market_value: Num;
      bod_cashflow: number;
      eod_cashflow: number;
    }>('SELECT * FROM position_daily');
    const sums = new Map<string, { eod: number; pnl: number; flows: number }>();
    for (const p of positions) {
      const k = `${p.portfolio_id}|${p.date}`;
      const s = sums.get(k) ?? { eod: 0, pnl: 0, flows: 0 };
      s.eod += p.eod_market_value ?? Number.NaN;
      s.pnl +=
        (p.eod_market_value ?? Number.NaN) - (p.bod_market_value ?? 0) - p.bod_cashflow - p.eod_cashflow;
      s.flows += (p.bod_cashflow !== 0 ? 1 : 0) + (p.eod_cashflow !== 0 ? 1 : 0);
      sums.set(k, s);
    }
    expect(new Set(days.map((d) => d.portfolio_id)).size).toBe(2);
    expect(days.length).toBeGreaterThan(2 * 360);
    for (const d of days) {
      const at = `${d.portfolio_id} ${d.date}`;
      expect(d.complete, `${at}: ${d.incomplete_reason}`).toBe(true);
      const s = sums.get(`${d.portfolio_id}|${d.date}`) ?? { eod: 0, pnl: 0, flows: 0 };
      expect(Math.abs(d.eod_market_value - s.eod), at).toBeLessThanOrEqual(ABS);
      const change = d.eod_market_value - d.bod_market_value;
      expect(Math.abs(change - (d.bod_cashflow + d.eod_cashflow + s.pnl)), at).toBeLessThanOrEqual(
        ABS + BOOKED * s.flows,
      );
    }

    // A full rebuild of every portfolio, with the price/FX cache on and off, writes exactly the rows already
    // there: the cache changes speed, never results. (Timings belong to npm run bench, not here.)
    const snapshot = async () => ({
      positions: await h.db.query('SELECT * FROM position_daily ORDER BY portfolio_id, security_id, date'),
      portfolio: await h.db.query('SELECT * FROM portfolio_daily ORDER BY portfolio_id, date'),
    });
    const before = await snapshot();
    const portfolios = [...new Set(days.map((d) => d.portfolio_id))];
    const batch: LogRecord[] = portfolios.map((portfolio_id, offset) => ({
      topic: TOPICS.positionsChanged,
      partition: 0,
      offset,
      key: portfolio_id,
      value: { portfolio_id, from_date: '1900-01-01' },
      headers: {},
      timestamp: new Date(0).toISOString(),
    }));
    for (const cache of [true, false]) {
      const stage = createSeriesStage({ cache });
      await h.db.transaction((tx) =>
        stage.handle({ tx, emit: () => {}, log: pino({ level: 'silent' }) }, batch),
      );
      expect(await snapshot()).toEqual(before);
    }
  }, 240_000);
});
