import type { Sql } from '../db.ts';
import { filterOf } from './sql-filter.ts';

/** An inclusive date range; either end may be open. Dates are 'YYYY-MM-DD'. */
export interface DateRange {
  start_date?: string | undefined;
  end_date?: string | undefined;
}

export interface PriceView {
  price_date: string;
  /** Exact decimal string. */
  price: string;
  currency: string;
  [k: string]: unknown;
}

export interface FxRateView {
  rate_date: string;
  /** Exact decimal string. */
  rate: string;
  [k: string]: unknown;
}

export interface BusinessDateView {
  business_date: string;
  market_code: string | null;
  source_system: string | null;
  source_batch_id: string | null;
  [k: string]: unknown;
}

// trim_scale: the stored numeric keeps the scale it was written with; the API speaks canonical decimals.
export async function findPrices(db: Sql, securityId: string, range: DateRange): Promise<PriceView[]> {
  const { where, params } = filterOf([
    ['security_id = ?', securityId],
    ['price_date >= ?::date', range.start_date],
    ['price_date <= ?::date', range.end_date],
  ]);
  return db.query<PriceView>(
    `SELECT price_date, trim_scale(price) AS price, currency FROM market_prices ${where} ORDER BY price_date`,
    params,
  );
}

export async function findFxRates(
  db: Sql,
  fromCurrency: string,
  toCurrency: string,
  range: DateRange,
): Promise<FxRateView[]> {
  const { where, params } = filterOf([
    ['from_currency = ?', fromCurrency],
    ['to_currency = ?', toCurrency],
    ['rate_date >= ?::date', range.start_date],
    ['rate_date <= ?::date', range.end_date],
  ]);
  return db.query<FxRateView>(
    `SELECT rate_date, trim_scale(rate) AS rate FROM fx_rates ${where} ORDER BY rate_date`,
    params,
  );
}

export async function findBusinessDates(
  db: Sql,
  calendarCode: string,
  range: DateRange,
): Promise<BusinessDateView[]> {
  const { where, params } = filterOf([
    ['calendar_code = ?', calendarCode],
    ['business_date >= ?::date', range.start_date],
    ['business_date <= ?::date', range.end_date],
  ]);
  return db.query<BusinessDateView>(
    `SELECT business_date, market_code, source_system, source_batch_id FROM business_dates ${where}
     ORDER BY business_date`,
    params,
  );
}

/** The calendar's latest business date, whatever range was asked for: the "booked state" date. */
export async function latestBusinessDate(db: Sql, calendarCode: string): Promise<string | null> {
  const rows = await db.query<{ latest: string | null }>(
    `SELECT max(business_date) AS latest FROM business_dates WHERE calendar_code = $1`,
    [calendarCode],
  );
  return rows[0]?.latest ?? null;
}
