import type { Figure } from '../figure.ts';
import { type Breakdown, periodBuckets } from '../periods.ts';
import { linkReturns } from './linking.ts';
import type { DailyReturn, IsoDate } from './types.ts';

export interface BucketReturn {
  /** The window: the calendar bucket clipped to the dates asked for. */
  start_date: IsoDate;
  end_date: IsoDate;
  cumulative: Figure;
}

/**
 * The linked return of each calendar window of a breakdown (days, weeks ending on Sunday, months, quarters,
 * years) of [start, end], from dated daily returns in date order. Windows without any return (a weekend of a
 * business-day series) are left out.
 */
export function breakdownOf(
  daily: readonly DailyReturn[],
  start: IsoDate,
  end: IsoDate,
  breakdown: Breakdown,
): BucketReturn[] {
  const out: BucketReturn[] = [];
  let i = 0;
  for (const window of periodBuckets(start, end, breakdown)) {
    while (i < daily.length && daily[i]!.date < window.start_date) i++;
    const from = i;
    while (i < daily.length && daily[i]!.date <= window.end_date) i++;
    if (i === from) continue;
    out.push({
      start_date: window.start_date,
      end_date: window.end_date,
      cumulative: linkReturns(daily.slice(from, i)),
    });
  }
  return out;
}

/** The daily returns dated start..end inclusive (from returns in date order). */
export const returnsWithin = (daily: readonly DailyReturn[], start: IsoDate, end: IsoDate): DailyReturn[] =>
  daily.filter((r) => r.date >= start && r.date <= end);
