import { describe, expect, it } from 'vitest';
import { calmarRatio, omegaRatio, sharpeRatio, sortinoRatio, tailQuantiles, tailRatio } from './ratios.ts';
import {
  annualized,
  cagrByPeriods,
  cumulativeReturn,
  periodicDownsideDeviation,
  yearsOf,
} from './return-measures.ts';

const P = 252;

describe('return measures', () => {
  it('cumulative return and CAGR by hand', () => {
    expect(cumulativeReturn([0.1, -0.1])).toBeCloseTo(-0.01, 15);
    // Two periods with P = 2 is one year: the CAGR is the cumulative return.
    expect(cagrByPeriods([0.1, -0.1], 2).value).toBeCloseTo(-0.01, 15);
    expect(annualized(1.21, 2).value).toBeCloseTo(0.1, 15);
    expect(annualized(0, 1).value).toBe(-1);
    expect(annualized(1.1, null).reason).toMatch(/no time/);
  });

  it('the years of each CAGR basis', () => {
    const span = {
      inceptionDate: '2023-12-29',
      firstDate: '2024-01-02',
      lastDate: '2024-12-31',
      observations: 252,
      periodsPerYear: P,
    };
    expect(yearsOf('periods', span)).toBe(1);
    expect(yearsOf('act365', span)).toBe(368 / 365);
    expect(yearsOf('act365_25', span)).toBe(368 / 365.25);
    expect(yearsOf('quantstats_legacy', span)).toBe(364 / 365);
    expect(yearsOf('quantstats_legacy', { ...span, firstDate: '2024-12-31' })).toBeNull();
  });

  it('downside deviation divides by all n periods', () => {
    // (0.02, −0.01, 0.01, −0.03) below 0: √((1e-4 + 9e-4)/4) = √2.5e-4.
    expect(periodicDownsideDeviation([0.02, -0.01, 0.01, -0.03], 0)).toBeCloseTo(Math.sqrt(2.5e-4), 16);
    // Below a MAR of 0.01: (0.02 → 0), (−0.02), (0), (−0.04) → √((4e-4 + 16e-4)/4).
    expect(periodicDownsideDeviation([0.02, -0.01, 0.01, -0.03], 0.01)).toBeCloseTo(Math.sqrt(5e-4), 16);
  });
});

describe('ratios', () => {
  it('Sharpe: mean 0.02, std √2 × 0.01 → √2 × √252; with rf 0.01 half that; geometric by hand', () => {
    expect(sharpeRatio([0.01, 0.03], 0, P, 'arithmetic').value).toBeCloseTo(Math.sqrt(2 * P), 12);
    expect(sharpeRatio([0.01, 0.03], 0.01, P, 'arithmetic').value).toBeCloseTo(Math.sqrt(2 * P) / 2, 12);
    const cagr = (1.01 * 1.03) ** (P / 2) - 1;
    expect(sharpeRatio([0.01, 0.03], 0, P, 'geometric').value).toBeCloseTo(
      cagr / (Math.SQRT2 * 0.01 * Math.sqrt(P)),
      9,
    );
    expect(sharpeRatio([0.01, 0.01], 0, P, 'arithmetic').reason).toMatch(/volatility is zero/);
  });

  it('Sortino: mean 0.005 over DD √(1e-4/2) = 1/√2 per period, × √252 annualized; null with no downside', () => {
    expect(sortinoRatio([0.02, -0.01], 0, P, 'periodic').value).toBeCloseTo(Math.SQRT1_2, 14);
    expect(sortinoRatio([0.02, -0.01], 0, P, 'annualized').value).toBeCloseTo(
      Math.SQRT1_2 * Math.sqrt(P),
      12,
    );
    expect(sortinoRatio([0.02, 0], 0, P, 'annualized').reason).toMatch(/zero downside/);
  });

  it('Calmar, Omega and tail ratio by hand, and their zero denominators', () => {
    expect(calmarRatio({ value: 0.1 }, -0.05).value).toBeCloseTo(2, 15);
    expect(calmarRatio({ value: 0.1 }, 0).reason).toMatch(/no drawdown/);
    expect(omegaRatio([0.02, -0.01, 0.01], 0).value).toBeCloseTo(3, 14);
    expect(omegaRatio([0.02, -0.01, 0.01], 0.01).value).toBeCloseTo(0.01 / 0.02, 14);
    expect(omegaRatio([0.02, 0.01], 0).reason).toMatch(/no losses/);
    // 21 returns −0.10 … +0.10 step 0.01: Q(0.05) = −0.09, Q(0.95) = 0.09 (h = 1 and 19 exactly).
    const xs = Array.from({ length: 21 }, (_, i) => (i - 10) / 100);
    const { q05, q95 } = tailQuantiles(xs, 'linear');
    expect(q05).toBeCloseTo(-0.09, 15);
    expect(tailRatio(q05, q95).value).toBeCloseTo(1, 14);
    expect(tailRatio(0, 0.01).reason).toMatch(/quantile is zero/);
  });
});
