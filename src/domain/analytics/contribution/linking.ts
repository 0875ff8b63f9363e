import type { Linking } from './types.ts';

/**
 * Multi-period linking of arithmetic effects. Each day t has a portfolio return R_t and a benchmark return
 * B_t (0 for contribution); the day's effects add up to R_t − B_t. Scaling each day's effects by a factor
 * f_t makes them add up over the period to the geometric difference
 *
 *   Σ_t f_t (R_t − B_t) = Π(1 + R_t) − Π(1 + B_t).
 *
 * - GRAP (Frongello 2002; GRAP 1997): f_t = Π_{s<t}(1 + R_s) · Π_{s>t}(1 + B_s). Exact by telescoping for any
 *   returns; with B = 0 it is each day's effect grown by the portfolio's growth before that day.
 * - Carino (1999): f_t = k_t / K with k_t = [ln(1+R_t) − ln(1+B_t)] / (R_t − B_t) (1/(1+R_t) when R_t = B_t)
 *   and K the same of the period's R and B. Exact too; needs every 1 + R_t, 1 + B_t > 0.
 */
export type LinkingFactors = { ok: true; factors: number[] } | { ok: false; reason: string };

export function linkingFactors(
  portfolio: readonly number[],
  benchmark: readonly number[],
  method: Linking,
): LinkingFactors {
  return method === 'grap' ? grapFactors(portfolio, benchmark) : carinoFactors(portfolio, benchmark);
}

function grapFactors(portfolio: readonly number[], benchmark: readonly number[]): LinkingFactors {
  const n = portfolio.length;
  const after = new Array<number>(n);
  let growth = 1;
  for (let t = n - 1; t >= 0; t--) {
    after[t] = growth;
    growth *= 1 + benchmark[t]!;
  }
  const factors = new Array<number>(n);
  let before = 1;
  for (let t = 0; t < n; t++) {
    factors[t] = before * after[t]!;
    before *= 1 + portfolio[t]!;
  }
  return { ok: true, factors };
}

/**
 * The log-difference ratio [ln(1+r) − ln(1+b)] / (r − b), its limit 1/(1+r) when r = b. Written as
 * ln(1 + d/(1+b)) / d with d = r − b, so that r close to b does not cancel the logarithms' digits.
 */
function logRatio(r: number, b: number): number {
  const d = r - b;
  if (d === 0) return 1 / (1 + r);
  return Math.log1p(d / (1 + b)) / d;
}

function carinoFactors(portfolio: readonly number[], benchmark: readonly number[]): LinkingFactors {
  const n = portfolio.length;
  let growthR = 1;
  let growthB = 1;
  for (let t = 0; t < n; t++) {
    if (portfolio[t]! <= -1 || benchmark[t]! <= -1) {
      return { ok: false, reason: `Carino linking needs returns above −100 %, day ${t + 1} has not` };
    }
    growthR *= 1 + portfolio[t]!;
    growthB *= 1 + benchmark[t]!;
  }
  const K = logRatio(growthR - 1, growthB - 1);
  const factors = portfolio.map((r, t) => logRatio(r, benchmark[t]!) / K);
  return { ok: true, factors };
}

/** Σ_t f_t · e_t: a series of daily effects linked with the factors. */
export const linkEffects = (effects: readonly number[], factors: readonly number[]): number =>
  effects.reduce((sum, e, t) => sum + e * factors[t]!, 0);

export const LINKING_DESCRIPTIONS: Readonly<Record<Linking, string>> = {
  grap:
    'GRAP (Frongello 2002): a day’s effect e_t is scaled by f_t = Π_{s<t}(1+R_s) × Π_{s>t}(1+B_s), R the ' +
    "portfolio's daily return, B the benchmark's (0 for contribution). Σ_t f_t (R_t − B_t) = Π(1+R) − Π(1+B) " +
    'exactly, whatever the returns.',
  carino:
    'Carino (1999): f_t = k_t / K, k_t = [ln(1+R_t) − ln(1+B_t)] / (R_t − B_t) (1/(1+R_t) when equal), K the ' +
    'same of the period returns. Exact; needs every daily return above −100 %.',
};
