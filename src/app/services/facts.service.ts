import { notFound } from '../../domain/errors.ts';
import type { Sql } from '../../store/db.ts';
import { findInstruments, type InstrumentFilter } from '../../store/queries/instruments.queries.ts';
import {
  type DateRange,
  findBusinessDates,
  findFxRates,
  findPrices,
  latestBusinessDate,
} from '../../store/queries/market-data.queries.ts';
import {
  findPortfolio,
  findPortfolios,
  type PortfolioFilter,
  portfolioIsKnown,
} from '../../store/queries/portfolios.queries.ts';
import { findTransactions, type TransactionQuery } from '../../store/queries/transactions.queries.ts';
import { checkDateRange } from './date-range.ts';

// The ingested facts as they are stored: portfolios, instruments, transactions and market data.

export type { DateRange, InstrumentFilter, PortfolioFilter, TransactionQuery };

type Page = { skip: number; limit: number };

export async function listInstruments(db: Sql, query: InstrumentFilter & Page) {
  const { skip, limit, ...filter } = query;
  const page = await findInstruments(
    db,
    { ...filter, currency: filter.currency?.toUpperCase() },
    { skip, limit },
  );
  return { total: page.total, skip, limit, instruments: page.instruments };
}

export async function listPortfolios(db: Sql, filter: PortfolioFilter) {
  return { portfolios: await findPortfolios(db, filter) };
}

/** One portfolio, or 404. */
export async function portfolioOf(db: Sql, portfolioId: string) {
  const portfolio = await findPortfolio(db, portfolioId);
  if (!portfolio) throw notFound(`portfolio ${portfolioId} not found`);
  return portfolio;
}

/**
 * A page of a portfolio's rows under `key`, with the paging asked for. An empty page of an unknown portfolio
 * is a 404, not an empty list.
 */
export async function portfolioPage<K extends string, R>(
  db: Sql,
  query: { portfolio_id: string; skip: number; limit: number },
  page: { total: number } & Record<K, R>,
  key: K,
) {
  const { portfolio_id, skip, limit } = query;
  if (page.total === 0 && !(await portfolioIsKnown(db, portfolio_id))) {
    throw notFound(`portfolio ${portfolio_id} not found`);
  }
  return { portfolio_id, total: page.total, skip, limit, ...({ [key]: page[key] } as Record<K, R>) };
}

/** A page of a portfolio's transactions; 404 when it has none because it is unknown. */
export async function listTransactions(db: Sql, query: TransactionQuery) {
  checkDateRange(query);
  return portfolioPage(db, query, await findTransactions(db, query), 'transactions');
}

export async function pricesOf(db: Sql, security_id: string, range: DateRange) {
  checkDateRange(range);
  return { security_id, prices: await findPrices(db, security_id, range) };
}

/** The quotes of one currency pair (codes upper-cased). */
export async function fxRatesOf(db: Sql, fromCurrency: string, toCurrency: string, range: DateRange) {
  checkDateRange(range);
  const from = fromCurrency.toUpperCase();
  const to = toCurrency.toUpperCase();
  return { from_currency: from, to_currency: to, rates: await findFxRates(db, from, to, range) };
}

export async function businessDatesOf(db: Sql, calendar_code: string, range: DateRange) {
  checkDateRange(range);
  return {
    calendar_code,
    business_dates: await findBusinessDates(db, calendar_code, range),
    latest_business_date: await latestBusinessDate(db, calendar_code),
  };
}
