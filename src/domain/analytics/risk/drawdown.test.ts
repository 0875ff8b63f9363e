import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawdownAnalysis } from './drawdown.ts';

// Mon 8 … Fri 12 January 2024; inception the Friday before.
const DATES = ['2024-01-08', '2024-01-09', '2024-01-10', '2024-01-11', '2024-01-12'];
const INCEPTION = '2024-01-05';
const series = (values: number[]) => values.map((value, i) => ({ date: DATES[i]!, value }));

describe('drawdownAnalysis', () => {
  // W = 1, 1.1, 0.88, 0.968, 1.21, 1.089; high-water 1, 1.1, 1.1, 1.1, 1.21, 1.21;
  // DD = 0, −0.2, −0.12, 0, −0.1. Deepest −0.2 on the 9th, peak the 8th (1.1), recovered the 11th (1.21 ≥ 1.1).
  const RETURNS = series([0.1, -0.2, 0.1, 0.25, -0.1]);

  it('finds the deepest drawdown, its peak, trough and recovery by hand', () => {
    const { series: dd, maxDrawdown } = drawdownAnalysis(RETURNS, INCEPTION, 'inception');
    const expected = [0, -0.2, -0.12, 0, -0.1];
    dd.forEach((d, i) => {
      expect(d.date).toBe(DATES[i]);
      expect(d.value).toBeCloseTo(expected[i]!, 14);
    });
    expect(maxDrawdown.value).toBeCloseTo(-0.2, 14);
    expect(maxDrawdown).toMatchObject({
      peak_date: '2024-01-08',
      trough_date: '2024-01-09',
      recovery_date: '2024-01-11',
      periods_peak_to_trough: 1,
      periods_trough_to_recovery: 2,
      underwater_start_date: '2024-01-09',
      underwater_end_date: '2024-01-10',
      duration: 3,
      duration_unit: 'periods',
    });
    expect(maxDrawdown.peak_value).toBeCloseTo(1.1, 14);
    expect(maxDrawdown.trough_value).toBeCloseTo(0.88, 14);
  });

  it('pyfolio counts weekdays peak to recovery inclusive; quantstats calendar days under water inclusive', () => {
    expect(drawdownAnalysis(RETURNS, INCEPTION, 'pyfolio').maxDrawdown).toMatchObject({
      duration: 4, // Mon 8, Tue 9, Wed 10, Thu 11
      duration_unit: 'weekdays',
    });
    expect(drawdownAnalysis(RETURNS, INCEPTION, 'quantstats').maxDrawdown).toMatchObject({
      duration: 2, // 9 and 10 January
      duration_unit: 'calendar_days',
    });
  });

  it('a first-day loss is a drawdown from the inception NAV, but not for pyfolio (no baseline)', () => {
    // W = 1, 0.9, 0.945, 1.0395: DD −0.1, −0.055, 0 with the baseline; none from W_1 = 0.9 upwards.
    const returns = series([-0.1, 0.05, 0.1]);
    const withBaseline = drawdownAnalysis(returns, INCEPTION, 'inception').maxDrawdown;
    expect(withBaseline.value).toBeCloseTo(-0.1, 14);
    expect(withBaseline).toMatchObject({
      peak_date: INCEPTION,
      trough_date: '2024-01-08',
      recovery_date: '2024-01-10',
      periods_peak_to_trough: 1,
      underwater_start_date: '2024-01-08',
    });
    const pyfolio = drawdownAnalysis(returns, INCEPTION, 'pyfolio');
    expect(pyfolio.maxDrawdown).toMatchObject({ value: 0, peak_date: null, trough_date: null });
    expect(pyfolio.nullReasons.peak_date).toMatch(/no drawdown/);
  });

  it('an unrecovered drawdown: recovery null with a reason; quantstats ends on the last date', () => {
    // W = 1, 1.1, 0.99: DD 0, −0.1.
    const returns = series([0.1, -0.1]);
    const analysis = drawdownAnalysis(returns, INCEPTION, 'quantstats');
    expect(analysis.maxDrawdown).toMatchObject({
      recovery_date: null,
      periods_trough_to_recovery: null,
      underwater_start_date: '2024-01-09',
      underwater_end_date: '2024-01-09',
      duration: 1,
    });
    expect(analysis.nullReasons.recovery_date).toMatch(/not recovered/);
    expect(drawdownAnalysis(returns, INCEPTION, 'inception').maxDrawdown.duration).toBeNull();
  });

  it('a total loss gives −100 % and never NaN', () => {
    const { maxDrawdown, series: dd } = drawdownAnalysis(series([-1, 0.5, 0]), INCEPTION, 'pyfolio');
    expect(dd.every((d) => Number.isFinite(d.value))).toBe(true);
    expect(maxDrawdown.value).toBe(0);
    expect(drawdownAnalysis(series([-1, 0.5, 0]), INCEPTION, 'inception').maxDrawdown.value).toBe(-1);
  });

  it('property: every drawdown is in [−1, 0], the max is their minimum, and the peak is at the high-water mark', () => {
    const returns = fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(returns, (values) => {
        const { series: dd, maxDrawdown } = drawdownAnalysis(series(values), INCEPTION, 'inception');
        const min = Math.min(0, ...dd.map((d) => d.value!));
        expect(dd.every((d) => d.value! <= 0 && d.value! >= -1)).toBe(true);
        expect(maxDrawdown.value).toBe(min);
        if (min < 0) {
          expect(maxDrawdown.trough_value! / maxDrawdown.peak_value! - 1).toBeCloseTo(min, 12);
        }
      }),
    );
  });
});
