import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './db.ts';

describe('parseTimestamptz', () => {
  it.each([
    ['2024-06-01 12:30:00+00', '2024-06-01T12:30:00.000Z'],
    ['2024-06-01 12:30:00.5+00', '2024-06-01T12:30:00.500Z'],
    ['2024-06-01 12:30:00.123456+02', '2024-06-01T10:30:00.123Z'],
    ['2024-06-01 00:15:00+05:30', '2024-05-31T18:45:00.000Z'],
    ['2024-06-01 00:00:00-00:17:30', '2024-06-01T00:17:30.000Z'],
    // The legacy Date parser read these as 1999 and 2001.
    ['0099-06-01 00:00:00+00', '0099-06-01T00:00:00.000Z'],
    ['0001-01-01 00:00:00+00', '0001-01-01T00:00:00.000Z'],
    ['0001-12-31 23:00:00+00 BC', '0000-12-31T23:00:00.000Z'],
  ])('%s → %s', (text, expected) => {
    expect(parseTimestamptz(text)).toBe(expected);
  });

  it('passes infinity through', () => {
    expect(parseTimestamptz('infinity')).toBe('infinity');
  });
});
