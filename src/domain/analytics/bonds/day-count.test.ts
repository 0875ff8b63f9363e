import { describe, expect, it } from 'vitest';
import { analyseBond } from './bond.ts';
import type { BondRequest } from './bond-terms.ts';
import { type CivilDate, parseIsoDate } from './calendar.ts';
import { type DayCount, days360Us } from './day-count.ts';

const d = (text: string): CivilDate => parseIsoDate(text)!;

describe('30/360 US (SIA rule)', () => {
  it.each([
    // [start, end, days, why]
    ['2023-11-15', '2024-02-15', 90, 'plain: 360·1 + 30·(2 − 11) + 0'],
    ['2024-01-31', '2024-03-31', 60, 'both 31sts become 30ths'],
    ['2024-01-30', '2024-03-31', 60, 'end 31st becomes the 30th when the start is the 30th'],
    ['2024-01-15', '2024-03-31', 76, 'end 31st stays when the start is before the 30th: 60 + 16'],
    ['2024-02-29', '2024-03-15', 15, 'start on the last day of February counts as the 30th'],
    ['2023-02-28', '2023-08-31', 180, 'February end to a 31st: both become 30ths'],
    ['2024-02-29', '2025-02-28', 360, 'both on the last day of February: the end becomes the 30th too'],
    ['2024-02-28', '2024-03-28', 30, 'the 28th of a leap February is not its last day'],
  ])('%s → %s is %i days (%s)', (start, end, days) => {
    expect(days360Us(d(start), d(end))).toBe(days);
  });
});

/** A 6 % semiannual bond maturing 2030-11-15, settled 2024-02-15: previous coupon 2023-11-15, next 2024-05-15. */
const bond = (day_count: DayCount): BondRequest => ({
  settlement_date: '2024-02-15',
  maturity_date: '2030-11-15',
  coupon_rate: 0.06,
  frequency: 2,
  day_count,
  yield: 0.05,
});

describe('accrued interest, by hand, for each day count', () => {
  // Half-year coupon 3.00 per 100. Actual days 2023-11-15 → 2024-02-15: 15 + 31 + 31 = 92; the period to
  // 2024-05-15 runs 15 + 31 + 31 + 29 + 31 + 30 + 15 = 182 days (2024 is a leap year); 2024-02-15 → 05-15: 90.
  it.each([
    ['30/360 US', 90, 180, 90, (3 * 90) / 180],
    ['Act/Act ICMA', 92, 182, 90, (3 * 92) / 182],
    ['Act/365F', 92, 182.5, 90, (3 * 92) / 182.5],
    ['Act/360', 92, 180, 90, (3 * 92) / 180],
  ] as const)('%s: A = %d, E = %d, DSC = %d', (dayCount, a, e, dsc, accrued) => {
    const r = analyseBond(bond(dayCount));
    expect([r.previous_coupon_date, r.next_coupon_date]).toEqual(['2023-11-15', '2024-05-15']);
    expect([r.accrued_days, r.coupon_period_days, r.days_to_next_coupon]).toEqual([a, e, dsc]);
    expect(Math.abs(r.accrued_interest - accrued)).toBeLessThanOrEqual(1e-14);
  });

  it('30/360 US across 31sts: 2024-01-31 → 2024-03-31 accrues 60 days of 180', () => {
    // Maturity on a 31st: coupons on 31 Jan and 31 Jul (end-of-month rule).
    const r = analyseBond({
      ...bond('30/360 US'),
      settlement_date: '2024-03-31',
      maturity_date: '2030-07-31',
    });
    expect([r.previous_coupon_date, r.next_coupon_date]).toEqual(['2024-01-31', '2024-07-31']);
    expect([r.accrued_days, r.days_to_next_coupon]).toEqual([60, 120]);
    expect(r.accrued_interest).toBe(1); // 3 · 60/180
  });

  it('30/360 US from the last day of February: 2024-02-29 → 2024-03-15 accrues 15 days, not 16', () => {
    const r = analyseBond({
      ...bond('30/360 US'),
      settlement_date: '2024-03-15',
      maturity_date: '2030-08-31',
    });
    expect(r.previous_coupon_date).toBe('2024-02-29');
    expect(r.accrued_days).toBe(15);
    expect(r.accrued_interest).toBe(0.25); // 3 · 15/180
  });
});
