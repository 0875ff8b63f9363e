import { addDays } from '../../dates.ts';
import type { Figure } from '../figure.ts';
import { type AnnualizationBasis, annualizedOver, type PeriodSpan } from './annualize.ts';
import { dailyReturn } from './daily-return.ts';
import { linkReturns } from './linking.ts';
import type { DailyReturn, DailyReturnConventions, IsoDate, ValuationDay } from './types.ts';

export interface TwrConventions extends DailyReturnConventions {
  annualization_basis: AnnualizationBasis;
  /** Returns a year holds, for the `periods` basis. */
  periods_per_year: number;
}

export interface TimeWeightedReturn {
  daily: DailyReturn[];
  cumulative: Figure;
  annualized: Figure;
  /** The close the period starts from: the day before the first row (its BOD value is that close). */
  start_date: IsoDate;
  end_date: IsoDate;
}

/**
 * Time-weighted return of a daily valuation series: each day's return (dailyReturn), linked geometrically,
 * annualized only beyond a year. `days` must be in date order, one per date, and not empty.
 */
export function timeWeightedReturn(
  days: readonly ValuationDay[],
  conventions: TwrConventions,
): TimeWeightedReturn {
  const daily = days.map((day) => dailyReturn(day, conventions));
  return { daily, ...linkedOver(daily, conventions) };
}

/** Links dated daily returns (in date order, not empty) and annualizes the result on the conventions' basis. */
export function linkedOver(
  daily: readonly DailyReturn[],
  conventions: Pick<TwrConventions, 'annualization_basis' | 'periods_per_year'>,
): Omit<TimeWeightedReturn, 'daily'> {
  const start_date = addDays(daily[0]!.date, -1);
  const end_date = daily[daily.length - 1]!.date;
  const cumulative = linkReturns(daily);
  const span: PeriodSpan =
    conventions.annualization_basis === 'periods'
      ? { basis: 'periods', count: daily.length, periodsPerYear: conventions.periods_per_year }
      : { basis: conventions.annualization_basis, start: start_date, end: end_date };
  return { cumulative, annualized: annualizedOver(cumulative, span), start_date, end_date };
}
