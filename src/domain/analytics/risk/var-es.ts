import { type Figure, figureOf, undefinedBecause } from '../figure.ts';
import type { RiskConventions } from './conventions.ts';
import { excessKurtosis, isConstant, mean, skewness, stdDev } from './moments.ts';
import { normalDensity, normalQuantile } from './normal.ts';
import { ascending, type QuantileMethod, quantile, tailProbability } from './quantile.ts';

/**
 * Value at Risk and Expected Shortfall as RETURN quantiles: a loss is negative (−0.02 = a 2 % loss), as empyrical
 * and quantstats return them and PerformanceAnalytics with invert = TRUE (methodology §6). For confidence c the
 * tail probability is a = 1 − c and z = Φ⁻¹(a).
 */

/** Cornish–Fisher z: z + (z² − 1)S/6 + (z³ − 3z)K/24 − (2z³ − 5z)S²/36, S skewness, K excess kurtosis. */
export const cornishFisherZ = (z: number, s: number, k: number): number =>
  z + ((z * z - 1) * s) / 6 + ((z ** 3 - 3 * z) * k) / 24 - ((2 * z ** 3 - 5 * z) * s * s) / 36;

/**
 * Historical expected shortfall. empyrical: the mean of the ⌊(n − 1)a⌋ + 1 smallest returns. strict: the mean
 * of the returns strictly below `threshold` (the historical VaR; PA), else the threshold. quantstats (≤ 0.0.82):
 * the same with the Gaussian VaR as the threshold. quantstats_historical (≥ 0.0.83, method="historical"): the
 * mean of the returns at or below `threshold`, the linear quantile, so never empty.
 */
export function historicalShortfall(
  sorted: readonly number[],
  a: number,
  form: RiskConventions['expected_shortfall'],
  threshold: number,
): number {
  if (form === 'empyrical') return mean(sorted.slice(0, Math.floor((sorted.length - 1) * a) + 1));
  if (form === 'quantstats_historical') return mean(sorted.filter((r) => r <= threshold));
  const below = sorted.filter((r) => r < threshold);
  return below.length === 0 ? threshold : mean(below);
}

export interface VarEsFigures {
  var: { historical: Figure; gaussian: Figure; cornish_fisher: Figure };
  cvar: { historical: Figure; gaussian: Figure };
  z: number;
  cornishFisherZ: Figure;
}

export interface VarEsOptions {
  quantile: QuantileMethod;
  conventions: Pick<
    RiskConventions,
    'expected_shortfall' | 'gaussian_sd' | 'gaussian_mean' | 'cornish_fisher_moments'
  >;
  horizonDays: number;
}

const NEEDS_TWO = 'a standard deviation with ddof 1 needs at least 2 returns';

/** Every VaR and ES figure at one confidence level, scaled to the horizon by the square-root-of-time rule. */
export function varEsAt(returns: readonly number[], confidence: number, options: VarEsOptions): VarEsFigures {
  const { conventions } = options;
  const sorted = ascending(returns);
  const a = tailProbability(confidence);
  const z = normalQuantile(a);
  const mu = mean(returns);
  const sample = returns.length >= 2 ? stdDev(returns, 1) : null;
  const population = stdDev(returns, 0);

  const historicalVar = quantile(sorted, a, options.quantile);
  // quantstats' threshold is its own parametric VaR (mean included, ddof 1), whatever the Gaussian conventions.
  const quantstatsThreshold = sample === null ? null : mu + z * sample;
  const historicalEs: Figure =
    conventions.expected_shortfall === 'quantstats'
      ? quantstatsThreshold === null
        ? undefinedBecause(`quantstats expected shortfall uses a Gaussian VaR: ${NEEDS_TWO}`)
        : figureOf(historicalShortfall(sorted, a, 'quantstats', quantstatsThreshold))
      : conventions.expected_shortfall === 'quantstats_historical'
        ? figureOf(historicalShortfall(sorted, a, 'quantstats_historical', quantile(sorted, a, 'linear')))
        : figureOf(historicalShortfall(sorted, a, conventions.expected_shortfall, historicalVar));

  const sigma = conventions.gaussian_sd === 'sample' ? sample : population;
  const centre = conventions.gaussian_mean === 'include' ? mu : 0;
  const gaussianVar = sigma === null ? undefinedBecause(NEEDS_TWO) : figureOf(centre + z * sigma);
  const gaussianEs =
    sigma === null ? undefinedBecause(NEEDS_TWO) : figureOf(centre - (normalDensity(z) / a) * sigma);

  const cfZ = cornishFisherZOf(returns, z, conventions.cornish_fisher_moments);
  const cfSigma = conventions.cornish_fisher_moments === 'sample' ? sample : population;
  const cornishFisherVar = cfZ.value === null || cfSigma === null ? cfZ : figureOf(mu + cfZ.value * cfSigma);

  const scale = Math.sqrt(options.horizonDays);
  const scaled = (f: Figure): Figure => (f.value === null ? f : figureOf(f.value * scale));
  return {
    var: {
      historical: scaled(figureOf(historicalVar)),
      gaussian: scaled(gaussianVar),
      cornish_fisher: scaled(cornishFisherVar),
    },
    cvar: { historical: scaled(historicalEs), gaussian: scaled(gaussianEs) },
    z,
    cornishFisherZ: cfZ,
  };
}

function cornishFisherZOf(
  returns: readonly number[],
  z: number,
  moments: RiskConventions['cornish_fisher_moments'],
): Figure {
  if (isConstant(returns)) {
    return undefinedBecause(
      'the Cornish–Fisher expansion needs skewness and kurtosis: the returns are constant',
    );
  }
  const s = skewness(returns, moments);
  const k = excessKurtosis(returns, moments);
  if (s.value === null) return s;
  if (k.value === null) return k;
  return figureOf(cornishFisherZ(z, s.value, k.value));
}
