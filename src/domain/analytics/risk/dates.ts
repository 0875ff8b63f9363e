import { addDays } from '../../dates.ts';
import { type IsoDate, isWeekday, toEpochMs } from '../../demo/calendar.ts';

export type { IsoDate };

const DAY_MS = 86_400_000;

/** Whether the text is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== 'string') return false;
  try {
    toEpochMs(text);
    return true;
  } catch {
    return false;
  }
}

/** Calendar days from `start` to `end` (end − start). */
export const calendarDaysBetween = (start: IsoDate, end: IsoDate): number =>
  Math.round((toEpochMs(end) - toEpochMs(start)) / DAY_MS);

/** The weekday before `date`: the NAV date a first daily return on a Monday–Friday calendar is measured from. */
export function previousWeekday(date: IsoDate): IsoDate {
  let d = addDays(date, -1);
  while (!isWeekday(d)) d = addDays(d, -1);
  return d;
}

/** Monday–Friday days from `start` to `end`, both inclusive (pandas bdate_range, as pyfolio counts). */
export function weekdaysInclusive(start: IsoDate, end: IsoDate): number {
  let count = 0;
  for (let d = start; d <= end; d = addDays(d, 1)) if (isWeekday(d)) count++;
  return count;
}
