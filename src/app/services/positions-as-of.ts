import { notFound } from '../../domain/errors.ts';
import { incompleteReasonsOf } from '../../domain/valuation/holdings-totals.ts';
import type { Sql } from '../../store/db.ts';
import {
  baseCurrencyOf,
  type DayPositionRow,
  findDayPositions,
  findPortfolioDay,
  latestBusinessDateOf,
} from '../../store/queries/series.queries.ts';

/** A portfolio's positions on one date, read from the daily position series, and whether that day is whole. */
export interface PositionsAsOf {
  portfolio_id: string;
  base_currency: string;
  /** The date asked for, else the latest business date; null when there is none. */
  as_of_date: string | null;
  /** Whether the series has a row for the date: without one there are no totals (null, never 0). */
  built: boolean;
  /** Positions with quantity ≠ 0 on the date (eod_market_value null: unvalued). */
  positions: DayPositionRow[];
  /** No reason below: every position valued in base and no key blocked. */
  complete: boolean;
  /**
   * Why not, each problem once: NO_BUSINESS_DATE, NO_SERIES (not built for the date), or
   * '<REASON> <security_id>' ('MISSING_FX EUR/USD SAP', 'NO_PRICE BOND', 'POSITION_BLOCKED X').
   */
  incomplete_reasons: string[];
}

/**
 * The positions of a portfolio as of a date: the daily series' row of that very date, never the latest
 * snapshot whatever its date (the original's concentration bug). 404 for an unknown portfolio.
 */
export async function positionsAsOf(
  db: Sql,
  portfolioId: string,
  asOf: string | undefined,
): Promise<PositionsAsOf> {
  const base_currency = await baseCurrencyOf(db, portfolioId);
  if (base_currency === null) throw notFound(`portfolio ${portfolioId} not found`);
  const as_of_date = asOf ?? (await latestBusinessDateOf(db));
  const empty = {
    portfolio_id: portfolioId,
    base_currency,
    as_of_date,
    built: false,
    positions: [],
    complete: false,
  };
  if (as_of_date === null) return { ...empty, incomplete_reasons: ['NO_BUSINESS_DATE'] };
  const day = await findPortfolioDay(db, portfolioId, as_of_date);
  if (!day) return { ...empty, incomplete_reasons: ['NO_SERIES'] };
  const positions = await findDayPositions(db, portfolioId, as_of_date);
  const reasons = incompleteReasonsOf(day.incomplete_reason, positions);
  return {
    ...empty,
    built: true,
    positions,
    complete: day.complete && reasons.length === 0,
    incomplete_reasons: reasons,
  };
}
