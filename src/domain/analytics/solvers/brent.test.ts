import { describe, expect, it } from 'vitest';
import { brent } from './brent.ts';

describe("Brent's method", () => {
  it('finds the cube root of 2 to machine precision', () => {
    const r = brent((x) => x ** 3 - 2, 0, 2);
    expect(r.converged).toBe(true);
    if (r.converged) expect(Math.abs(r.root - Math.cbrt(2))).toBeLessThanOrEqual(4e-16);
  });

  it('converges where Newton from the left end overshoots: atan(x) on [−10, 20]', () => {
    const r = brent(Math.atan, -10, 20);
    expect(r.converged && Math.abs(r.root) <= 1e-15).toBe(true);
  });

  it('says when the bracket has no sign change', () => {
    expect(brent((x) => x * x + 1, -1, 1)).toEqual({
      converged: false,
      reason: 'the bracket does not enclose a sign change',
    });
  });
});
