import { addDays } from '../dates.ts';

/**
 * Strict ISO dates ('YYYY-MM-DD') in UTC and the demo's weekday business-day calendar (day arithmetic itself
 * is in domain/dates.ts). Pure: "today" is always an argument, never read from the clock here.
 */
export type IsoDate = string;

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Milliseconds since the epoch of the date's UTC midnight; throws on a malformed or impossible date. */
export function toEpochMs(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`not an ISO date (YYYY-MM-DD): "${date}"`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`not a valid calendar date: "${date}"`);
  }
  return ms;
}

export const fromEpochMs = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);

/** The UTC calendar date of an instant. */
export const utcDateOf = (instant: Date): IsoDate => instant.toISOString().slice(0, 10);

/** 0 = Sunday … 6 = Saturday. */
export const dayOfWeek = (date: IsoDate): number => new Date(toEpochMs(date)).getUTCDay();

export const isWeekday = (date: IsoDate): boolean => {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6;
};

/** The latest weekday on or before `date`. */
export function latestWeekdayOnOrBefore(date: IsoDate): IsoDate {
  let d = date;
  while (!isWeekday(d)) d = addDays(d, -1);
  return d;
}

/** Every weekday from `start` to `end`, both inclusive, ascending. Empty when start > end. */
export function weekdaysBetween(start: IsoDate, end: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  const last = toEpochMs(end);
  for (let ms = toEpochMs(start); ms <= last; ms += DAY_MS) {
    const date = fromEpochMs(ms);
    if (isWeekday(date)) out.push(date);
  }
  return out;
}

/** The weekday `n` weekdays after `date` (n ≥ 0; n = 0 gives the first weekday on or after `date`). */
export function addWeekdays(date: IsoDate, n: number): IsoDate {
  let d = date;
  while (!isWeekday(d)) d = addDays(d, 1);
  for (let i = 0; i < n; i++) {
    d = addDays(d, 1);
    while (!isWeekday(d)) d = addDays(d, 1);
  }
  return d;
}

export const monthOf = (date: IsoDate): number => Number(date.slice(5, 7));

/**
 * The demo's default last day. Fixed, not today: the README's and docs' examples name the demo's dates, and
 * a fixed end keeps them true whenever the demo is run (`pas demo --end-date` moves it).
 */
export const DEMO_END_DATE: IsoDate = '2025-12-31';
