import { describe, expect, it } from 'vitest';
import { addDays, addYears } from '../dates.ts';
import { addWeekdays, isWeekday, latestWeekdayOnOrBefore, toEpochMs, weekdaysBetween } from './calendar.ts';

describe('calendar', () => {
  it('lists weekdays only, ascending, both ends inclusive', () => {
    const days = weekdaysBetween('2025-11-01', '2025-11-30');
    expect(days).toHaveLength(20);
    expect(days[0]).toBe('2025-11-03');
    expect(days.at(-1)).toBe('2025-11-28');
    for (const d of days) expect([0, 6]).not.toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
    expect([...days].sort()).toEqual(days);
    expect(weekdaysBetween('2025-11-03', '2025-11-03')).toEqual(['2025-11-03']);
    expect(weekdaysBetween('2025-11-04', '2025-11-03')).toEqual([]);
  });

  it('moves a weekend back to the Friday before', () => {
    expect(latestWeekdayOnOrBefore('2025-11-23')).toBe('2025-11-21'); // Sunday
    expect(latestWeekdayOnOrBefore('2025-11-22')).toBe('2025-11-21'); // Saturday
    expect(latestWeekdayOnOrBefore('2025-11-21')).toBe('2025-11-21'); // Friday
    expect(isWeekday('2025-11-24')).toBe(true);
  });

  it('adds days, years and weekdays across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2025-11-21', -3)).toBe('2022-11-21');
    expect(addWeekdays('2025-11-21', 1)).toBe('2025-11-24');
    expect(addWeekdays('2025-11-22', 0)).toBe('2025-11-24');
  });

  it('refuses malformed or impossible dates', () => {
    expect(() => toEpochMs('2025-02-30')).toThrow(RangeError);
    expect(() => toEpochMs('2025-1-01')).toThrow(RangeError);
  });
});
