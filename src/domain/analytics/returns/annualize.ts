import { addYears, dayNumber } from '../../dates.ts';
import type { Figure } from '../figure.ts';
import type { IsoDate } from './types.ts';

/**
 * How a period's length in years is measured for annualization:
 * act365_25 = calendar days / 365.25, act365 = calendar days / 365, periods = return count / periods per year.
 */
export const ANNUALIZATION_BASES = ['act365_25', 'act365', 'periods'] as const;
export type AnnualizationBasis = (typeof ANNUALIZATION_BASES)[number];

/** Calendar days from `from` to `to` (0 when equal, negative when `to` is earlier). */
export const daysBetween = (from: IsoDate, to: IsoDate): number => dayNumber(to) - dayNumber(from);

/** (1 + R)^(1/years) − 1: the constant annual rate that compounds to R over `years`. */
export function annualize(cumulative: number, years: number): Figure {
  if (!(years > 0)) return { value: null, reason: 'the period has no length' };
  if (1 + cumulative < 0) return { value: null, reason: 'the cumulative return is below −100 %' };
  const value = (1 + cumulative) ** (1 / years) - 1;
  return Number.isFinite(value) ? { value } : { value: null, reason: 'the annualized return overflows' };
}

/** (1 + r)^k − 1: a per-period rate as an annual one, for k periods a year. */
export function annualEquivalent(periodic: number, periodsPerYear: number): Figure {
  const value = (1 + periodic) ** periodsPerYear - 1;
  return Number.isFinite(value) ? { value } : { value: null, reason: 'the annual equivalent overflows' };
}

/** A period measured from the close of `start` to the close of `end`, or as a count of periodic returns. */
export type PeriodSpan =
  | { basis: 'act365_25' | 'act365'; start: IsoDate; end: IsoDate }
  | { basis: 'periods'; count: number; periodsPerYear: number };

/** The period's length in years on its basis. */
export function yearsOf(span: PeriodSpan): number {
  if (span.basis === 'periods') return span.count / span.periodsPerYear;
  return daysBetween(span.start, span.end) / (span.basis === 'act365' ? 365 : 365.25);
}

/**
 * Whether a period is longer than one year: on a calendar basis, whether it ends after the anniversary of its
 * start (so 2023-12-31 → 2024-12-31 is exactly a year, whatever the leap day); on the periods basis, whether
 * it holds more returns than a year has.
 */
export function isLongerThanAYear(span: PeriodSpan): boolean {
  if (span.basis === 'periods') return span.count > span.periodsPerYear;
  return span.end > addYears(span.start, 1);
}

/**
 * The annualized return of a period, only for periods longer than a year: annualizing a shorter period
 * extrapolates a return that was never earned (GIPS forbids it), so that is null with the reason.
 */
export function annualizedOver(cumulative: Figure, span: PeriodSpan): Figure {
  if (!isLongerThanAYear(span)) {
    return { value: null, reason: 'not annualized: the period is one year or shorter' };
  }
  if (cumulative.value === null) return { value: null, reason: cumulative.reason };
  return annualize(cumulative.value, yearsOf(span));
}
