import type { Figure } from '../figure.ts';
import { annualize, daysBetween } from './annualize.ts';
import { modifiedDietz } from './modified-dietz.ts';
import type { RateSolution, RateSolverOptions, RateStatus } from './rate-solver.ts';
import type { DatedFlow, InvestorCashflow, IsoDate } from './types.ts';
import { ACT_365F, xirr, yearsSpanned } from './xirr.ts';

/** A period as a portfolio sees it: values at the closes of its ends and the external flows between (+ in). */
export interface ValuedPeriod {
  start_date: IsoDate;
  end_date: IsoDate;
  begin_value: number;
  end_value: number;
  flows: readonly DatedFlow[];
}

export const MWR_METHODS = ['xirr', 'modified_dietz'] as const;
export type MwrMethod = (typeof MWR_METHODS)[number];
export const MWR_FALLBACKS = ['modified_dietz', 'none'] as const;
export type MwrFallback = (typeof MWR_FALLBACKS)[number];

export interface MwrOptions extends RateSolverOptions {
  method: MwrMethod;
  /** What answers when XIRR has no root (no sign change, or none in the bracket). */
  fallback: MwrFallback;
}

export interface MoneyWeightedReturn {
  /** XIRR, always computed (null with the reason when it has no unique root). */
  xirr: Figure;
  xirr_status: RateStatus;
  /** What period_return and annual_equivalent are: 'xirr', 'modified_dietz' (asked for) or 'modified_dietz_fallback'. */
  method: 'xirr' | 'modified_dietz' | 'modified_dietz_fallback';
  /** The money-weighted return over the whole span, not annualized. */
  period_return: Figure;
  /** The same as an annual rate: XIRR itself, or (1 + MD)^(1/years) − 1. */
  annual_equivalent: Figure;
  /** The Modified Dietz return, when it was asked for or fell back on. */
  modified_dietz: Figure | undefined;
  years_spanned: number;
  /** Every rate that zeroes the XNPV, ascending. */
  roots: number[];
  /** The investor cash flows XIRR solved. */
  cashflows: InvestorCashflow[];
}

/**
 * A period's flows from the investor's side: −begin_value paid in at the start, −flow for every external
 * flow (a contribution into the portfolio is money the investor pays), +end_value received at the end.
 */
export function investorCashflows(period: ValuedPeriod): InvestorCashflow[] {
  return [
    { date: period.start_date, amount: -period.begin_value },
    ...period.flows.map((f) => ({ date: f.date, amount: -f.amount })),
    { date: period.end_date, amount: period.end_value },
  ].filter((cf) => cf.amount !== 0);
}

/**
 * The period investor cash flows describe, for Modified Dietz: the net amount of the first date is the
 * opening investment, that of the last date the closing value, those between are flows (signs turned to the
 * portfolio's side).
 */
export function periodOfCashflows(cashflows: readonly InvestorCashflow[]): ValuedPeriod | undefined {
  const dates = [...new Set(cashflows.map((cf) => cf.date))].sort();
  if (dates.length < 2) return undefined;
  const start_date = dates[0]!;
  const end_date = dates[dates.length - 1]!;
  const netOn = (date: IsoDate) =>
    cashflows.filter((cf) => cf.date === date).reduce((s, cf) => s + cf.amount, 0);
  return {
    start_date,
    end_date,
    begin_value: -netOn(start_date),
    end_value: netOn(end_date),
    flows: cashflows
      .filter((cf) => cf.date !== start_date && cf.date !== end_date)
      .map((cf) => ({ date: cf.date, amount: -cf.amount })),
  };
}

/**
 * Money-weighted return: XIRR (Act/365F) unless Modified Dietz is asked for; when XIRR has no root and the
 * fallback allows it, Modified Dietz (end-of-day weights) over the same flows, labelled as a fallback. Several
 * roots are not a fallback case: the money-weighted return is then ambiguous and stays null.
 */
export function moneyWeightedReturn(
  input: { cashflows: readonly InvestorCashflow[] } | { period: ValuedPeriod },
  options: MwrOptions,
): MoneyWeightedReturn {
  const cashflows = 'period' in input ? investorCashflows(input.period) : [...input.cashflows];
  const period = 'period' in input ? input.period : periodOfCashflows(cashflows);
  const years = 'period' in input ? yearsBetween(input.period) : yearsSpanned(cashflows);
  const solution = oneDate(cashflows) ? ONE_DATE : xirr(cashflows, options);
  const base = {
    xirr: solution.rate,
    xirr_status: solution.status,
    years_spanned: years,
    roots: solution.roots,
    cashflows,
  };

  // Flows that never change sign have no closing value to set against the money paid in (or no money paid
  // in): no return exists, and Modified Dietz over them would report a loss beyond −100 %.
  if (solution.status === 'no_sign_change' && options.method === 'xirr') {
    const none: Figure = { value: null, reason: NO_CLOSING_VALUE };
    return {
      ...base,
      method: 'xirr',
      period_return: none,
      annual_equivalent: none,
      modified_dietz: undefined,
    };
  }
  const useDietz =
    options.method === 'modified_dietz' ||
    (solution.status === 'no_root' && options.fallback === 'modified_dietz');
  if (!useDietz) {
    return {
      ...base,
      method: 'xirr',
      period_return: compound(solution.rate, years),
      annual_equivalent: solution.rate,
      modified_dietz: undefined,
    };
  }
  const dietz: Figure =
    period === undefined
      ? { value: null, reason: 'Modified Dietz needs flows on at least two dates' }
      : atLeastTotalLoss(
          modifiedDietz(
            {
              ...period,
              flows: period.flows.filter((f) => f.date > period.start_date && f.date <= period.end_date),
            },
            'end_of_day',
          ).modified_dietz,
        );
  return {
    ...base,
    method: options.method === 'modified_dietz' ? 'modified_dietz' : 'modified_dietz_fallback',
    period_return: dietz,
    annual_equivalent: dietz.value === null ? dietz : annualize(dietz.value, years),
    modified_dietz: dietz,
  };
}

const NO_CLOSING_VALUE =
  'no closing value: the cash flows never change sign (money only paid in, or only taken out), so no money-weighted return exists';

/** Two or more flows, every one on the same date: no time passes between them. */
const oneDate = (cashflows: readonly InvestorCashflow[]) =>
  cashflows.length >= 2 && cashflows.every((cf) => cf.date === cashflows[0]!.date);

const ONE_DATE = {
  rate: { value: null, reason: 'every cash flow falls on one date: no time passes, so no rate is defined' },
  status: 'single_date',
  roots: [],
} as const satisfies RateSolution;

/** A period return below −100 % (more lost than was ever invested) is an artefact of the approximation. */
function atLeastTotalLoss(r: Figure): Figure {
  if (r.value === null || r.value >= -1) return r;
  return {
    value: null,
    reason: `Modified Dietz gives ${r.value}, a loss beyond −100 %: the flows outweigh the capital invested`,
  };
}

const yearsBetween = (p: ValuedPeriod) => daysBetween(p.start_date, p.end_date) / ACT_365F;

/** (1 + r)^years − 1: an annual rate over the span. */
function compound(rate: Figure, years: number): Figure {
  if (rate.value === null) return rate;
  const value = (1 + rate.value) ** years - 1;
  return Number.isFinite(value) ? { value } : { value: null, reason: 'the period return overflows' };
}
