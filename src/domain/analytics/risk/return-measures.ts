import { type Figure, figureOf, undefinedBecause } from '../figure.ts';
import type { RiskConventions } from './conventions.ts';
import { calendarDaysBetween, type IsoDate } from './dates.ts';
import { stdDev, sum } from './moments.ts';

/** Π(1 + r_t), the growth of 1 over the series (a sequential product, as numpy's cumprod). */
export function growthOf(returns: readonly number[]): number {
  let wealth = 1;
  for (const r of returns) wealth *= 1 + r;
  return wealth;
}

export const cumulativeReturn = (returns: readonly number[]): number => growthOf(returns) - 1;

/** (1 + R)^(1/years) − 1. */
export function annualized(growth: number, years: number | null): Figure {
  if (years === null || !(years > 0)) return undefinedBecause('the period spans no time to annualize over');
  if (growth < 0) return undefinedBecause('the wealth goes below zero, so it has no compound annual rate');
  return figureOf(growth ** (1 / years) - 1);
}

/** CAGR by period count: n / P years (empyrical annual_return, PA Return.annualized). */
export const cagrByPeriods = (returns: readonly number[], periodsPerYear: number): Figure =>
  annualized(growthOf(returns), returns.length / periodsPerYear);

export interface SeriesSpan {
  inceptionDate: IsoDate;
  firstDate: IsoDate;
  lastDate: IsoDate;
  observations: number;
  periodsPerYear: number;
}

/** The years a CAGR annualizes over under a basis: a period count or calendar days (§4, §12.2). */
export function yearsOf(basis: RiskConventions['cagr_basis'], span: SeriesSpan): number | null {
  switch (basis) {
    case 'periods':
      return span.observations / span.periodsPerYear;
    case 'act365':
      return calendarDaysBetween(span.inceptionDate, span.lastDate) / 365;
    case 'act365_25':
      return calendarDaysBetween(span.inceptionDate, span.lastDate) / 365.25;
    case 'quantstats_legacy': {
      const days = calendarDaysBetween(span.firstDate, span.lastDate);
      return days > 0 ? days / 365 : null;
    }
  }
}

/** std(r, ddof 1) × √P. */
export function annualizedVolatility(returns: readonly number[], periodsPerYear: number): Figure {
  if (returns.length < 2) return undefinedBecause('a volatility needs at least 2 returns');
  return figureOf(stdDev(returns, 1) * Math.sqrt(periodsPerYear));
}

/**
 * Per-period downside deviation √(Σ min(r_t − MAR, 0)² / n) over ALL n periods (empyrical downside_risk, PA
 * DownsideDeviation "full"), not over the count of periods below the MAR.
 */
export function periodicDownsideDeviation(returns: readonly number[], mar: number): number {
  const shortfalls = returns.map((r) => Math.min(r - mar, 0) ** 2);
  return Math.sqrt(sum(shortfalls) / returns.length);
}
