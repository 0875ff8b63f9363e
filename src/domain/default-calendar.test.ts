import { describe, expect, it } from 'vitest';
import { lastWeekdayOnOrBefore, seriesCalendarOf } from './default-calendar.ts';

describe('default calendar', () => {
  it('the latest weekday on or before a date (2024-03-29 was a Friday)', () => {
    expect(lastWeekdayOnOrBefore('2024-03-29')).toBe('2024-03-29');
    expect(lastWeekdayOnOrBefore('2024-03-30')).toBe('2024-03-29');
    expect(lastWeekdayOnOrBefore('2024-03-31')).toBe('2024-03-29');
    expect(lastWeekdayOnOrBefore('2024-04-01')).toBe('2024-04-01');
    expect(lastWeekdayOnOrBefore('1969-12-28')).toBe('1969-12-26'); // a Sunday before day 0
  });

  it('ingested business dates override it; no facts, nothing to value', () => {
    expect(seriesCalendarOf('2024-03-15', '2024-03-31')).toEqual({
      last_day: '2024-03-15',
      source: 'BUSINESS_DATES',
    });
    expect(seriesCalendarOf(null, '2024-03-31')).toEqual({
      last_day: '2024-03-29',
      source: 'DEFAULT_WEEKDAYS',
    });
    expect(seriesCalendarOf(null, null)).toEqual({ last_day: null, source: 'DEFAULT_WEEKDAYS' });
  });
});
