import type { Rng } from './prng.ts';

/**
 * Geometric Brownian motion, exact discretisation: over a step of dt years with a standard normal draw z,
 *   S(t + dt) = S(t) · exp((μ − σ²/2)·dt + σ·√dt·z)
 * so prices stay strictly positive whatever the draw. μ is the annual drift, σ the annual volatility.
 */
export interface GbmParams {
  /** Annual drift μ (0.07 = 7 % a year). */
  drift: number;
  /** Annual volatility σ (0.25 = 25 %). */
  volatility: number;
}

/** Trading days per year: one business day is a step of 1/252 year. */
export const TRADING_DAYS_PER_YEAR = 252;
export const DAY_STEP = 1 / TRADING_DAYS_PER_YEAR;

export function gbmStep(price: number, { drift, volatility }: GbmParams, dt: number, z: number): number {
  return price * Math.exp((drift - (volatility * volatility) / 2) * dt + volatility * Math.sqrt(dt) * z);
}

/** `steps` values: the first is `start`, each next one a GBM step of `dt` from the previous one. */
export function gbmPath(start: number, params: GbmParams, steps: number, rng: Rng, dt = DAY_STEP): number[] {
  if (!(start > 0)) throw new RangeError(`GBM start value must be positive, got ${start}`);
  const path: number[] = [];
  let price = start;
  for (let i = 0; i < steps; i++) {
    if (i > 0) price = gbmStep(price, params, dt, rng.normal());
    path.push(price);
  }
  return path;
}
