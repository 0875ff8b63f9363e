import { describe, expect, it } from 'vitest';
import { DAY_STEP, gbmPath, gbmStep } from './gbm.ts';
import { createRng, type Rng } from './prng.ts';

/** A stand-in generator that returns the given normal draws in order. */
function fixedDraws(draws: number[]): Rng {
  const rng = createRng(0);
  let i = 0;
  return { ...rng, normal: () => draws[i++]! };
}

describe('gbm', () => {
  it('takes one exact step: S·exp((μ − σ²/2)·dt + σ·√dt·z), checked against a hand computation', () => {
    // μ = 0.05, σ = 0.2, dt = 1/252, z = 1.5:
    //   (0.05 − 0.02) / 252          = 0.000119047619047619
    //   0.2 · √(1/252) · 1.5          = 0.3 / 15.874507866387544 = 0.018898223650461364
    //   100 · exp(0.019017271269508983) = 101.919925133035
    const next = gbmStep(100, { drift: 0.05, volatility: 0.2 }, 1 / 252, 1.5);
    expect(next).toBeCloseTo(101.919925133035, 10);
    // z = 0 with σ = 0: plain exponential growth at μ over one year.
    expect(gbmStep(50, { drift: 0.1, volatility: 0 }, 1, 0)).toBeCloseTo(50 * Math.E ** 0.1, 12);
  });

  it('builds a path from its draws: the first value is the start, then one step per draw', () => {
    const params = { drift: 0.05, volatility: 0.2 };
    const path = gbmPath(100, params, 3, fixedDraws([1.5, -1]));
    expect(path[0]).toBe(100);
    expect(path[1]).toBeCloseTo(101.919925133035, 10);
    expect(path[2]).toBeCloseTo(gbmStep(path[1]!, params, DAY_STEP, -1), 12);
  });

  it('stays strictly positive even under extreme volatility and negative draws', () => {
    const path = gbmPath(1, { drift: -0.5, volatility: 3 }, 2_000, createRng(3));
    for (const p of path) expect(p).toBeGreaterThan(0);
    expect(() => gbmPath(0, { drift: 0, volatility: 0.1 }, 2, createRng(1))).toThrow(RangeError);
  });

  it('has log-returns with mean (μ − σ²/2)·dt and standard deviation σ·√dt', () => {
    const params = { drift: 0.08, volatility: 0.3 };
    const n = 100_000;
    const path = gbmPath(100, params, n + 1, createRng(11));
    let sum = 0;
    let sumSq = 0;
    for (let i = 1; i <= n; i++) {
      const r = Math.log(path[i]! / path[i - 1]!);
      sum += r;
      sumSq += r * r;
    }
    const mean = sum / n;
    const sd = Math.sqrt(sumSq / n - mean * mean);
    const expectedSd = 0.3 * Math.sqrt(DAY_STEP);
    expect(sd / expectedSd).toBeGreaterThan(0.98);
    expect(sd / expectedSd).toBeLessThan(1.02);
    // The mean's standard error is sd/√n ≈ 0.00006; allow 4 of them.
    expect(Math.abs(mean - (0.08 - 0.045) * DAY_STEP)).toBeLessThan((4 * expectedSd) / Math.sqrt(n));
  });
});
