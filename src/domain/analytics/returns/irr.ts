import {
  presentValue,
  type RateSolution,
  type RateSolverOptions,
  type RateTerm,
  solveRate,
} from './rate-solver.ts';

/** Periodic values as present-value terms: v_t at time t = 0, 1, …, N (v_0 undiscounted). */
const periodicTerms = (values: readonly number[]): RateTerm[] =>
  values.map((amount, time) => ({ time, amount }));

/** NPV as numpy-financial computes it: Σ v_t / (1 + r)^t with v_0 at t = 0 (spreadsheet NPV() discounts v_0 one period). */
export const npv = (rate: number, values: readonly number[]): number =>
  presentValue(periodicTerms(values), rate);

/** The per-period IRR r with Σ v_t / (1 + r)^t = 0 (t = 0..N). */
export function irr(values: readonly number[], options: RateSolverOptions): RateSolution {
  return solveRate(periodicTerms(values), options);
}
