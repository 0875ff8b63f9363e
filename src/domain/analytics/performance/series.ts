import { addDays } from '../../dates.ts';
import { REASON_SEPARATOR } from '../../valuation/day-totals.ts';
import type { PortfolioDay } from '../../valuation/types.ts';
import type { Figure } from '../figure.ts';
import { dailyReturn } from '../returns/daily-return.ts';
import type { DailyReturn, IsoDate, NetOrGross } from '../returns/types.ts';

/**
 * A portfolio's daily series as the per-portfolio analytics read it (portfolio_daily, base currency), and the
 * windows of it that a period or a breakdown bucket covers. Pure.
 */

/** One row of portfolio_daily, with the part of its fees booked inside the market value. */
export interface PortfolioSeriesRow extends Omit<PortfolioDay, 'realized_gain_loss'> {
  /** The part of `fees` booked on a security: inside the market value, not an external flow. */
  fees_in_value: number;
}

/** First and last day of the portfolio's whole series; nulls when it has none. */
export interface SeriesSpan {
  first: IsoDate | null;
  last: IsoDate | null;
}

/** The rows read (ascending, one per date, covering the day before the earliest period) and the span. */
export interface PortfolioSeries {
  span: SeriesSpan;
  rows: readonly PortfolioSeriesRow[];
}

/**
 * The day's time-weighted return, NET or GROSS of fees. Flows are as recorded (BOD flows invested all day,
 * EOD flows not at all): the original's formula. A FEE on cash left as an external flow, so the flow-adjusted
 * gain is gross of it and NET subtracts it (the returns module's `fee_booking: external_flow`); a FEE on a
 * security lowered the value inside the portfolio, so the gain is net of it and GROSS adds it back
 * (`market_value`). Either way NET = GROSS − fees / capital.
 */
export function dailyReturnOf(row: PortfolioSeriesRow, netOrGross: NetOrGross): DailyReturn {
  const feesAsFlows = Math.max(0, row.fees - row.fees_in_value);
  return netOrGross === 'NET'
    ? dailyReturn(
        { ...row, fees: feesAsFlows },
        { flow_timing: 'as_recorded', net_or_gross: 'NET', fee_booking: 'external_flow' },
      )
    : dailyReturn(
        { ...row, fees: row.fees_in_value },
        { flow_timing: 'as_recorded', net_or_gross: 'GROSS', fee_booking: 'market_value' },
      );
}

/** The index of the first row dated on or after `date` (rows ascending). */
export function firstIndexFrom(rows: readonly { date: IsoDate }[], date: IsoDate): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.date < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows dated start..end inclusive. */
export function rowsWithin<T extends { date: IsoDate }>(
  rows: readonly T[],
  start: IsoDate,
  end: IsoDate,
): T[] {
  return rows.slice(firstIndexFrom(rows, start), firstIndexFrom(rows, addDays(end, 1)));
}

const incompleteClose = (row: PortfolioSeriesRow): string =>
  `the valuation at the close of ${row.date} is incomplete (${row.incomplete_reason ?? 'incomplete'})`;

/**
 * The portfolio's value at the close of `date`: 0 before its series starts (nothing was held), unknown after
 * it ends or on a day whose valuation is incomplete (a position could not be valued: its value is not in the
 * total, and counting it as 0 would invent a loss, seed-system §14.7).
 */
export function closeOf(series: PortfolioSeries, date: IsoDate): Figure {
  const { first, last } = series.span;
  if (first === null || date < first) return { value: 0 };
  if (last === null || date > last) return { value: null, reason: `the daily series end on ${last}` };
  const row = series.rows[firstIndexFrom(series.rows, date)];
  if (row === undefined || row.date !== date) return { value: null, reason: `no series row on ${date}` };
  return row.complete ? { value: row.eod_market_value } : { value: null, reason: incompleteClose(row) };
}

/** A stretch of the series: a period or a breakdown bucket, start..end inclusive. */
export interface SeriesWindow {
  start_date: IsoDate;
  end_date: IsoDate;
  /** The window's rows are series.rows[from, to): slice anything aligned with the rows the same way. */
  from: number;
  to: number;
  rows: PortfolioSeriesRow[];
  /**
   * Why a return over the window cannot be known, else null: the series end before the window does, or a
   * close the window's returns depend on (the day before start, through end) is incomplete.
   */
  unknown: string | null;
  /** Whether the closes the window's returns depend on are all whole; said in every period's answer. */
  completeness: WindowCompleteness;
}

/** How complete the closes from the day before a window's start through its end are. */
export interface WindowCompleteness {
  /** No incomplete close. */
  complete: boolean;
  /** Closes whose valuation is incomplete (a position could not be valued, or a key is blocked). */
  incomplete_days: number;
  first_incomplete_date: IsoDate | null;
  /** Each problem once, as the series states it ('MISSING_FX EUR/USD SAP', 'NO_PRICE BOND'), sorted. */
  incomplete_reasons: string[];
}

function completenessOf(incomplete: readonly PortfolioSeriesRow[]): WindowCompleteness {
  const reasons = new Set<string>();
  for (const row of incomplete) {
    for (const reason of (row.incomplete_reason ?? 'INCOMPLETE').split(REASON_SEPARATOR)) reasons.add(reason);
  }
  return {
    complete: incomplete.length === 0,
    incomplete_days: incomplete.length,
    first_incomplete_date: incomplete[0]?.date ?? null,
    incomplete_reasons: [...reasons].sort(),
  };
}

export function windowOf(series: PortfolioSeries, start: IsoDate, end: IsoDate): SeriesWindow {
  const closes = rowsWithin(series.rows, addDays(start, -1), end);
  const incomplete = closes.filter((r) => !r.complete);
  const last = series.span.last;
  const unknown =
    last !== null && end > last
      ? `the daily series end on ${last}`
      : incomplete[0]
        ? incompleteClose(incomplete[0])
        : null;
  const from = firstIndexFrom(series.rows, start);
  return {
    start_date: start,
    end_date: end,
    from,
    to: from + closes.filter((r) => r.date >= start).length,
    rows: closes.filter((r) => r.date >= start),
    unknown,
    completeness: completenessOf(incomplete),
  };
}
