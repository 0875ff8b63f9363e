import type { Sql } from '../../store/db.ts';
import { seriesDateOnOrBefore } from '../../store/queries/legacy-summary.queries.ts';
import { findPortfolioDay } from '../../store/queries/series.queries.ts';

/**
 * The series day that stands for a date (the latest on or before it: a weekend reads Friday's close) and what
 * is missing on it. `day` null: the series has nothing on or before the date.
 */
export async function seriesDayOf(db: Sql, portfolioId: string, date: string) {
  const day = await seriesDateOnOrBefore(db, portfolioId, date);
  if (day === null) return { day: null, dayReason: null };
  const totals = await findPortfolioDay(db, portfolioId, day);
  return { day, dayReason: totals?.incomplete_reason ?? null };
}
