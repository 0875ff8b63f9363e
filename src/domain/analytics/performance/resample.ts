import { addDays, dayNumber } from '../../dates.ts';
import type { IsoDate } from '../returns/types.ts';

/**
 * The return frequencies of the per-portfolio risk metrics and how calendar-day returns become them. The daily
 * series has a row for every calendar day, weekends included (prices carried forward), while the metrics
 * annualize by trading periods (252 a year): a weekend's returns are therefore linked into the following
 * Monday, which gives the Friday-close-to-Monday-close return of a business-day series.
 */
export const RISK_FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type RiskFrequency = (typeof RISK_FREQUENCIES)[number];

/** Returns a year holds at each frequency, the original's defaults. */
export const PERIODS_PER_YEAR: Record<RiskFrequency, number> = { DAILY: 252, WEEKLY: 52, MONTHLY: 12 };

export interface DatedValue {
  date: IsoDate;
  value: number;
}

/** Days since Monday: day 0 (1970-01-01) was a Thursday. */
const weekday = (date: IsoDate): number => (((dayNumber(date) + 3) % 7) + 7) % 7;

function lastOfMonth(date: IsoDate): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/**
 * The date a day's return is reported under: DAILY the weekday itself, a Saturday or Sunday the next Monday;
 * WEEKLY the Friday ending its week (pandas "W-FRI", as the original); MONTHLY the month's last day. Never
 * after `end`: the last bucket of a period is cut at the period's end and dated there.
 */
export function bucketDateOf(date: IsoDate, frequency: RiskFrequency, end: IsoDate): IsoDate {
  const wd = weekday(date);
  const bucket =
    frequency === 'DAILY'
      ? wd >= 5
        ? addDays(date, 7 - wd)
        : date
      : frequency === 'WEEKLY'
        ? addDays(date, (4 - wd + 7) % 7)
        : lastOfMonth(date);
  return bucket < end ? bucket : end;
}

/** A resampled return and the first day it links (the close before that day is where it is measured from). */
export interface ResampledReturn extends DatedValue {
  first_day: IsoDate;
}

/**
 * Links dated returns (ascending, in date order, all at most `end`) into the buckets of a frequency:
 * Π(1 + r) − 1 over the days of each bucket, dated by bucketDateOf.
 */
export function resampleReturns(
  returns: readonly DatedValue[],
  frequency: RiskFrequency,
  end: IsoDate,
): ResampledReturn[] {
  const out: ResampledReturn[] = [];
  let current: { date: IsoDate; growth: number; first_day: IsoDate } | null = null;
  for (const r of returns) {
    const date = bucketDateOf(r.date, frequency, end);
    if (current === null || current.date !== date) {
      if (current !== null)
        out.push({ date: current.date, value: current.growth - 1, first_day: current.first_day });
      current = { date, growth: 1, first_day: r.date };
    }
    current.growth *= 1 + r.value;
  }
  if (current !== null)
    out.push({ date: current.date, value: current.growth - 1, first_day: current.first_day });
  return out;
}
