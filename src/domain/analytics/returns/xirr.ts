import { dayNumber } from '../../dates.ts';
import {
  presentValue,
  type RateSolution,
  type RateSolverOptions,
  type RateTerm,
  solveRate,
} from './rate-solver.ts';
import type { InvestorCashflow } from './types.ts';

/** Actual/365 Fixed: a 366-day holding period is 366/365 years (Excel, Gnumeric and LibreOffice XIRR). */
export const ACT_365F = 365;

/** Each flow as a present-value term, its time in Act/365F years from the earliest flow (the choice of origin does not move the root). */
export function xirrTerms(cashflows: readonly InvestorCashflow[]): RateTerm[] {
  const origin = cashflows.reduce((min, cf) => Math.min(min, dayNumber(cf.date)), Number.POSITIVE_INFINITY);
  return cashflows.map((cf) => ({ time: (dayNumber(cf.date) - origin) / ACT_365F, amount: cf.amount }));
}

/** Act/365F years from the earliest to the latest flow. */
export function yearsSpanned(cashflows: readonly InvestorCashflow[]): number {
  if (cashflows.length === 0) return 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const cf of cashflows) {
    const day = dayNumber(cf.date);
    first = Math.min(first, day);
    last = Math.max(last, day);
  }
  return (last - first) / ACT_365F;
}

/** XNPV: Σ CF_i / (1 + r)^((d_i − d_0)/365), d_0 the earliest date. */
export const xnpv = (rate: number, cashflows: readonly InvestorCashflow[]): number =>
  presentValue(xirrTerms(cashflows), rate);

/**
 * XIRR: the annual effective rate r (Act/365F) with XNPV(r) = 0, investor signs (− paid in, + received).
 * Null with the reason when the flows do not change sign, when no rate in the bracket solves it, or when
 * several do and `root_selection` is `unique`.
 */
export function xirr(cashflows: readonly InvestorCashflow[], options: RateSolverOptions): RateSolution {
  return solveRate(xirrTerms(cashflows), options);
}

// ─── Periodic IRR (POST /analytics/irr): the same solver on equally spaced values ─────────────────────────

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
