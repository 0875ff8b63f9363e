import { describe, expect, it } from 'vitest';
import { bucketDateOf, resampleReturns } from './resample.ts';

/** Calendar facts: 2024-01-05 was a Friday, 2024-01-06 a Saturday, 2024-01-08 a Monday. */
describe('bucketDateOf', () => {
  it('DAILY: a weekday is its own bucket; Saturday and Sunday go to the next Monday, cut at the end', () => {
    expect(bucketDateOf('2024-01-05', 'DAILY', '2024-12-31')).toBe('2024-01-05');
    expect(bucketDateOf('2024-01-06', 'DAILY', '2024-12-31')).toBe('2024-01-08');
    expect(bucketDateOf('2024-01-07', 'DAILY', '2024-12-31')).toBe('2024-01-08');
    expect(bucketDateOf('2024-01-06', 'DAILY', '2024-01-07')).toBe('2024-01-07');
  });

  it('WEEKLY: the Friday ending the week (pandas W-FRI); MONTHLY: the month end', () => {
    expect(bucketDateOf('2024-01-05', 'WEEKLY', '2024-12-31')).toBe('2024-01-05');
    expect(bucketDateOf('2024-01-06', 'WEEKLY', '2024-12-31')).toBe('2024-01-12');
    expect(bucketDateOf('2024-01-08', 'WEEKLY', '2024-12-31')).toBe('2024-01-12');
    expect(bucketDateOf('2024-02-10', 'MONTHLY', '2024-12-31')).toBe('2024-02-29');
    expect(bucketDateOf('2024-02-10', 'MONTHLY', '2024-02-20')).toBe('2024-02-20');
  });
});

describe('resampleReturns', () => {
  it('links each bucket geometrically and keeps the first day it links', () => {
    const out = resampleReturns(
      [
        { date: '2024-01-05', value: 0.01 },
        { date: '2024-01-06', value: 0 },
        { date: '2024-01-07', value: 0.02 },
        { date: '2024-01-08', value: -0.01 },
      ],
      'DAILY',
      '2024-01-31',
    );
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual({ date: '2024-01-05', value: expect.closeTo(0.01, 15), first_day: '2024-01-05' });
    expect(out[1]!.date).toBe('2024-01-08');
    expect(out[1]!.first_day).toBe('2024-01-06');
    // 1.02 × 0.99 − 1, to the ulp of a product of three factors.
    expect(out[1]!.value).toBeCloseTo(1.02 * 0.99 - 1, 15);
  });
});
