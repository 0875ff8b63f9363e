import { addDays, dayNumber } from './dates.ts';
import type { IsoDate } from './records/types.ts';

/**
 * The default calendar (issue 14): with no business date ingested for the GLOBAL calendar, the system values
 * on weekdays up to the latest fact date (the latest transaction, price or FX rate date) rather than not at all.
 * Ingested business dates override it as soon as there is one. Answers that depend on it say so.
 */
export type CalendarSource = 'BUSINESS_DATES' | 'DEFAULT_WEEKDAYS';

export interface SeriesCalendar {
  /** The last day of the daily series and the default as-of date; null when there is nothing to value. */
  last_day: IsoDate | null;
  source: CalendarSource;
}

/** The latest Monday–Friday on or before the date. */
export function lastWeekdayOnOrBefore(date: IsoDate): IsoDate {
  // Day 0 of the epoch (1970-01-01) was a Thursday: (n + 4) mod 7 is the weekday, 0 = Sunday.
  const weekday = (((dayNumber(date) + 4) % 7) + 7) % 7;
  if (weekday === 0) return addDays(date, -2);
  if (weekday === 6) return addDays(date, -1);
  return date;
}

/** The calendar the series use: the ingested business dates, else weekdays up to the latest fact date. */
export function seriesCalendarOf(
  latestBusinessDate: IsoDate | null,
  latestFactDate: IsoDate | null,
): SeriesCalendar {
  if (latestBusinessDate !== null) return { last_day: latestBusinessDate, source: 'BUSINESS_DATES' };
  return {
    last_day: latestFactDate === null ? null : lastWeekdayOnOrBefore(latestFactDate),
    source: 'DEFAULT_WEEKDAYS',
  };
}

/** The plain-words note an answer carries when it was valued on the default calendar. */
export const defaultCalendarNote = (lastDay: IsoDate | null): string =>
  'no business dates ingested for calendar GLOBAL: valued on weekdays up to the latest fact date' +
  (lastDay === null ? '' : ` (${lastDay})`) +
  '; POST /ingest/business-dates to set the calendar';
