import { describe, expect, it } from 'vitest';
import { holdingBondFigures } from './holding-figures.ts';

const TERMS = {
  maturity_date: '2029-01-15',
  issue_date: '2019-01-15',
  coupon_rate: '0.05',
  coupon_frequency: 'ANNUAL' as const,
  day_count: 'Act/Act ICMA' as const,
};

describe('holdingBondFigures', () => {
  it('a 5 % annual bond on a coupon date priced at par yields 5 %; durations by hand', () => {
    // On a coupon date with 5 years left at par: y = 5 %; Macaulay = Σ t·PV / P with PV_t = 5/1.05^t (t < 5)
    // and 105/1.05^5; modified = Macaulay / 1.05; convexity = Σ t(t+1)·PV / (P·1.05²).
    const f = holdingBondFigures(TERMS, '2024-01-15', 100);
    const pv = [1, 2, 3, 4, 5].map((t) => (t === 5 ? 105 : 5) / 1.05 ** t);
    const macaulay = pv.reduce((s, v, i) => s + (i + 1) * v, 0) / 100;
    const convexity = pv.reduce((s, v, i) => s + (i + 1) * (i + 2) * v, 0) / (100 * 1.05 ** 2);
    expect(f.yield_to_maturity.value).toBeCloseTo(0.05, 10);
    expect(f.macaulay_duration.value).toBeCloseTo(macaulay, 8);
    expect(f.modified_duration.value).toBeCloseTo(macaulay / 1.05, 8);
    expect(f.convexity.value).toBeCloseTo(convexity, 8);
  });

  it('null with the reason: terms unknown, matured, no price', () => {
    expect(
      holdingBondFigures({ ...TERMS, coupon_rate: null, day_count: null }, '2024-01-15', 100)
        .yield_to_maturity,
    ).toEqual({ value: null, reason: "the instrument's bond terms are not known: coupon_rate, day_count" });
    expect(holdingBondFigures(TERMS, '2029-01-15', 100).convexity.reason).toBe(
      'the bond matured on 2029-01-15',
    );
    expect(holdingBondFigures(TERMS, '2024-01-15', null).modified_duration.reason).toBe(
      'the bond has no price on the date',
    );
  });
});
