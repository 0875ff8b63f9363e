import { describe, expect, it } from 'vitest';
import qsFixture from '../../../../test/fixtures/quantstats-0.0.86.json' with { type: 'json' };
import type { RiskConventions } from './conventions.ts';
import { cornishFisherZ, historicalShortfall, varEsAt } from './var-es.ts';

// Ten returns, already ascending: mean 0.012, Σ(x − x̄)² = 0.01116, so std ddof 1 = √0.00124, ddof 0 = √0.001116.
const R = [-0.05, -0.03, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06];
const Z95 = -1.6448536269514722; // scipy norm.ppf(0.05), as the reference vectors give it
const DEFAULTS: VarEsOptionsConventions = {
  expected_shortfall: 'empyrical',
  gaussian_sd: 'sample',
  gaussian_mean: 'include',
  cornish_fisher_moments: 'population',
};
type VarEsOptionsConventions = Pick<
  RiskConventions,
  'expected_shortfall' | 'gaussian_sd' | 'gaussian_mean' | 'cornish_fisher_moments'
>;
const at = (
  conventions: Partial<VarEsOptionsConventions> = {},
  quantile: 'linear' | 'inverted_cdf' = 'linear',
  horizonDays = 1,
) => varEsAt(R, 0.95, { quantile, conventions: { ...DEFAULTS, ...conventions }, horizonDays });

describe('VaR and expected shortfall at 95 %', () => {
  it('historical VaR: h = 9 × 0.05 = 0.45 → −0.05 + 0.45 × 0.02 = −0.041; inverted CDF: x_⌈0.5⌉ = −0.05', () => {
    expect(at().var.historical.value).toBeCloseTo(-0.041, 15);
    expect(at({}, 'inverted_cdf').var.historical.value).toBe(-0.05);
  });

  it('historical ES: empyrical averages the ⌊0.45⌋ + 1 = 1 smallest; strict averages those below −0.041', () => {
    expect(at().cvar.historical.value).toBe(-0.05);
    expect(at({ expected_shortfall: 'strict' }).cvar.historical.value).toBe(-0.05);
  });

  it('quantstats ES averages the returns below its Gaussian VaR, or falls back to that VaR', () => {
    const threshold = 0.012 + Z95 * Math.sqrt(0.00124); // −0.0459…: only −0.05 lies below
    expect(at({ expected_shortfall: 'quantstats' }).cvar.historical.value).toBe(-0.05);
    expect(historicalShortfall([0.01, 0.02], 0.05, 'quantstats', -0.03)).toBe(-0.03);
    expect(threshold).toBeLessThan(-0.041);
  });

  it('Gaussian VaR and ES: μ + zσ and μ − φ(z)/a σ, in each sd and mean convention', () => {
    const phi = Math.exp(-0.5 * Z95 * Z95) / Math.sqrt(2 * Math.PI);
    const cases: [Partial<VarEsOptionsConventions>, number, number][] = [
      [{}, 0.012, Math.sqrt(0.00124)],
      [{ gaussian_sd: 'population' }, 0.012, Math.sqrt(0.001116)],
      [{ gaussian_mean: 'zero' }, 0, Math.sqrt(0.00124)],
    ];
    for (const [conventions, mu, sigma] of cases) {
      const f = at(conventions);
      expect(f.var.gaussian.value).toBeCloseTo(mu + Z95 * sigma, 15);
      expect(f.cvar.gaussian.value).toBeCloseTo(mu - (phi / 0.05) * sigma, 15);
    }
  });

  it('Cornish–Fisher z by hand: z = −2, S = 1, K = 0 → −2 + 3/6 − (−16 + 10)/36 = −4/3; S = K = 0 → z', () => {
    expect(cornishFisherZ(-2, 1, 0)).toBeCloseTo(-4 / 3, 15);
    expect(cornishFisherZ(Z95, 0, 0)).toBe(Z95);
    // K alone: (z³ − 3z)K/24 with z = −2, K = 2.4 → (−8 + 6)(2.4)/24 = −0.2.
    expect(cornishFisherZ(-2, 0, 2.4)).toBeCloseTo(-2.2, 15);
  });

  it('scales every figure by √horizon', () => {
    const one = at();
    const four = at({}, 'linear', 4);
    for (const [a, b] of [
      [one.var.historical, four.var.historical],
      [one.var.gaussian, four.var.gaussian],
      [one.var.cornish_fisher, four.var.cornish_fisher],
      [one.cvar.historical, four.cvar.historical],
      [one.cvar.gaussian, four.cvar.gaussian],
    ]) {
      expect(b!.value).toBeCloseTo(2 * a!.value!, 15);
    }
  });

  it('one return: historical figures exist; the sample-sd ones are null with a reason', () => {
    const f = varEsAt([-0.01], 0.99, { quantile: 'linear', conventions: DEFAULTS, horizonDays: 1 });
    expect(f.var.historical.value).toBe(-0.01);
    expect(f.var.gaussian).toEqual({ value: null, reason: expect.stringMatching(/at least 2/) });
  });
});

describe('VaR and CVaR against quantstats 0.0.86 itself (test/fixtures/quantstats-0.0.86.json)', () => {
  // quantstats ≥ 0.0.83: cvar() is the Gaussian closed form μ − φ(z)/a·σ (ddof 1), our cvar.gaussian with the
  // default Gaussian conventions; cvar(method="historical") averages the returns ≤ the linear quantile.
  const returns = qsFixture.var_es.returns;
  it.each(['0.95', '0.99'] as const)('at %s: value_at_risk, cvar() and cvar(method="historical")', (c) => {
    const qs = qsFixture.var_es[c];
    const f = varEsAt(returns, Number(c), {
      quantile: 'linear',
      conventions: { ...DEFAULTS, expected_shortfall: 'quantstats_historical' },
      horizonDays: 1,
    });
    expect(f.var.gaussian.value).toBeCloseTo(qs.value_at_risk, 12);
    expect(f.cvar.gaussian.value).toBeCloseTo(qs.cvar_parametric, 12);
    expect(f.cvar.historical.value).toBeCloseTo(qs.cvar_historical, 12);
  });
});
