import { describe, expect, it } from 'vitest';
import {
  centralMoment,
  correlation,
  excessKurtosis,
  mean,
  skewness,
  stdDev,
  sum,
  variance,
} from './moments.ts';

// Hand-computed: x = (0, 0, 0, 0.04), mean 0.01, deviations (−0.01, −0.01, −0.01, 0.03).
// m2 = (3e-4 + 9e-4)/4 = 3e-4, m3 = (−3e-6 + 27e-6)/4 = 6e-6, m4 = (3e-8 + 81e-8)/4 = 2.1e-7.
// g1 = 6e-6 / (3e-4)^1.5 = 2/√3; G1 = g1 √(4·3)/2 = 2. g2 = 2.1e-7/9e-8 − 3 = −2/3; G2 = ((5)(−2/3) + 6)(3)/(2·1) = 4.
const X = [0, 0, 0, 0.04];

describe('moments', () => {
  it('mean, central moments and standard deviations by hand', () => {
    expect(mean(X)).toBeCloseTo(0.01, 17);
    expect(centralMoment(X, 2)).toBeCloseTo(3e-4, 16);
    expect(centralMoment(X, 3)).toBeCloseTo(6e-6, 18);
    expect(variance(X, 0)).toBeCloseTo(3e-4, 16);
    expect(variance(X, 1)).toBeCloseTo(4e-4, 16);
    expect(stdDev(X, 1)).toBeCloseTo(0.02, 15);
  });

  it('skewness: population g1 = 2/√3, sample-adjusted G1 = 2', () => {
    expect(skewness(X, 'population').value).toBeCloseTo(2 / Math.sqrt(3), 12);
    expect(skewness(X, 'sample').value).toBeCloseTo(2, 12);
  });

  it('excess kurtosis: population g2 = −2/3, sample-adjusted G2 = 4', () => {
    expect(excessKurtosis(X, 'population').value).toBeCloseTo(-2 / 3, 12);
    expect(excessKurtosis(X, 'sample').value).toBeCloseTo(4, 11);
  });

  it('constant data have exactly zero spread, and no skewness, kurtosis or correlation', () => {
    const flat = [0.001, 0.001, 0.001, 0.001, 0.001];
    expect(stdDev(flat, 1)).toBe(0);
    expect(skewness(flat, 'population')).toEqual({ value: null, reason: expect.stringMatching(/constant/) });
    expect(excessKurtosis(flat, 'sample')).toEqual({
      value: null,
      reason: expect.stringMatching(/constant/),
    });
    expect(correlation(flat, X.concat(0)).value).toBeNull();
  });

  it('too few returns for the sample-adjusted moments are null, not a number', () => {
    expect(skewness([0.01, 0.02], 'sample').reason).toMatch(/at least 3/);
    expect(excessKurtosis([0.01, 0.02, 0.04], 'sample').reason).toMatch(/at least 4/);
    expect(Number.isNaN(variance([0.01], 1))).toBe(true);
  });

  it('correlation of an exact linear relation is ±1', () => {
    const b = [0.01, -0.005, 0.005, 0];
    expect(
      correlation(
        b,
        b.map((x) => 2 * x + 0.001),
      ).value,
    ).toBeCloseTo(1, 14);
    expect(
      correlation(
        b,
        b.map((x) => -x),
      ).value,
    ).toBeCloseTo(-1, 14);
  });

  it('compensated summation keeps what naive summation loses', () => {
    // 1 + 1e-16 × 10 in float64: naive adding drops every 1e-16; the exact sum is 1 + 1e-15.
    const xs = [1, ...Array(10).fill(1e-16)];
    expect(sum(xs)).toBe(1 + 1e-15);
  });
});
