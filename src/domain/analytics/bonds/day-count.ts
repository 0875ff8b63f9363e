import { actualDays, type CivilDate, daysInMonth } from './calendar.ts';

export const DAY_COUNTS = ['30/360 US', 'Act/Act ICMA', 'Act/365F', 'Act/360'] as const;
export type DayCount = (typeof DAY_COUNTS)[number];

const isLastOfFebruary = (d: CivilDate) => d.month === 2 && d.day === daysInMonth(d);

/**
 * Days between two dates on 30/360 US (the SIA rule, Excel basis 0, QuantLib Thirty360 USA):
 * 1. both dates the last day of February: the end becomes the 30th;
 * 2. the start the last day of February: it becomes the 30th;
 * 3. the end the 31st and the start the 30th or 31st: the end becomes the 30th;
 * 4. the start the 31st: it becomes the 30th.
 */
export function days360Us(start: CivilDate, end: CivilDate): number {
  let d1 = start.day;
  let d2 = end.day;
  if (isLastOfFebruary(start) && isLastOfFebruary(end)) d2 = 30;
  if (isLastOfFebruary(start)) d1 = 30;
  if (d2 === 31 && d1 >= 30) d2 = 30;
  if (d1 === 31) d1 = 30;
  return 360 * (end.year - start.year) + 30 * (end.month - start.month) + (d2 - d1);
}

/** Days from `start` to `end` as the day count counts them. */
export function daysBetween(dayCount: DayCount, start: CivilDate, end: CivilDate): number {
  return dayCount === '30/360 US' ? days360Us(start, end) : actualDays(start, end);
}

/**
 * The three day counts of a coupon period that the price formula uses (Excel's COUPDAYBS, COUPDAYS and
 * COUPDAYSNC):
 * - `accrued` A: days from the start of accrual (the previous coupon date, or a later issue date) to settlement;
 * - `period` E: the length of the coupon period;
 * - `toNext` DSC: days from settlement to the next coupon date.
 *
 * 30/360 US: E = 360/f and DSC = E − DAYS360(previous, settlement), so A + DSC = E even across a 31st.
 * Act/Act ICMA: all three actual days, E the actual length of the period. Act/365F and Act/360: A and DSC
 * actual days, E = 365/f or 360/f (Excel bases 3 and 2), so A + DSC need not equal E.
 */
export interface CouponDays {
  accrued: number;
  period: number;
  toNext: number;
}

export function couponDays(
  dayCount: DayCount,
  frequency: number,
  previous: CivilDate,
  accrualStart: CivilDate,
  settlement: CivilDate,
  next: CivilDate,
): CouponDays {
  const accrued = daysBetween(dayCount, accrualStart, settlement);
  switch (dayCount) {
    case '30/360 US': {
      const period = 360 / frequency;
      return { accrued, period, toNext: period - days360Us(previous, settlement) };
    }
    case 'Act/Act ICMA':
      return { accrued, period: actualDays(previous, next), toNext: actualDays(settlement, next) };
    case 'Act/365F':
      return { accrued, period: 365 / frequency, toNext: actualDays(settlement, next) };
    case 'Act/360':
      return { accrued, period: 360 / frequency, toNext: actualDays(settlement, next) };
  }
}
