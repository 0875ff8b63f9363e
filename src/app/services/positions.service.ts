import { dayNumber } from '../../domain/dates.ts';
import { notFound } from '../../domain/errors.ts';
import type { Sql } from '../../store/db.ts';
import { portfolioIsKnown } from '../../store/queries/portfolios.queries.ts';
import { findHoldingsAsOf, latestBusinessDateOf } from '../../store/queries/series.queries.ts';

/** How old a quote used on `asOf` is, in calendar days; null without either date. */
const ageInDays = (asOf: string | null, date: string | null) =>
  asOf === null || date === null ? null : dayNumber(asOf) - dayNumber(date);

/** 404 unless the portfolio is known. */
export async function mustKnowPortfolio(db: Sql, portfolioId: string): Promise<void> {
  if (!(await portfolioIsKnown(db, portfolioId))) throw notFound(`portfolio ${portfolioId} not found`);
}

/** A portfolio's holdings on a date with their valuation, the age of its quotes and their weights; 404 if unknown. */
export async function holdingsOf(db: Sql, portfolio_id: string, asOfDate: string | undefined) {
  await mustKnowPortfolio(db, portfolio_id);
  // As of the date asked, else the latest business date, else (nothing valued yet) the latest positions.
  const asOf = asOfDate ?? (await latestBusinessDateOf(db));
  const holdings = await findHoldingsAsOf(db, portfolio_id, asOf);
  // Weight by market value; by cost only when nothing is valued (then every valuation is null).
  const valued = holdings.some((h) => h.market_value !== null);
  const weightOf = (h: (typeof holdings)[number]) => (valued ? (h.market_value ?? 0) : h.cost_basis_float);
  const total = holdings.reduce((sum, h) => sum + weightOf(h), 0);
  const positions = holdings.map((row) => {
    const {
      has_series,
      market_price,
      market_value,
      unrealized_gain_loss,
      market_value_local,
      unrealized_gain_loss_local,
      valuation_status,
      price_date,
      fx_rate,
      fx_date,
      incomplete_reason,
      cost_basis_float: _,
      ...h
    } = row;
    return {
      ...h,
      valuation: has_series
        ? {
            market_price,
            market_value,
            unrealized_gain_loss,
            market_value_local,
            unrealized_gain_loss_local,
          }
        : null,
      valuation_status,
      price_date,
      price_age_days: ageInDays(asOf, price_date),
      fx_rate,
      fx_rate_date: fx_date,
      fx_rate_age_days: ageInDays(asOf, fx_date),
      incomplete_reason,
      weight: total > 0 ? weightOf(row) / total : 0,
    };
  });
  return { portfolio_id, as_of_date: asOf, positions };
}
