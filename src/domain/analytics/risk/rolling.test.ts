import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, stdDev } from './moments.ts';
import { rollingRisk } from './rolling.ts';

const dated = (values: number[]) =>
  values.map((value, i) => ({ date: `2024-01-${String(i + 1).padStart(2, '0')}`, value }));

describe('rollingRisk', () => {
  it('by hand: window 2 over (0.01, 0.03, 0.03): std √2 × 0.01, then a constant window', () => {
    const { volatility, sharpe, sharpeNullReason } = rollingRisk(dated([0.01, 0.03, 0.03]), {
      window: 2,
      periodsPerYear: 252,
      riskFree: 0,
      sharpe: 'arithmetic',
    });
    expect(volatility.map((v) => v.date)).toEqual(['2024-01-02', '2024-01-03']);
    expect(volatility[0]!.value).toBeCloseTo(Math.SQRT2 * 0.01 * Math.sqrt(252), 14);
    expect(volatility[1]!.value).toBe(0);
    expect(sharpe[0]!.value).toBeCloseTo(Math.sqrt(2 * 252), 11);
    expect(sharpe[1]!.value).toBeNull();
    expect(sharpeNullReason).toMatch(/zero volatility/);
  });

  it('property: each window equals the two-pass figures of that window alone', () => {
    // Returns to a hundredth of a basis point in ±10 %, with runs of repeats (constant windows) likely.
    const aReturn = fc.oneof(
      fc.integer({ min: -100_000, max: 100_000 }).map((i) => i / 1e6),
      fc.constant(0.0005),
    );
    const series = fc.array(aReturn, { minLength: 3, maxLength: 40 });
    fc.assert(
      fc.property(
        series,
        fc.nat(),
        fc.constantFrom('arithmetic' as const, 'geometric' as const),
        (xs, k, form) => {
          const window = 2 + (k % (xs.length - 1));
          const riskFree = 0.0001;
          const { volatility, sharpe } = rollingRisk(dated(xs), {
            window,
            periodsPerYear: 252,
            riskFree,
            sharpe: form,
          });
          expect(volatility).toHaveLength(xs.length - window + 1);
          volatility.forEach((v, i) => {
            const slice = xs.slice(i, i + window);
            const sd = stdDev(slice, 1);
            expect(Math.abs(v.value! - sd * Math.sqrt(252))).toBeLessThanOrEqual(1e-10 * sd * Math.sqrt(252));
            if (sd < 1e-6) return; // near-constant windows: the ratio is ill-conditioned, not wrong
            const excess = slice.map((x) => x - riskFree);
            const growth = excess.reduce((w, x) => w * (1 + x), 1);
            const expected =
              form === 'arithmetic'
                ? (mean(excess) / sd) * Math.sqrt(252)
                : (growth ** (252 / window) - 1) / (sd * Math.sqrt(252));
            expect(Math.abs(sharpe[i]!.value! - expected)).toBeLessThanOrEqual(
              1e-7 * Math.max(1, Math.abs(expected)),
            );
          });
        },
      ),
    );
  });
});
