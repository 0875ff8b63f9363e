import { addMonths, type CivilDate, compareDates } from './calendar.ts';

export interface CouponSchedule {
  /** The last coupon date on or before settlement (a quasi-coupon date when it precedes the issue). */
  previous: CivilDate;
  /** The coupon dates after settlement, the first of them the next coupon date, the last the maturity. */
  remaining: CivilDate[];
}

/**
 * Coupon dates generated backward from maturity in steps of 12/f months, unadjusted (no business-day roll).
 * Each date is maturity − k·12/f months, counted from maturity rather than from the previous date, so a
 * clamped day (31 Aug → 28 Feb) does not drift into later dates; with `endOfMonth` a maturity on the last day
 * of its month puts every coupon on the last day of its month.
 */
export function couponSchedule(
  settlement: CivilDate,
  maturity: CivilDate,
  frequency: number,
  endOfMonth: boolean,
): CouponSchedule {
  const step = 12 / frequency;
  const remaining: CivilDate[] = [];
  let k = 0;
  let date = maturity;
  while (compareDates(date, settlement) > 0) {
    remaining.unshift(date);
    k += 1;
    date = addMonths(maturity, -k * step, endOfMonth);
  }
  return { previous: date, remaining };
}
