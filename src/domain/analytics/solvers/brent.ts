/**
 * Brent's method for a root of `f` in a bracket [a, b] where f(a) and f(b) differ in sign (the algorithm of
 * SciPy's brentq: inverse quadratic interpolation or the secant step when they stay inside the bracket,
 * bisection otherwise). It cannot diverge: the bracket shrinks every step.
 */
export type RootResult = { converged: true; root: number } | { converged: false; reason: string };

export interface BrentOptions {
  /** Absolute tolerance on the root. */
  xtol: number;
  /** Relative tolerance on the root. */
  rtol: number;
  maxIterations: number;
}

export const DEFAULT_BRENT: BrentOptions = { xtol: 1e-15, rtol: 4 * Number.EPSILON, maxIterations: 200 };

export function brent(
  f: (x: number) => number,
  a: number,
  b: number,
  options: BrentOptions = DEFAULT_BRENT,
): RootResult {
  let xpre = a;
  let xcur = b;
  let fpre = f(xpre);
  let fcur = f(xcur);
  if (!Number.isFinite(fpre) || !Number.isFinite(fcur)) {
    return { converged: false, reason: 'the function is not finite at an end of the bracket' };
  }
  if (fpre === 0) return { converged: true, root: xpre };
  if (fcur === 0) return { converged: true, root: xcur };
  if (Math.sign(fpre) === Math.sign(fcur)) {
    return { converged: false, reason: 'the bracket does not enclose a sign change' };
  }
  let xblk = 0;
  let fblk = 0;
  let spre = 0;
  let scur = 0;
  for (let i = 0; i < options.maxIterations; i++) {
    if (fpre !== 0 && fcur !== 0 && Math.sign(fpre) !== Math.sign(fcur)) {
      xblk = xpre;
      fblk = fpre;
      spre = scur = xcur - xpre;
    }
    // Keep the best estimate in xcur: the end of the bracket with the smaller |f|.
    if (Math.abs(fblk) < Math.abs(fcur)) {
      xpre = xcur;
      xcur = xblk;
      xblk = xpre;
      fpre = fcur;
      fcur = fblk;
      fblk = fpre;
    }
    const delta = (options.xtol + options.rtol * Math.abs(xcur)) / 2;
    const sbis = (xblk - xcur) / 2;
    if (fcur === 0 || Math.abs(sbis) < delta) return { converged: true, root: xcur };
    if (Math.abs(spre) > delta && Math.abs(fcur) < Math.abs(fpre)) {
      let stry: number;
      if (xpre === xblk) {
        stry = (-fcur * (xcur - xpre)) / (fcur - fpre);
      } else {
        const dpre = (fpre - fcur) / (xpre - xcur);
        const dblk = (fblk - fcur) / (xblk - xcur);
        stry = (-fcur * (fblk * dblk - fpre * dpre)) / (dblk * dpre * (fblk - fpre));
      }
      // Accept the interpolation only while it shrinks the bracket fast enough; else bisect.
      if (2 * Math.abs(stry) < Math.min(Math.abs(spre), 3 * Math.abs(sbis) - delta)) {
        spre = scur;
        scur = stry;
      } else {
        spre = sbis;
        scur = sbis;
      }
    } else {
      spre = sbis;
      scur = sbis;
    }
    xpre = xcur;
    fpre = fcur;
    xcur += Math.abs(scur) > delta ? scur : sbis > 0 ? delta : -delta;
    fcur = f(xcur);
    if (!Number.isFinite(fcur))
      return { converged: false, reason: 'the function is not finite inside the bracket' };
  }
  return { converged: false, reason: `no convergence in ${options.maxIterations} iterations` };
}
