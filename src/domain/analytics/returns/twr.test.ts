import { describe, expect, it } from 'vitest';
import { annualize, annualizedOver, isLongerThanAYear, yearsOf } from './annualize.ts';
import { breakdownOf } from './breakdown.ts';
import { linkReturns } from './linking.ts';
import { type TwrConventions, timeWeightedReturn } from './twr.ts';
import type { DailyReturn } from './types.ts';

const conventions: TwrConventions = {
  flow_timing: 'as_recorded',
  net_or_gross: 'NET',
  fee_booking: 'external_flow',
  annualization_basis: 'act365_25',
  periods_per_year: 252,
};
const r = (date: string, value: number): DailyReturn => ({ date, value, idle: false });

describe('linkReturns', () => {
  it('links geometrically: (1.1)(0.9) − 1 = −1 %', () => {
    expect(linkReturns([r('2024-01-01', 0.1), r('2024-01-02', -0.1)]).value).toBeCloseTo(-0.01, 15);
  });
  it('skips idle days and is undefined from any other undefined day, naming it', () => {
    const idle: DailyReturn = { date: '2024-01-01', value: null, reason: 'idle', idle: true };
    expect(linkReturns([idle, r('2024-01-02', 0.05)]).value).toBeCloseTo(0.05, 15);
    const broken: DailyReturn = { date: '2024-01-03', value: null, reason: 'base 0', idle: false };
    expect(linkReturns([r('2024-01-02', 0.05), broken]).reason).toMatch(/2024-01-03.*base 0/);
    expect(linkReturns([idle]).value).toBeNull();
  });
});

describe('annualization', () => {
  it('is (1 + R)^(1/years) − 1', () => {
    expect(annualize(0.21, 2).value).toBeCloseTo(0.1, 15);
    expect(annualize(-1.5, 2).value).toBeNull();
  });
  it('a year or less is not annualized: the anniversary decides, leap day or not', () => {
    expect(isLongerThanAYear({ basis: 'act365_25', start: '2023-12-31', end: '2024-12-31' })).toBe(false);
    expect(isLongerThanAYear({ basis: 'act365_25', start: '2023-12-31', end: '2025-01-01' })).toBe(true);
    expect(isLongerThanAYear({ basis: 'periods', count: 252, periodsPerYear: 252 })).toBe(false);
    expect(
      annualizedOver({ value: 0.05 }, { basis: 'act365', start: '2024-01-01', end: '2024-06-30' }).value,
    ).toBeNull();
  });
  it('measures years on the stated basis', () => {
    expect(yearsOf({ basis: 'act365_25', start: '2023-12-31', end: '2025-12-31' })).toBeCloseTo(
      731 / 365.25,
      15,
    );
    expect(yearsOf({ basis: 'act365', start: '2023-12-31', end: '2025-12-31' })).toBeCloseTo(731 / 365, 15);
    expect(yearsOf({ basis: 'periods', count: 504, periodsPerYear: 252 })).toBe(2);
  });
});

describe('timeWeightedReturn', () => {
  it('starts from the close before the first row and annualizes beyond a year', () => {
    const rows = [
      { date: '2024-01-01', bod_market_value: 100, bod_cashflow: 0, eod_cashflow: 0, eod_market_value: 110 },
      { date: '2025-12-31', bod_market_value: 110, bod_cashflow: 0, eod_cashflow: 0, eod_market_value: 121 },
    ];
    const twr = timeWeightedReturn(rows, conventions);
    expect(twr.start_date).toBe('2023-12-31');
    expect(twr.cumulative.value).toBeCloseTo(0.21, 15);
    expect(twr.annualized.value).toBeCloseTo(1.21 ** (365.25 / 731) - 1, 15);
  });
});

describe('breakdownOf', () => {
  it('links each calendar window and leaves out windows without returns', () => {
    const daily = [r('2024-01-31', 0.1), r('2024-02-01', 0.1), r('2024-02-02', -0.5), r('2024-04-02', 0.02)];
    const months = breakdownOf(daily, '2024-01-31', '2024-04-02', 'MONTHLY');
    expect(months.map((m) => [m.start_date, m.end_date])).toEqual([
      ['2024-01-31', '2024-01-31'],
      ['2024-02-01', '2024-02-29'],
      ['2024-04-01', '2024-04-02'],
    ]);
    expect(months[1]!.cumulative.value).toBeCloseTo(1.1 * 0.5 - 1, 15);
    // Weeks end on Sunday: 2024-02-02 is a Friday, 2024-01-31 a Wednesday of the same week.
    expect(breakdownOf(daily, '2024-01-31', '2024-04-02', 'WEEKLY')[0]!.cumulative.value).toBeCloseTo(
      1.1 * 1.1 * 0.5 - 1,
      15,
    );
  });
});
