import type { IsoDate } from '../domain/records/types.ts';
import type { CashflowPoint } from '../domain/valuation/types.ts';
import { transactionTypeOfFlow } from './auto-cash-facts.ts';
import { queryByIds, type Sql } from './db.ts';

/**
 * What the series stage reads, set-based: one query per kind of fact for every portfolio of a batch. Exact
 * decimals are read as float64 here (::float8): the daily series are float64 (design §2.5).
 */

export interface PortfolioRow {
  portfolio_id: string;
  base_currency: string;
  [k: string]: unknown;
}

/**
 * The portfolios, row-locked until the transaction ends: two series writers of one portfolio (a price fan-out
 * and a position change handled by different consumers) serialise here. A portfolio not yet known is absent.
 */
export const lockPortfolios = queryByIds<PortfolioRow>(
  `SELECT portfolio_id, base_currency::text AS base_currency FROM portfolios
   WHERE portfolio_id = ANY($1::text[]) ORDER BY portfolio_id FOR UPDATE`,
);

export interface HistoryRow {
  portfolio_id: string;
  security_id: string;
  position_date: IsoDate;
  quantity: number;
  cost_basis: number;
  cost_basis_local: number;
  [k: string]: unknown;
}

/** A portfolio to read facts for, from a date on (null: all of its history). */
export interface ReadFrom {
  portfolio_id: string;
  from: IsoDate | null;
}

const readFromParams = (portfolios: readonly ReadFrom[]) => [
  portfolios.map((p) => p.portfolio_id),
  portfolios.map((p) => p.from),
];

/**
 * The position history a valuation from `from` on needs: the rows dated on or after it, and each position's
 * last row before it (its state on that day). A new business day then reads a few rows per position instead
 * of its whole history.
 */
export function historyOf(tx: Sql, portfolios: readonly ReadFrom[]): Promise<HistoryRow[]> {
  if (portfolios.length === 0) return Promise.resolve([]);
  return tx.query<HistoryRow>(
    `WITH k AS (SELECT * FROM unnest($1::text[], $2::date[]) AS k(portfolio_id, from_date)),
     rows AS (
       SELECT h.portfolio_id, h.security_id, h.seq, h.position_date, h.quantity, h.cost_basis, h.cost_basis_local
       FROM k JOIN position_history h ON h.portfolio_id = k.portfolio_id
        AND h.position_date >= coalesce(k.from_date, '-infinity'::date)
       UNION ALL
       SELECT l.* FROM k CROSS JOIN LATERAL (
         SELECT DISTINCT ON (h.security_id) h.portfolio_id, h.security_id, h.seq, h.position_date, h.quantity,
                h.cost_basis, h.cost_basis_local
         FROM position_history h WHERE h.portfolio_id = k.portfolio_id AND h.position_date < k.from_date
         ORDER BY h.security_id, h.seq DESC) l
     )
     SELECT portfolio_id, security_id, position_date, quantity::float8 AS quantity, cost_basis::float8 AS cost_basis,
            cost_basis_local::float8 AS cost_basis_local
     FROM rows ORDER BY portfolio_id, security_id, seq`,
    readFromParams(portfolios),
  );
}

export interface FirstActivityRow {
  portfolio_id: string;
  first_date: IsoDate;
  [k: string]: unknown;
}

/** Each portfolio's first position date (portfolios without history are absent): one index probe each. */
export const firstActivityOf = queryByIds<FirstActivityRow>(
  `SELECT k.portfolio_id, f.position_date::text AS first_date
   FROM unnest($1::text[]) AS k(portfolio_id)
   CROSS JOIN LATERAL (SELECT h.position_date FROM position_history h WHERE h.portfolio_id = k.portfolio_id
                       ORDER BY h.position_date LIMIT 1) f`,
);

export interface CashflowFactRow extends Omit<CashflowPoint, 'fee_base'> {
  portfolio_id: string;
  security_id: string;
  [k: string]: unknown;
}

/**
 * The booked cashflows dated on or after `from` (a valuation from `from` on reads no earlier flow), with their
 * transaction's type and realized P&L (base; 0 when none was booked).
 */
export function cashflowsOf(tx: Sql, portfolios: readonly ReadFrom[]): Promise<CashflowFactRow[]> {
  if (portfolios.length === 0) return Promise.resolve([]);
  return tx.query<CashflowFactRow>(
    `SELECT f.portfolio_id, f.security_id, f.cashflow_date, ${transactionTypeOfFlow('t', 'f')} AS transaction_type,
            f.classification, f.timing,
            f.amount::float8 AS amount, f.currency::text AS currency, f.amount_base::float8 AS amount_base,
            f.is_position_flow, f.is_portfolio_flow, coalesce(c.realized_gain_loss, 0)::float8 AS realized_gain_loss
     FROM unnest($1::text[], $2::date[]) AS k(portfolio_id, from_date)
     JOIN cashflows f ON f.portfolio_id = k.portfolio_id AND f.cashflow_date >= coalesce(k.from_date, '-infinity'::date)
     LEFT JOIN transactions t ON t.transaction_id = f.transaction_id
     LEFT JOIN transaction_costs c ON c.transaction_id = f.transaction_id
     ORDER BY f.portfolio_id, f.security_id, f.cashflow_date, f.transaction_id`,
    readFromParams(portfolios),
  );
}

export interface BlockedRow {
  portfolio_id: string;
  security_id: string;
  blocked_from: IsoDate;
  [k: string]: unknown;
}

/** BLOCKED keys, from the (UTC) date of the transaction they stopped at. */
export function blockedKeysOf(tx: Sql, portfolioIds: readonly string[]): Promise<BlockedRow[]> {
  return tx.query<BlockedRow>(
    `SELECT k.portfolio_id, k.security_id,
            coalesce((t.transaction_date AT TIME ZONE 'UTC')::date, k.watermark_date, DATE '0001-01-01')::text
              AS blocked_from
     FROM position_keys k LEFT JOIN transactions t ON t.transaction_id = k.blocked_transaction_id
     WHERE k.portfolio_id = ANY($1::text[]) AND k.status = 'BLOCKED'`,
    [portfolioIds],
  );
}

export interface PriceRow {
  security_id: string;
  price_date: IsoDate;
  price: number;
  currency: string;
  [k: string]: unknown;
}

/** The prices of each security from a date on (null: all), ascending by date. */
export function pricesOf(
  tx: Sql,
  reads: ReadonlyArray<{ security_id: string; from: IsoDate | null }>,
): Promise<PriceRow[]> {
  if (reads.length === 0) return Promise.resolve([]);
  return tx.query<PriceRow>(
    `SELECT m.security_id, m.price_date, m.price::float8 AS price, m.currency::text AS currency
     FROM unnest($1::text[], $2::date[]) AS k(security_id, from_date)
     CROSS JOIN LATERAL (SELECT * FROM market_prices p WHERE p.security_id = k.security_id
                           AND p.price_date >= coalesce(k.from_date, '-infinity'::date) OFFSET 0) m
     ORDER BY m.security_id, m.price_date`,
    [reads.map((r) => r.security_id), reads.map((r) => r.from)],
  );
}

export interface FxQuoteRow {
  from_currency: string;
  to_currency: string;
  rate_date: IsoDate;
  rate: number;
  [k: string]: unknown;
}

/** Every quote of the unordered pairs, as stored (either direction). */
export function fxQuotesOf(tx: Sql, pairs: ReadonlyArray<readonly [string, string]>): Promise<FxQuoteRow[]> {
  if (pairs.length === 0) return Promise.resolve([]);
  return tx.query<FxQuoteRow>(
    `SELECT f.from_currency::text AS from_currency, f.to_currency::text AS to_currency, f.rate_date,
            f.rate::float8 AS rate
     FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[])) AS p(a, b)
     JOIN fx_rates f ON (f.from_currency = p.a::bpchar AND f.to_currency = p.b::bpchar)
                     OR (f.from_currency = p.b::bpchar AND f.to_currency = p.a::bpchar)
     ORDER BY 1, 2, 3`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

// ─── Holdings index and fan-out ──────────────────────────────────────────────────────────────────────────

/**
 * Rebuilds the holdings index rows of the portfolios from their position_history. An upsert in key order and a
 * delete of the keys gone, not delete-then-insert: two series writers of one portfolio (other processes) may
 * refresh it at once, before either holds the portfolio lock; the last one wins, both from committed history.
 */
export async function refreshHoldings(tx: Sql, portfolioIds: readonly string[]): Promise<void> {
  if (portfolioIds.length === 0) return;
  await tx.query(
    `INSERT INTO holdings AS x (security_id, portfolio_id, first_date, last_date)
     SELECT l.security_id, l.portfolio_id, f.first_date, CASE WHEN l.quantity = 0 THEN l.position_date END
     FROM (SELECT DISTINCT ON (portfolio_id, security_id) portfolio_id, security_id, position_date, quantity
           FROM position_history WHERE portfolio_id = ANY($1::text[])
           ORDER BY portfolio_id, security_id, seq DESC) l
     JOIN (SELECT portfolio_id, security_id, min(position_date) AS first_date
           FROM position_history WHERE portfolio_id = ANY($1::text[])
           GROUP BY portfolio_id, security_id) f
       ON f.portfolio_id = l.portfolio_id AND f.security_id = l.security_id
     ORDER BY l.security_id, l.portfolio_id
     ON CONFLICT (security_id, portfolio_id) DO UPDATE SET first_date = excluded.first_date,
       last_date = excluded.last_date`,
    [portfolioIds],
  );
  await tx.query(
    `DELETE FROM holdings h WHERE h.portfolio_id = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM position_history p
                       WHERE p.portfolio_id = h.portfolio_id AND p.security_id = h.security_id)`,
    [portfolioIds],
  );
}

export interface Reached {
  portfolio_id: string;
  from_date: IsoDate | null;
  /** The securities whose position rows the change reaches; absent or null: all of the portfolio's. */
  security_ids?: string[] | null;
  /** The last date the change reaches; absent or null: the latest business date. */
  to_date?: IsoDate | null;
  [k: string]: unknown;
}

/**
 * Portfolios a price change reaches: those holding the security on or after its date (a price carries forward,
 * so a position opened later reads it too), from the later of the price date and the holding's first date, with
 * the securities whose rows it changes.
 */
export function portfoliosOfPrices(
  tx: Sql,
  changes: ReadonlyArray<{ security_id: string; from_date: IsoDate; to_date?: IsoDate }>,
): Promise<Reached[]> {
  if (changes.length === 0) return Promise.resolve([]);
  return tx.query<Reached>(
    `SELECT h.portfolio_id, min(greatest(c.d, h.first_date))::text AS from_date,
            array_agg(DISTINCT h.security_id) AS security_ids,
            CASE WHEN bool_or(n.d IS NULL) THEN NULL ELSE max(n.d)::text END AS to_date
     FROM unnest($1::text[], $2::date[], $3::date[]) AS c(security_id, d, last)
     -- A price is read until the security's next price, whose day opens at this one's close: the changes
     -- (dated d .. last) reach the days up to the next price after the last of them, and none after it.
     -- Without a last date every later day is reached.
     CROSS JOIN LATERAL (SELECT min(p.price_date) AS d FROM market_prices p
                         WHERE p.security_id = c.security_id AND p.price_date > c.last) n
     JOIN holdings h ON h.security_id = c.security_id AND (h.last_date IS NULL OR h.last_date >= c.d)
     GROUP BY h.portfolio_id`,
    [
      changes.map((c) => c.security_id),
      changes.map((c) => c.from_date),
      changes.map((c) => c.to_date ?? null),
    ],
  );
}

/**
 * Portfolios an FX change may reach: base currency one of the pair's, or holding (on or after the date) an
 * instrument quoted or priced in one of them. An over-approximation: every conversion a portfolio makes reads
 * quotes among {its currencies, the pivot}, so a pair touching none of its currencies cannot change it.
 */
export function portfoliosOfFx(
  tx: Sql,
  changes: ReadonlyArray<{ from_currency: string; to_currency: string; from_date: IsoDate }>,
): Promise<Reached[]> {
  if (changes.length === 0) return Promise.resolve([]);
  return tx.query<Reached>(
    `WITH c AS (SELECT * FROM unnest($1::text[], $2::text[], $3::date[]) AS c(a, b, d)),
     hit AS (
       SELECT p.portfolio_id, c.d FROM c JOIN portfolios p ON p.base_currency IN (c.a::bpchar, c.b::bpchar)
       UNION ALL
       SELECT h.portfolio_id, greatest(c.d, h.first_date) FROM c
       JOIN holdings h ON h.last_date IS NULL OR h.last_date >= c.d
       JOIN instruments i ON i.security_id = h.security_id
       WHERE i.currency IN (c.a::bpchar, c.b::bpchar)
          OR EXISTS (SELECT 1 FROM market_prices m WHERE m.security_id = h.security_id
                       AND m.currency IN (c.a::bpchar, c.b::bpchar))
     )
     SELECT portfolio_id, min(d)::text AS from_date FROM hit GROUP BY portfolio_id`,
    [changes.map((c) => c.from_currency), changes.map((c) => c.to_currency), changes.map((c) => c.from_date)],
  );
}

/**
 * Every portfolio with positions whose series does not end on `lastDay`, from its last built day or `lastDay`,
 * whichever is earlier (null: nothing built yet, from the start). Earlier: a calendar that now ends sooner (the
 * default calendar replaced by ingested business dates) drops the days after it.
 */
export function portfoliosToExtend(tx: Sql, lastDay: IsoDate): Promise<Reached[]> {
  return tx.query<Reached>(
    `SELECT portfolio_id, least(built, $1::date)::text AS from_date
     FROM (SELECT k.portfolio_id, (SELECT max(d.date) FROM portfolio_daily d WHERE d.portfolio_id = k.portfolio_id) AS built
           FROM (SELECT DISTINCT portfolio_id FROM holdings) k) b
     WHERE built IS DISTINCT FROM $1::date`,
    [lastDay],
  );
}

/** Portfolios holding (or having held) the securities, from the first date they held one of them, with them. */
export const portfoliosOfInstruments = queryByIds<Reached>(
  `SELECT portfolio_id, min(first_date)::text AS from_date, array_agg(DISTINCT security_id) AS security_ids
   FROM holdings WHERE security_id = ANY($1::text[]) GROUP BY portfolio_id`,
);
