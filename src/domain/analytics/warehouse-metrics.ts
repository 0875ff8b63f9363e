import { PERIODS_PER_YEAR, resampleReturns } from './performance/resample.ts';
import { dailyReturnOf, type PortfolioSeriesRow } from './performance/series.ts';
import type { IsoDate } from './returns/types.ts';
import { stdDev } from './risk/moments.ts';

/**
 * The four metric tables of seed 003's warehouse (daily_returns, cumulative_returns, drawdown,
 * rolling_volatility) for one portfolio's daily series. The daily return is the one POST
 * /portfolios/{id}/performance links (NET, dailyReturnOf), so a cumulative return here equals that route's
 * TWR over the same days. Pure: the export hands it one portfolio's rows at a time.
 */

/** Trailing window of the rolling volatility, in weekday returns (seed 003: "30-day rolling volatility"). */
export const ROLLING_WINDOW = 30;

export interface MetricDay {
  date: IsoDate;
  /** The day's NET time-weighted return; null when undefined (note says why). */
  daily_return: number | null;
  note: string | null;
  /** Π(1 + r) − 1 from the first day; null before any capital was at work and after an undefined return. */
  cumulative_return: number | null;
  /** 1 + cumulative_return. */
  wealth_index: number | null;
  /** The highest wealth index so far, starting from 1 (the capital at the start). */
  peak_index: number | null;
  /** wealth_index / peak_index − 1 (≤ 0). */
  drawdown: number | null;
  /** The lowest drawdown so far. */
  max_drawdown: number | null;
}

export interface VolatilityDay {
  /** A weekday: a weekend's returns are linked into the following Monday (as the risk routes do). */
  date: IsoDate;
  observations: number;
  /** Sample standard deviation (ddof 1) of the window's returns. */
  volatility: number;
  /** volatility × √252. */
  annualized_volatility: number;
}

export interface PortfolioMetrics {
  days: MetricDay[];
  volatility: VolatilityDay[];
}

export function warehouseMetrics(rows: readonly PortfolioSeriesRow[]): PortfolioMetrics {
  const days: MetricDay[] = [];
  const defined: { date: IsoDate; value: number }[] = [];
  let growth = 1;
  let linked = 0;
  let broken = false;
  let peak = 1;
  let maxDrawdown = 0;
  for (const row of rows) {
    const r = dailyReturnOf(row, 'NET');
    if (r.value !== null) {
      growth *= 1 + r.value;
      linked++;
      defined.push({ date: row.date, value: r.value });
    } else if (!r.idle) {
      broken = true; // a chain with a missing link has no value from here on (linkReturns)
    }
    const known = !broken && linked > 0 && Number.isFinite(growth);
    if (known) {
      peak = Math.max(peak, growth);
      maxDrawdown = Math.min(maxDrawdown, growth / peak - 1);
    }
    days.push({
      date: row.date,
      daily_return: r.value,
      note: r.value === null ? (r.reason ?? null) : null,
      cumulative_return: known ? growth - 1 : null,
      wealth_index: known ? growth : null,
      peak_index: known ? peak : null,
      drawdown: known ? growth / peak - 1 : null,
      max_drawdown: known ? maxDrawdown : null,
    });
  }
  return { days, volatility: rollingVolatility(defined) };
}

function rollingVolatility(returns: readonly { date: IsoDate; value: number }[]): VolatilityDay[] {
  if (returns.length === 0) return [];
  const weekdays = resampleReturns(returns, 'DAILY', returns[returns.length - 1]!.date);
  const out: VolatilityDay[] = [];
  for (let end = ROLLING_WINDOW; end <= weekdays.length; end++) {
    const window = weekdays.slice(end - ROLLING_WINDOW, end).map((w) => w.value);
    const sd = stdDev(window, 1);
    out.push({
      date: weekdays[end - 1]!.date,
      observations: ROLLING_WINDOW,
      volatility: sd,
      annualized_volatility: sd * Math.sqrt(PERIODS_PER_YEAR.DAILY),
    });
  }
  return out;
}
