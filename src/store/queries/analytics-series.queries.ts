import type { PositionSeriesRow } from '../../domain/analytics/performance/positions.ts';
import type { PortfolioSeriesRow, SeriesSpan } from '../../domain/analytics/performance/series.ts';
import type { Sql } from '../db.ts';

/**
 * What the per-portfolio performance, money-weighted return and risk routes read: a portfolio's daily series
 * over a window (one query per request, over the union of its periods), its positions' series (only when
 * position-level figures are asked for), and a security's prices as a benchmark. Float64 throughout: these are
 * valuations (design §2.5).
 */

interface SeriesQueryRow extends Partial<PortfolioSeriesRow> {
  first_date: string | null;
  last_date: string | null;
  [k: string]: unknown;
}

/**
 * The portfolio's daily rows dated first..last (inclusive), with the span of its whole series, in ONE query.
 *
 * `fees_in_value` is the part of the day's `fees` paid by FEE transactions booked on a security (not on cash):
 * the series books those inside the market value (the security receives the fee and loses it, its cash leg is
 * an internal sale of cash), not as an external flow like a FEE on cash. NET and GROSS need to know which is
 * which (docs/analytics/performance.md, "Fees"). Only EXPENSE cashflows reach the join with transactions.
 */
export async function portfolioSeriesOf(
  db: Sql,
  portfolioId: string,
  first: string,
  last: string,
): Promise<{ span: SeriesSpan; rows: PortfolioSeriesRow[] }> {
  const version = await seriesVersionOf(db, portfolioId);
  if (version === null) return readPortfolioSeries(db, portfolioId, first, last);
  const cache = cacheOf(db).series;
  let whole = cache.get(portfolioId);
  if (whole === undefined || whole.version !== version) {
    whole = { version, ...(await readPortfolioSeries(db, portfolioId, '-infinity', 'infinity')) };
    cache.set(portfolioId, whole);
  }
  return {
    span: whole.span,
    rows: whole.rows.slice(lowerBound(whole.rows, first), lowerBound(whole.rows, last, true)),
  };
}

// ─── In-memory series per portfolio, valid while its series_versions row is unchanged ───────────────────────

interface CachedSeries {
  version: string;
  span: SeriesSpan;
  rows: PortfolioSeriesRow[];
}

/** Entries kept per database and kind: 200 portfolios' 10-year series are ~200 MB at most. */
const CACHED_ENTRIES = 200;

/** A least-recently-used map (a Map keeps insertion order: re-inserting marks an entry as used). */
class Lru<T> {
  private readonly map = new Map<string, T>();
  get(key: string): T | undefined {
    const hit = this.map.get(key);
    if (hit !== undefined) {
      this.map.delete(key);
      this.map.set(key, hit);
    }
    return hit;
  }
  set(key: string, value: T): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > CACHED_ENTRIES) this.map.delete(this.map.keys().next().value as string);
  }
}

/** The caches of one database handle (a test's store, the server's store). */
const caches = new WeakMap<Sql, { series: Lru<CachedSeries>; prices: Lru<CachedReturns> }>();

function cacheOf(db: Sql) {
  let cache = caches.get(db);
  if (!cache) {
    cache = { series: new Lru(), prices: new Lru() };
    caches.set(db, cache);
  }
  return cache;
}

/** The version of the portfolio's series (the last writer's transaction id), or null if none was recorded. */
async function seriesVersionOf(db: Sql, portfolioId: string): Promise<string | null> {
  const rows = await db.query<{ version: string }>(
    'SELECT version::text AS version FROM series_versions WHERE portfolio_id = $1',
    [portfolioId],
  );
  return rows[0]?.version ?? null;
}

/** The first index whose date is ≥ `date` (> with `after`) in rows ascending by date. */
function lowerBound(rows: readonly PortfolioSeriesRow[], date: string, after = false): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const d = rows[mid]!.date;
    if (d < date || (after && d === date)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The rows from the store (no cache): one query. */
async function readPortfolioSeries(
  db: Sql,
  portfolioId: string,
  first: string,
  last: string,
): Promise<{ span: SeriesSpan; rows: PortfolioSeriesRow[] }> {
  const result = await db.query<SeriesQueryRow>(
    `WITH span AS (
       SELECT min(date)::text AS first_date, max(date)::text AS last_date
       FROM portfolio_daily WHERE portfolio_id = $1
     ),
     fee_in_value AS MATERIALIZED (
       SELECT f.cashflow_date, sum(abs(f.amount_base))::float8 AS amount
       FROM cashflows f
       JOIN transactions t ON t.transaction_id = f.transaction_id
       LEFT JOIN instruments i ON i.security_id = f.security_id
       WHERE f.portfolio_id = $1 AND f.cashflow_date BETWEEN $2::date AND $3::date
         AND f.classification = 'EXPENSE' AND t.transaction_type = 'FEE'
         AND NOT coalesce(lower(i.product_type) = 'cash' OR lower(i.asset_class) = 'cash', false)
       GROUP BY f.cashflow_date
     )
     SELECT span.first_date, span.last_date, d.date::text AS date, d.bod_market_value, d.eod_market_value,
            d.bod_cashflow, d.eod_cashflow, d.fees, coalesce(x.amount, 0) AS fees_in_value, d.income,
            d.complete, d.incomplete_reason
     FROM span
     LEFT JOIN portfolio_daily d ON d.portfolio_id = $1 AND d.date BETWEEN $2::date AND $3::date
     LEFT JOIN fee_in_value x ON x.cashflow_date = d.date
     ORDER BY d.date`,
    [portfolioId, first, last],
  );
  const head = result[0];
  const span: SeriesSpan = { first: head?.first_date ?? null, last: head?.last_date ?? null };
  const rows: PortfolioSeriesRow[] = [];
  for (const r of result) {
    if (r.date === undefined || r.date === null) continue;
    rows.push({
      date: r.date,
      bod_market_value: r.bod_market_value as number,
      eod_market_value: r.eod_market_value as number,
      bod_cashflow: r.bod_cashflow as number,
      eod_cashflow: r.eod_cashflow as number,
      fees: r.fees as number,
      fees_in_value: r.fees_in_value as number,
      income: r.income as number,
      complete: r.complete as boolean,
      incomplete_reason: r.incomplete_reason ?? null,
    });
  }
  return { span, rows };
}

interface PositionQueryRow extends Omit<PositionSeriesRow, 'is_cash'> {
  product_type: string | null;
  asset_class: string | null;
  [k: string]: unknown;
}

/**
 * Every position row of the portfolio dated first..last, by security then date, with its instrument's currency
 * and cash-ness (a fee on cash is an external flow of the position, a fee on a security is inside its value).
 */
export async function positionSeriesOf(
  db: Sql,
  portfolioId: string,
  first: string,
  last: string,
): Promise<PositionSeriesRow[]> {
  const rows = await db.query<PositionQueryRow>(
    `SELECT d.security_id, d.date::text AS date, i.currency::text AS currency, i.product_type, i.asset_class,
            d.bod_market_value_local, d.eod_market_value_local, d.bod_cashflow_local, d.eod_cashflow_local,
            d.bod_market_value, d.eod_market_value, d.bod_cashflow, d.eod_cashflow, d.fees, d.fx_rate,
            d.incomplete_reason
     FROM position_daily d LEFT JOIN instruments i ON i.security_id = d.security_id
     WHERE d.portfolio_id = $1 AND d.date BETWEEN $2::date AND $3::date
     ORDER BY d.security_id, d.date`,
    [portfolioId, first, last],
  );
  return rows.map(({ product_type, asset_class, ...row }) => ({
    ...row,
    currency: row.currency ?? null,
    is_cash: product_type?.toLowerCase() === 'cash' || asset_class?.toLowerCase() === 'cash',
  }));
}

/** A dated return of a benchmark series. */
export interface SecurityReturn {
  date: string;
  value: number;
  [k: string]: unknown;
}

/**
 * A security's daily price change as a benchmark: on each price date in first..last, price / previous price − 1,
 * the previous price being the latest before that date (before the window too, so its first date has a
 * return). A change of quote currency between the two prices is not a return: that date is left out.
 * `known` is false when the security has no price at all.
 */
export async function securityReturnsOf(
  db: Sql,
  securityId: string,
  first: string,
  last: string,
): Promise<{ known: boolean; returns: SecurityReturn[] }> {
  // The security's prices as they stand: a new price moves the count, a correction the sum of versions, and
  // any write the latest updated_at (a store emptied and filled again, as tests do, included).
  const [stamp] = await db.query<{ stamp: string }>(
    `SELECT count(*) || ':' || coalesce(sum(version), 0) || ':' || coalesce(max(updated_at)::text, '') AS stamp
     FROM market_prices WHERE security_id = $1`,
    [securityId],
  );
  const key = `${securityId}|${first}|${last}`;
  const cache = cacheOf(db).prices;
  const hit = cache.get(key);
  if (hit !== undefined && hit.stamp === stamp!.stamp) return hit.result;
  const result = await readSecurityReturns(db, securityId, first, last);
  cache.set(key, { stamp: stamp!.stamp, result });
  return result;
}

interface CachedReturns {
  stamp: string;
  result: { known: boolean; returns: SecurityReturn[] };
}

async function readSecurityReturns(
  db: Sql,
  securityId: string,
  first: string,
  last: string,
): Promise<{ known: boolean; returns: SecurityReturn[] }> {
  const rows = await db.query<{
    known: boolean;
    date: string | null;
    value: number | null;
    same_currency: boolean | null;
  }>(
    `WITH anchor AS (
       SELECT max(price_date) AS d FROM market_prices WHERE security_id = $1 AND price_date < $2::date
     ),
     p AS (
       SELECT price_date, price, currency,
              lag(price) OVER (ORDER BY price_date) AS previous,
              lag(currency) OVER (ORDER BY price_date) AS previous_currency
       FROM market_prices
       WHERE security_id = $1 AND price_date >= coalesce((SELECT d FROM anchor), $2::date)
         AND price_date <= $3::date
     )
     SELECT EXISTS (SELECT 1 FROM market_prices WHERE security_id = $1) AS known,
            p.price_date::text AS date, ((p.price - p.previous) / p.previous)::float8 AS value,
            p.currency = p.previous_currency AS same_currency
     FROM (SELECT 1) one
     LEFT JOIN p ON p.previous IS NOT NULL AND p.previous <> 0 AND p.price_date >= $2::date
     ORDER BY p.price_date`,
    [securityId, first, last],
  );
  const known = rows[0]?.known === true;
  const returns: SecurityReturn[] = [];
  for (const r of rows) {
    if (r.date !== null && r.value !== null && r.same_currency === true) {
      returns.push({ date: r.date, value: r.value });
    }
  }
  return { known, returns };
}
