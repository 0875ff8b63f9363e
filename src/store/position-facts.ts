import type { EngineTransaction, InstrumentTerms, PortfolioTerms } from '../domain/positions/types.ts';
import type { IsoDate } from '../domain/records/types.ts';
import { queryByIds, type Sql } from './db.ts';
import { FACT_SPECS } from './fact-specs.ts';

/**
 * What the position stage reads of the facts, one statement per kind for a whole batch: which keys an event
 * reaches, and the transactions, portfolios, instruments and FX rates of those keys.
 */

/** A (portfolio, security) key. */
export interface PositionKey {
  portfolio_id: string;
  security_id: string;
}

/** A key an event of the batch reaches; `event` is the event's index in the caller's list. */
export interface ReachedKey extends PositionKey {
  event: number;
}

/**
 * The keys reached from each id of one column, by event (the id's index): the securities a portfolio has
 * transactions in, or the portfolios a security is traded in, and those the stage already keeps state for (a
 * key whose last transaction moved away by correction still has rows to clear). The column is one of two
 * literals, never input.
 */
function keysBy(
  tx: Sql,
  column: 'portfolio_id' | 'security_id',
  ids: readonly string[],
): Promise<ReachedKey[]> {
  return queryByIds<ReachedKey & Record<string, unknown>>(
    `SELECT e.ord::int - 1 AS event, k.portfolio_id, k.security_id
     FROM unnest($1::text[]) WITH ORDINALITY AS e(${column}, ord)
     JOIN (SELECT DISTINCT portfolio_id, security_id FROM transactions WHERE ${column} = ANY($1::text[])
           UNION
           SELECT portfolio_id, security_id FROM position_keys WHERE ${column} = ANY($1::text[])) k
       ON k.${column} = e.${column}
     ORDER BY 1, 2, 3`,
  )(tx, ids);
}

/** The keys of each portfolio, in every security. */
export const keysOfPortfolios = (tx: Sql, portfolioIds: readonly string[]) =>
  keysBy(tx, 'portfolio_id', portfolioIds);

/** The keys of each security, in every portfolio. */
export const keysOfSecurities = (tx: Sql, securityIds: readonly string[]) =>
  keysBy(tx, 'security_id', securityIds);

export interface FxChange {
  from_currency: string;
  to_currency: string;
  from_date: IsoDate;
}

/**
 * The keys an FX change can move: a transaction on or after the change's date, trading in one currency of
 * the pair in a portfolio based in the other, that carries no rate of its own (so the replay reads the
 * FX facts for it).
 */
export function keysOfFxChanges(tx: Sql, changes: readonly FxChange[]): Promise<ReachedKey[]> {
  if (changes.length === 0) return Promise.resolve([]);
  return tx.query<ReachedKey & Record<string, unknown>>(
    `SELECT DISTINCT e.ord::int - 1 AS event, t.portfolio_id, t.security_id
     FROM unnest($1::text[], $2::text[], $3::date[]) WITH ORDINALITY AS e(from_currency, to_currency, from_date, ord)
     JOIN portfolios p ON p.base_currency::text IN (e.from_currency, e.to_currency)
     JOIN transactions t ON t.portfolio_id = p.portfolio_id
      AND t.transaction_fx_rate IS NULL
      AND t.transaction_date >= (e.from_date::timestamp AT TIME ZONE 'UTC')
      AND ((t.trade_currency::text = e.from_currency AND p.base_currency::text = e.to_currency)
        OR (t.trade_currency::text = e.to_currency AND p.base_currency::text = e.from_currency))
     ORDER BY 1, 2, 3`,
    [changes.map((c) => c.from_currency), changes.map((c) => c.to_currency), changes.map((c) => c.from_date)],
  );
}

// The transaction as ingest normalised it: decimals canonical (trim_scale), instants ISO-8601 UTC (the store
// port's timestamptz form), dates 'YYYY-MM-DD'. Columns follow the domain spec, so a new field comes along.
export const TRANSACTION_COLUMNS = FACT_SPECS.transaction.columns
  .map((c) => (c.type === 'numeric' ? `trim_scale(t."${c.name}")::text AS "${c.name}"` : `t."${c.name}"`))
  .join(', ');

/** Every current transaction of the keys. */
export function transactionsOfKeys(tx: Sql, keys: readonly PositionKey[]): Promise<EngineTransaction[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return tx.query<EngineTransaction & Record<string, unknown>>(
    `SELECT ${TRANSACTION_COLUMNS}
     FROM unnest($1::text[], $2::text[]) AS k(portfolio_id, security_id)
     JOIN transactions t ON t.portfolio_id = k.portfolio_id AND t.security_id = k.security_id`,
    [keys.map((k) => k.portfolio_id), keys.map((k) => k.security_id)],
  );
}

export const portfolioTermsOf = queryByIds<PortfolioTerms & Record<string, unknown>>(
  `SELECT portfolio_id, base_currency::text AS base_currency, cost_basis_method, cash_mode
   FROM portfolios WHERE portfolio_id = ANY($1::text[])`,
);

export const instrumentTermsOf = queryByIds<InstrumentTerms & Record<string, unknown>>(
  `SELECT security_id, currency::text AS currency, product_type, asset_class
   FROM instruments WHERE security_id = ANY($1::text[])`,
);

export interface FxRateFact {
  from_currency: string;
  to_currency: string;
  rate_date: IsoDate;
  rate: string;
  [k: string]: unknown;
}

/** Every rate of the pairs, quoted either way (the lookup takes the inverse of a reverse quote). */
export function fxRatesOf(
  tx: Sql,
  pairs: ReadonlyArray<{ from: string; to: string }>,
): Promise<FxRateFact[]> {
  if (pairs.length === 0) return Promise.resolve([]);
  const from = pairs.flatMap((p) => [p.from, p.to]);
  const to = pairs.flatMap((p) => [p.to, p.from]);
  return tx.query<FxRateFact>(
    `SELECT f.from_currency::text AS from_currency, f.to_currency::text AS to_currency, f.rate_date,
            trim_scale(f.rate)::text AS rate
     FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[])) AS p(from_currency, to_currency)
     JOIN fx_rates f ON f.from_currency = p.from_currency::bpchar AND f.to_currency = p.to_currency::bpchar
     ORDER BY 1, 2, 3`,
    [from, to],
  );
}
