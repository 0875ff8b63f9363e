import { describe, expect, it } from 'vitest';
import { normalDensity, normalQuantile } from './normal.ts';

describe('standard normal', () => {
  it('quantiles match the published values (scipy norm.ppf / R qnorm) to 1e-15 relative', () => {
    // z_0.05 and z_0.01 as the reference vectors state them (methodology §6); the others are textbook values.
    const cases: [number, number][] = [
      [0.05, -1.6448536269514722],
      [0.01, -2.3263478740408408],
      [0.975, 1.959963984540054],
      [0.9, 1.2815515655446004],
      [0.999, 3.090232306167813],
      [0.5, 0],
    ];
    for (const [p, z] of cases) {
      expect(Math.abs(normalQuantile(p) - z), `p = ${p}`).toBeLessThanOrEqual(
        1e-15 * Math.max(1, Math.abs(z)),
      );
    }
  });

  it('is symmetric and refuses probabilities outside (0, 1)', () => {
    for (const p of [0.001, 0.025, 0.2, 0.4])
      expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 9);
    expect(Number.isNaN(normalQuantile(0))).toBe(true);
    expect(Number.isNaN(normalQuantile(1))).toBe(true);
  });

  it('density: φ(0) = 1/√(2π), φ(1) = e^(−1/2)/√(2π)', () => {
    expect(normalDensity(0)).toBeCloseTo(0.3989422804014327, 16);
    expect(normalDensity(1)).toBeCloseTo(0.24197072451914337, 16);
  });
});
