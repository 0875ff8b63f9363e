import type { IsoDate } from './records/types.ts';

/**
 * Calendar-day arithmetic on ISO dates ('YYYY-MM-DD') in UTC, the one home for it: dates as UTC day numbers
 * (the series index days by their number, so walking a decade is integer arithmetic, not string parsing per
 * position-day).
 */
const DAY_MS = 86_400_000;

export const dayNumber = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

export const dateOfDay = (day: number): IsoDate => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The date `days` calendar days later (earlier when negative). */
export const addDays = (date: IsoDate, days: number): IsoDate => dateOfDay(dayNumber(date) + days);

/** Every calendar day from `first` to `last` inclusive (empty when last < first). */
export function calendarDays(first: IsoDate, last: IsoDate): IsoDate[] {
  const from = dayNumber(first);
  const to = dayNumber(last);
  const days: IsoDate[] = [];
  for (let d = from; d <= to; d++) days.push(dateOfDay(d));
  return days;
}

/** The same month and day `years` later; 29 February becomes 28 February in a common year. */
export function addYears(date: IsoDate, years: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y + years, m - 1, d));
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}
