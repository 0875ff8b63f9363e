import type { CivilDate } from './calendar.ts';

/**
 * The price of a bond per 100 of face as a function of its yield: a nominal annual yield compounded f times
 * a year (the street / Excel PRICE convention; the bond-equivalent yield when f = 2).
 */
export const LAST_PERIODS = ['compounded', 'excel_simple'] as const;
/**
 * With one coupon left: `compounded` discounts it by (1+y/f)^(DSC/E) like every other flow (QuantLib,
 * LibreOffice PRICE); `excel_simple` by 1 + (DSC/E)·y/f, the money-market formula Excel documents for PRICE
 * and YIELD in the last period (Gnumeric too).
 */
export type LastPeriod = (typeof LAST_PERIODS)[number];

export interface CashFlow {
  date: CivilDate;
  /** Per 100 of face: the coupon, plus the redemption at maturity. */
  amount: number;
  /** Coupon periods from settlement to the flow: k − 1 + DSC/E. */
  periods: number;
}

export interface PricingModel {
  frequency: number;
  flows: readonly CashFlow[];
  /** Money-market discounting of the one remaining flow (excel_simple in the last period). */
  simple: boolean;
}

/** The flow's time from settlement in years, t = periods / f. */
export const yearsTo = (model: PricingModel, flow: CashFlow) => flow.periods / model.frequency;

/** The discount factor of a flow at yield y. */
function discount(model: PricingModel, flow: CashFlow, y: number): number {
  return model.simple ? 1 / (1 + yearsTo(model, flow) * y) : (1 + y / model.frequency) ** -flow.periods;
}

/** Yields at or below this make a discount factor infinite or negative: 1 + y/f > 0 (simple: 1 + t·y > 0). */
export function lowestYield(model: PricingModel): number {
  const only = model.flows[0];
  if (model.simple && only !== undefined && only.periods > 0) return -1 / yearsTo(model, only);
  return model.simple ? Number.NEGATIVE_INFINITY : -model.frequency;
}

/** Dirty price P(y) = Σ CF_k · discount_k(y). */
export function dirtyPrice(model: PricingModel, y: number): number {
  let price = 0;
  for (const flow of model.flows) price += flow.amount * discount(model, flow, y);
  return price;
}

export interface PriceSensitivities {
  dirty: number;
  /** Σ t_k · PV_k: the numerator of the Macaulay duration. */
  timeWeighted: number;
  /** −dP/dy. */
  slope: number;
  /** d²P/dy². */
  curvature: number;
}

/**
 * The price and its first two yield derivatives in closed form.
 * Compounded: −dP/dy = Σ CF_k t_k (1+y/f)^−(f t_k + 1); d²P/dy² = Σ CF_k t_k (t_k + 1/f) (1+y/f)^−(f t_k + 2).
 * Simple (one flow): P = CF/(1 + t y), so −dP/dy = CF t/(1 + t y)² and d²P/dy² = 2 CF t²/(1 + t y)³.
 */
export function sensitivities(model: PricingModel, y: number): PriceSensitivities {
  const f = model.frequency;
  const s: PriceSensitivities = { dirty: 0, timeWeighted: 0, slope: 0, curvature: 0 };
  for (const flow of model.flows) {
    const t = yearsTo(model, flow);
    const pv = flow.amount * discount(model, flow, y);
    const growth = model.simple ? 1 + t * y : 1 + y / f;
    s.dirty += pv;
    s.timeWeighted += t * pv;
    s.slope += (t * pv) / growth;
    s.curvature += model.simple ? (2 * t * t * pv) / growth ** 2 : (t * (t + 1 / f) * pv) / growth ** 2;
  }
  return s;
}
