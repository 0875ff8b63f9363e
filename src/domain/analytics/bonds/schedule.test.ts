import { describe, expect, it } from 'vitest';
import { type CivilDate, formatIsoDate, parseIsoDate } from './calendar.ts';
import { couponSchedule } from './schedule.ts';

const d = (text: string): CivilDate => parseIsoDate(text)!;
const scheduleOf = (settlement: string, maturity: string, frequency: number, endOfMonth = true) => {
  const s = couponSchedule(d(settlement), d(maturity), frequency, endOfMonth);
  return { previous: formatIsoDate(s.previous), remaining: s.remaining.map(formatIsoDate) };
};

describe('the coupon schedule, backward from maturity', () => {
  it('brackets settlement: previous ≤ settlement < next, maturity last', () => {
    expect(scheduleOf('2023-10-10', '2028-04-01', 1)).toEqual({
      previous: '2023-04-01',
      remaining: ['2024-04-01', '2025-04-01', '2026-04-01', '2027-04-01', '2028-04-01'],
    });
  });

  it('on a coupon date, settlement is the previous coupon date', () => {
    expect(scheduleOf('2025-06-15', '2027-06-15', 2)).toEqual({
      previous: '2025-06-15',
      remaining: ['2025-12-15', '2026-06-15', '2026-12-15', '2027-06-15'],
    });
  });

  it('a month-end maturity keeps coupons on month ends under the end-of-month rule', () => {
    expect(scheduleOf('2025-01-10', '2026-02-28', 4).remaining).toEqual([
      '2025-02-28',
      '2025-05-31',
      '2025-08-31',
      '2025-11-30',
      '2026-02-28',
    ]);
  });

  it('without the end-of-month rule, the maturity day is kept, clamped to short months, without drift', () => {
    expect(scheduleOf('2025-01-10', '2026-02-28', 4, false).remaining).toEqual([
      '2025-02-28',
      '2025-05-28',
      '2025-08-28',
      '2025-11-28',
      '2026-02-28',
    ]);
    // 31 Aug → 28/29 Feb, but the August before stays on the 31st (dates are counted from maturity).
    expect(scheduleOf('2023-08-01', '2024-08-31', 2, false)).toEqual({
      previous: '2023-02-28',
      remaining: ['2023-08-31', '2024-02-29', '2024-08-31'],
    });
  });

  it('monthly coupons', () => {
    expect(scheduleOf('2024-10-20', '2025-01-15', 12)).toEqual({
      previous: '2024-10-15',
      remaining: ['2024-11-15', '2024-12-15', '2025-01-15'],
    });
  });
});
