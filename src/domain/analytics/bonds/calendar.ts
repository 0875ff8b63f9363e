/**
 * Calendar dates without a time zone, for coupon schedules and day counts. Dates are civil (year, month,
 * day); day differences go through UTC epoch days, so no daylight-saving hour can shift them.
 */
export interface CivilDate {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** The date of 'YYYY-MM-DD', or null when the text is not a real calendar date (2023-02-29 is not). */
export function parseIsoDate(text: string): CivilDate | null {
  const match = ISO_DATE.exec(text);
  if (match === null) return null;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const valid = date.month >= 1 && date.month <= 12 && date.day >= 1 && date.day <= daysInMonth(date);
  return valid ? date : null;
}

export function formatIsoDate(date: CivilDate): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

export function daysInMonth(date: Pick<CivilDate, 'year' | 'month'>): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(date.year, date.month, 0)).getUTCDate();
}

export function isLastDayOfMonth(date: CivilDate): boolean {
  return date.day === daysInMonth(date);
}

/** Days since 1970-01-01. */
export function epochDay(date: CivilDate): number {
  return Date.UTC(date.year, date.month - 1, date.day) / MS_PER_DAY;
}

/** Actual calendar days from `start` to `end` (negative when end is earlier). */
export function actualDays(start: CivilDate, end: CivilDate): number {
  return epochDay(end) - epochDay(start);
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return epochDay(a) - epochDay(b);
}

/**
 * `date` moved by a whole number of months. A day the target month lacks becomes its last day (31 Aug − 6
 * months = 28/29 Feb); with `endOfMonth`, a date on its month's last day stays on the last day (28 Feb + 6
 * months = 31 Aug), the end-of-month rule of bond schedules.
 */
export function addMonths(date: CivilDate, months: number, endOfMonth: boolean): CivilDate {
  const index = date.year * 12 + (date.month - 1) + months;
  const target = { year: Math.floor(index / 12), month: (index % 12) + 1 };
  const last = daysInMonth(target);
  const day = endOfMonth && isLastDayOfMonth(date) ? last : Math.min(date.day, last);
  return { ...target, day };
}
