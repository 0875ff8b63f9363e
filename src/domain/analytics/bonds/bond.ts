import { validationFailed } from '../../errors.ts';
import { type Figure, figureOf, undefinedBecause } from '../figure.ts';
import { type BondRequest, type BondTerms, readBondTerms } from './bond-terms.ts';
import { type CivilDate, compareDates, formatIsoDate } from './calendar.ts';
import { type CouponDays, couponDays, type DayCount, daysBetween } from './day-count.ts';
import {
  type CashFlow,
  type LastPeriod,
  lowestYield,
  type PricingModel,
  sensitivities,
  yearsTo,
} from './pricing.ts';
import { couponSchedule } from './schedule.ts';
import { yieldFromCleanPrice } from './yield.ts';

export interface BondConventions {
  day_count: DayCount;
  /** Coupons and yield compounding per year. */
  frequency: number;
  end_of_month: boolean;
  last_period: LastPeriod;
  schedule: 'backward_from_maturity_unadjusted';
  yield: 'nominal_annual_compounded_at_frequency';
  convexity: 'years_squared_no_half_factor';
  price_basis: 'per_100_face';
}

export interface BondAnalytics {
  previous_coupon_date: string;
  next_coupon_date: string;
  /** The previous coupon date, or the issue date when the first coupon period is short. */
  accrual_start_date: string;
  coupons_remaining: number;
  accrued_days: number;
  coupon_period_days: number;
  days_to_next_coupon: number;
  accrued_interest: number;
  figures: {
    clean_price: Figure;
    dirty_price: Figure;
    ytm: Figure;
    macaulay_duration: Figure;
    modified_duration: Figure;
    convexity: Figure;
    dv01: Figure;
  };
  cash_flows: { date: string; amount: number; time_years: number }[];
  conventions: BondConventions;
}

/**
 * The cash flows per 100 of face after settlement: the coupon 100·c/f on each remaining coupon date (the
 * first pro rata from the issue date when that period is short, ICMA style: days(issue, next)/E of a full
 * coupon) and the redemption at maturity. Zero amounts (a zero-coupon bond's coupons) are left out.
 */
function cashFlows(terms: BondTerms, remaining: readonly CivilDate[], days: CouponDays, shortFirst: boolean) {
  const coupon = (100 * terms.couponRate) / terms.frequency;
  const firstFraction = (next: CivilDate) =>
    shortFirst ? daysBetween(terms.dayCount, terms.issue!, next) / days.period : 1;
  const flows: CashFlow[] = remaining.map((date, k) => ({
    date,
    amount:
      (k === 0 ? coupon * firstFraction(date) : coupon) + (k === remaining.length - 1 ? terms.redemption : 0),
    periods: k + days.toNext / days.period,
  }));
  return flows.filter((flow) => flow.amount !== 0);
}

/**
 * Price, yield and risk of a fixed-coupon bullet bond (analytics-methodology §11). Dirty price
 * P = Σ CF_k/(1+y/f)^(k−1+DSC/E); accrued interest AI = 100·(c/f)·A/E; clean = P − AI; t_k = (k−1+DSC/E)/f;
 * Macaulay = Σ t_k PV_k / P; modified = −(1/P) dP/dy; convexity = (1/P) d²P/dy² (years², no ½);
 * DV01 = −dP/dy / 10,000 per 100 of face.
 */
export function analyseBond(request: BondRequest): BondAnalytics {
  const terms = readBondTerms(request);
  const schedule = couponSchedule(terms.settlement, terms.maturity, terms.frequency, terms.endOfMonth);
  const next = schedule.remaining[0]!;
  const shortFirst = terms.issue !== null && compareDates(terms.issue, schedule.previous) > 0;
  const accrualStart = shortFirst ? terms.issue! : schedule.previous;
  const days = couponDays(
    terms.dayCount,
    terms.frequency,
    schedule.previous,
    accrualStart,
    terms.settlement,
    next,
  );
  const accruedInterest = (((100 * terms.couponRate) / terms.frequency) * days.accrued) / days.period;
  const model: PricingModel = {
    frequency: terms.frequency,
    flows: cashFlows(terms, schedule.remaining, days, shortFirst),
    simple: terms.lastPeriod === 'excel_simple' && schedule.remaining.length === 1,
  };

  let ytm: Figure;
  if ('yield' in terms.given) {
    const floor = lowestYield(model);
    if (!(terms.given.yield > floor)) {
      throw validationFailed('the bond terms are invalid', [
        {
          index: 0,
          field: 'yield',
          message: `must be greater than ${floor} (every discount factor positive)`,
        },
      ]);
    }
    ytm = { value: terms.given.yield };
  } else {
    ytm = yieldFromCleanPrice(model, accruedInterest, terms.given.cleanPrice);
  }

  const figures = figuresAt(
    model,
    ytm,
    accruedInterest,
    'cleanPrice' in terms.given ? terms.given.cleanPrice : null,
  );
  return {
    previous_coupon_date: formatIsoDate(schedule.previous),
    next_coupon_date: formatIsoDate(next),
    accrual_start_date: formatIsoDate(accrualStart),
    coupons_remaining: schedule.remaining.length,
    accrued_days: days.accrued,
    coupon_period_days: days.period,
    days_to_next_coupon: days.toNext,
    accrued_interest: accruedInterest,
    figures,
    cash_flows: model.flows.map((flow) => ({
      date: formatIsoDate(flow.date),
      amount: flow.amount,
      time_years: yearsTo(model, flow),
    })),
    conventions: {
      day_count: terms.dayCount,
      frequency: terms.frequency,
      end_of_month: terms.endOfMonth,
      last_period: terms.lastPeriod,
      schedule: 'backward_from_maturity_unadjusted',
      yield: 'nominal_annual_compounded_at_frequency',
      convexity: 'years_squared_no_half_factor',
      price_basis: 'per_100_face',
    },
  };
}

/**
 * Every figure at the yield. A given clean price is returned as given (dirty = clean + AI), not re-derived
 * from the solved yield, which reproduces it only to the solver's tolerance.
 */
function figuresAt(
  model: PricingModel,
  ytm: Figure,
  accruedInterest: number,
  givenCleanPrice: number | null,
): BondAnalytics['figures'] {
  if (ytm.value === null) {
    const none = undefinedBecause(`undefined without a yield: ${ytm.reason}`);
    return {
      clean_price: figureOf(givenCleanPrice!),
      dirty_price: figureOf(givenCleanPrice! + accruedInterest),
      ytm,
      macaulay_duration: none,
      modified_duration: none,
      convexity: none,
      dv01: none,
    };
  }
  const s = sensitivities(model, ytm.value);
  const dirty = givenCleanPrice === null ? s.dirty : givenCleanPrice + accruedInterest;
  const overPrice = (x: number) =>
    s.dirty > 0 ? figureOf(x / s.dirty) : undefinedBecause('the dirty price at this yield is zero');
  // At an absurd yield the dirty price falls below the accrued interest: no clean price is quoted there.
  const clean = dirty - accruedInterest;
  return {
    clean_price:
      clean < 0
        ? undefinedBecause(
            `negative at this yield: the dirty price ${dirty} is below the accrued interest ${accruedInterest}`,
          )
        : figureOf(clean),
    dirty_price: figureOf(dirty),
    ytm,
    macaulay_duration: overPrice(s.timeWeighted),
    modified_duration: overPrice(s.slope),
    convexity: overPrice(s.curvature),
    dv01: figureOf(s.slope / 10_000),
  };
}
