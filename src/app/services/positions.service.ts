import { dayNumber } from '../../domain/dates.ts';
import { notFound } from '../../domain/errors.ts';
import type { Sql } from '../../store/db.ts';
import { findKey, findKeys, type KeyQuery } from '../../store/queries/lineage.queries.ts';
import type { DateRange } from '../../store/queries/market-data.queries.ts';
import { portfolioIsKnown } from '../../store/queries/portfolios.queries.ts';
import {
  findCashflows,
  findCashLinkage,
  findLots,
  findPositionHistory,
  findSellDisposals,
} from '../../store/queries/positions.queries.ts';
import { findHoldingsAsOf, latestBusinessDateOf } from '../../store/queries/series.queries.ts';
import { checkDateRange } from './date-range.ts';
import { portfolioPage } from './facts.service.ts';

// What the position engine derived (seed-system.md §6): holdings, history, lots, sales, cashflows, key state.

export type { DateRange, KeyQuery };

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

/** One position's history over a date range; 404 for an unknown portfolio. */
export async function positionHistoryOf(
  db: Sql,
  portfolio_id: string,
  query: DateRange & { security_id: string },
) {
  const { security_id, ...range } = query;
  checkDateRange(range);
  await mustKnowPortfolio(db, portfolio_id);
  const positions = await findPositionHistory(db, { portfolio_id, security_id, ...range });
  return { portfolio_id, security_id, positions };
}

/** The open lots of a position; 404 for an unknown portfolio. */
export async function lotsOf(db: Sql, portfolio_id: string, security_id: string) {
  await mustKnowPortfolio(db, portfolio_id);
  return { portfolio_id, security_id, lots: await findLots(db, portfolio_id, security_id) };
}

/** The sales of a position and the lots each disposed of; 404 for an unknown portfolio. */
export async function sellDisposalsOf(db: Sql, portfolio_id: string, security_id: string) {
  await mustKnowPortfolio(db, portfolio_id);
  const sell_disposals = await findSellDisposals(db, portfolio_id, security_id);
  return { portfolio_id, security_id, sell_disposals };
}

/** A transaction's cash leg and the trade it settles; 404 when there is no such transaction. */
export async function cashLinkageOf(db: Sql, portfolio_id: string, transaction_id: string) {
  const linkage = await findCashLinkage(db, portfolio_id, transaction_id);
  if (!linkage) throw notFound(`portfolio ${portfolio_id} has no transaction ${transaction_id}`);
  return linkage;
}

/** A portfolio's booked cashflows; 404 for an unknown portfolio. */
export async function cashflowsOf(
  db: Sql,
  portfolio_id: string,
  query: DateRange & { classification?: string },
) {
  checkDateRange(query);
  await mustKnowPortfolio(db, portfolio_id);
  return { portfolio_id, cashflows: await findCashflows(db, { portfolio_id, ...query }) };
}

/** Where a portfolio's position keys stand (epoch, watermark, status); 404 when it has none because it is unknown. */
export async function positionKeysOf(db: Sql, query: KeyQuery) {
  return portfolioPage(db, query, await findKeys(db, query), 'items');
}

/** One position key, or 404. */
export async function positionKeyOf(db: Sql, portfolio_id: string, security_id: string) {
  const key = await findKey(db, portfolio_id, security_id);
  if (!key) throw notFound(`no position key (${portfolio_id}, ${security_id})`);
  return { portfolio_id, ...key };
}
