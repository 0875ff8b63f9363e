import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linkEffects, linkingFactors } from './linking.ts';

describe('linking factors', () => {
  // Two days: the portfolio makes 10 % then 20 %, the benchmark 5 % then 10 %.
  const R = [0.1, 0.2];
  const B = [0.05, 0.1];
  const geometricActive = 1.1 * 1.2 - 1.05 * 1.1; // 0.165

  it('GRAP by hand: f_1 = 1 × (1 + B_2) = 1.1, f_2 = (1 + R_1) × 1 = 1.1', () => {
    const linked = linkingFactors(R, B, 'grap');
    expect(linked).toEqual({ ok: true, factors: [1.1, 1.1] });
    if (!linked.ok) return;
    expect(linkEffects([0.05, 0.1], linked.factors)).toBeCloseTo(geometricActive, 15);
  });

  it('Carino by hand: k_t / K with k = (ln(1+r) − ln(1+b)) / (r − b)', () => {
    const k = (r: number, b: number) => (Math.log(1 + r) - Math.log(1 + b)) / (r - b);
    const K = k(0.32, 0.155);
    const linked = linkingFactors(R, B, 'carino');
    if (!linked.ok) throw new Error(linked.reason);
    expect(linked.factors[0]).toBeCloseTo(k(0.1, 0.05) / K, 14);
    expect(linked.factors[1]).toBeCloseTo(k(0.2, 0.1) / K, 14);
    expect(linkEffects([0.05, 0.1], linked.factors)).toBeCloseTo(geometricActive, 14);
  });

  it('Carino with equal returns uses the limit 1/(1+r), and refuses a −100 % day', () => {
    const linked = linkingFactors([0.1, 0], [0.1, 0], 'carino');
    if (!linked.ok) throw new Error(linked.reason);
    // Both days have no active return; each factor is (1/(1+r_t)) / (1/1.1).
    expect(linked.factors[0]).toBeCloseTo(1, 15);
    expect(linked.factors[1]).toBeCloseTo(1.1, 15);
    expect(linkingFactors([-1, 0.1], [0, 0], 'carino').ok).toBe(false);
  });

  it('property: Σ_t f_t (R_t − B_t) = Π(1 + R_t) − Π(1 + B_t), both methods', () => {
    const ret = fc.double({ min: -0.5, max: 0.5, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(ret, ret), { minLength: 1, maxLength: 60 }),
        fc.constantFrom('grap' as const, 'carino' as const),
        (pairs, method) => {
          const r = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          const linked = linkingFactors(r, b, method);
          if (!linked.ok) return false;
          const growth = (xs: number[]) => xs.reduce((g, x) => g * (1 + x), 1);
          const expected = growth(r) - growth(b);
          const actual = linkEffects(
            r.map((x, t) => x - b[t]!),
            linked.factors,
          );
          // Relative to the growth in play: rounding of up to 60 products and sums.
          const scale = Math.max(1, growth(r), growth(b));
          expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * scale);
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });
});
