import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.ts';
import type { PortfolioSeriesRow } from './performance/series.ts';
import { ROLLING_WINDOW, warehouseMetrics } from './warehouse-metrics.ts';

const row = (date: string, bmv: number, emv: number, bod = 0, eod = 0): PortfolioSeriesRow => ({
  date,
  bod_market_value: bmv,
  eod_market_value: emv,
  bod_cashflow: bod,
  eod_cashflow: eod,
  fees: 0,
  fees_in_value: 0,
  income: 0,
  complete: true,
  incomplete_reason: null,
});

describe('warehouseMetrics', () => {
  it('links, peaks and draws down by hand', () => {
    const { days } = warehouseMetrics([
      row('2025-01-06', 0, 0), // idle: nothing invested yet
      row('2025-01-07', 0, 110, 100), // +10 % on a 100 deposit at the open
      row('2025-01-08', 110, 99), // −10 %
      row('2025-01-09', 99, 90, 0, -9), // a 9 withdrawal at the close: 0 %
      row('2025-01-10', 90, 108.9), // +21 %: back above the peak
    ]);
    expect(days[0]).toMatchObject({ daily_return: null, cumulative_return: null, drawdown: null });
    expect(days[0]!.note).toMatch(/no capital/);
    expect(days[1]!.daily_return).toBeCloseTo(0.1, 15);
    expect(days[2]!.daily_return).toBeCloseTo(-0.1, 15);
    expect(days[2]!.cumulative_return).toBeCloseTo(1.1 * 0.9 - 1, 15);
    expect(days[2]!.peak_index).toBeCloseTo(1.1, 15);
    expect(days[2]!.drawdown).toBeCloseTo(0.99 / 1.1 - 1, 15);
    expect(days[3]!.daily_return).toBeCloseTo(0, 15);
    expect(days[3]!.max_drawdown).toBeCloseTo(0.99 / 1.1 - 1, 15);
    expect(days[4]!.daily_return).toBeCloseTo(0.21, 15);
    expect(days[4]!.wealth_index).toBeCloseTo(0.99 * 1.21, 15);
    expect(days[4]!.drawdown).toBe(0);
    expect(days[4]!.max_drawdown).toBeCloseTo(0.99 / 1.1 - 1, 15);
  });

  it('a day without a defined return breaks the chain from there on', () => {
    const { days } = warehouseMetrics([
      row('2025-01-06', 0, 105, 100),
      row('2025-01-07', -5, 10), // negative capital base: undefined, not idle
      row('2025-01-08', 10, 11),
    ]);
    expect(days[0]!.cumulative_return).toBeCloseTo(0.05, 15);
    expect(days[1]!.daily_return).toBeNull();
    expect(days[1]!.cumulative_return).toBeNull();
    expect(days[2]!.daily_return).toBeCloseTo(0.1, 15);
    expect(days[2]!.cumulative_return).toBeNull();
  });

  it('rolling volatility: sample deviation of the last 30 weekday returns, a weekend linked into Monday', () => {
    const rows: PortfolioSeriesRow[] = [];
    let value = 100;
    let date = '2025-01-06'; // a Monday
    rows.push(row(addDays(date, -1), 0, 100, 100)); // Sunday: the deposit, 0 %
    for (let i = 0; rows.length < 60; i++, date = addDays(date, 1)) {
      const r = ((i * 7919) % 13) / 1000 - 0.006;
      const next = value * (1 + r);
      rows.push(row(date, value, next));
      value = next;
    }
    // Hand: a Monday's return links the Saturday and Sunday before it.
    const linked: number[] = [];
    let pending = 1;
    for (const r of rows.slice(1)) {
      const ret = r.eod_market_value / r.bod_market_value - 1;
      pending *= 1 + ret;
      const weekday = new Date(`${r.date}T00:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      linked.push(pending - 1);
      pending = 1;
    }
    const { volatility } = warehouseMetrics(rows);
    // The first weekday bucket also holds the Sunday deposit day (0 %).
    expect(volatility).toHaveLength(linked.length - ROLLING_WINDOW + 1);
    const window = linked.slice(-ROLLING_WINDOW);
    const mean = window.reduce((a, b) => a + b, 0) / ROLLING_WINDOW;
    const sd = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / (ROLLING_WINDOW - 1));
    const last = volatility.at(-1)!;
    expect(last.volatility).toBeCloseTo(sd, 14);
    expect(last.annualized_volatility).toBeCloseTo(sd * Math.sqrt(252), 13);
    for (const v of volatility) expect([0, 6]).not.toContain(new Date(`${v.date}T00:00:00Z`).getUTCDay());
  });
});
