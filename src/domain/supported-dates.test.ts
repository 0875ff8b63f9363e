import { describe, expect, it } from 'vitest';
import { isSupportedDate, SUPPORTED_DATE_PATTERN, SUPPORTED_DATES } from './supported-dates.ts';

describe('the supported date range', () => {
  it('includes its ends and nothing beyond them', () => {
    expect(isSupportedDate(SUPPORTED_DATES.first)).toBe(true);
    expect(isSupportedDate(SUPPORTED_DATES.last)).toBe(true);
    expect(isSupportedDate('1899-12-31')).toBe(false);
    expect(isSupportedDate('2200-01-01')).toBe(false);
    expect(isSupportedDate('0099-06-01')).toBe(false);
    // How JS renders instants outside years 0–9999.
    expect(isSupportedDate('+010000-01-01T04:00:00.000Z')).toBe(false);
    expect(isSupportedDate('-000001-12-31T23:30:00.000Z')).toBe(false);
    expect(isSupportedDate('2024-06-01T12:00:00.000Z')).toBe(true);
  });

  it('has a schema pattern that accepts exactly the same years', () => {
    const pattern = new RegExp(SUPPORTED_DATE_PATTERN);
    for (let year = 0; year <= 9999; year++) {
      for (const day of ['01-01', '12-31']) {
        const date = `${String(year).padStart(4, '0')}-${day}`;
        expect(pattern.test(date), date).toBe(isSupportedDate(date));
      }
    }
  });
});
