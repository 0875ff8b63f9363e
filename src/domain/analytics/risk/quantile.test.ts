import { describe, expect, it } from 'vitest';
import { quantile, tailProbability } from './quantile.ts';

const SORTED = [1, 2, 3, 4, 5];

describe('quantile', () => {
  it('linear (type 7): h = (n − 1)p, interpolated between neighbours', () => {
    expect(quantile(SORTED, 0.1, 'linear')).toBeCloseTo(1.4, 14); // h = 0.4
    expect(quantile(SORTED, 0.25, 'linear')).toBe(2); // h = 1
    expect(quantile(SORTED, 0.95, 'linear')).toBeCloseTo(4.8, 14); // h = 3.8
    expect(quantile(SORTED, 1, 'linear')).toBe(5);
    expect(quantile(SORTED, 0, 'linear')).toBe(1);
  });

  it('inverted_cdf (type 1): the ⌈np⌉-th smallest, no interpolation', () => {
    expect(quantile(SORTED, 0.1, 'inverted_cdf')).toBe(1); // ⌈0.5⌉ = 1
    expect(quantile(SORTED, 0.25, 'inverted_cdf')).toBe(2); // ⌈1.25⌉ = 2
    expect(quantile(SORTED, 0.4, 'inverted_cdf')).toBe(2); // ⌈2⌉ = 2
    expect(quantile(SORTED, 0.95, 'inverted_cdf')).toBe(5);
  });

  it('1 − confidence without binary noise, so (n − 1)(1 − c) lands on the integer it should', () => {
    expect(1 - 0.95).not.toBe(0.05);
    expect(tailProbability(0.95)).toBe(0.05);
    expect(tailProbability(0.99)).toBe(0.01);
    expect(20 * tailProbability(0.95)).toBe(1);
  });
});
