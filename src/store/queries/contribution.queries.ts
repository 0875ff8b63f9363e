import type { InstrumentAttributes, PositionDayInput } from '../../domain/analytics/contribution/types.ts';
import type { BenchmarkDimension } from '../../domain/records/types.ts';
import type { Sql } from '../db.ts';

/**
 * What contribution and attribution read beyond the portfolio's daily series (analytics-series.queries.ts,
 * shared with /performance): the positions' daily series over the window with their instruments' attributes
 * (float64, base currency), and the benchmark's next composition date.
 */

/** isCashInstrument (src/domain/positions/rules.ts) on the instruments row `i`; false when it is unknown. */
const IS_CASH = "coalesce(lower(i.product_type) = 'cash' OR lower(i.asset_class) = 'cash', false)";

export type PositionSeriesRow = PositionDayInput & InstrumentAttributes & { [k: string]: unknown };

/**
 * Every position_daily row of the portfolio in [start, end], in date then security order, in ONE query, with
 * its instrument's attributes and, from the day's cashflows of the position:
 * - the external (portfolio) flows among its flows, by timing: those the valuation engine counts as such
 *   (src/domain/valuation/flows.ts, isExternalFlow), position and portfolio flows but an EXPENSE paid through a
 *   non-cash instrument;
 * - the FEE and TAX transactions paid through a non-cash instrument (expenses_paid) and the FEEs among them
 *   (fees_in_value, as analytics-series.queries.ts counts them for the portfolio).
 */
export function positionSeriesOf(
  db: Sql,
  portfolioId: string,
  start: string,
  end: string,
): Promise<PositionSeriesRow[]> {
  return db.query<PositionSeriesRow>(
    `WITH flows AS (
       SELECT f.security_id, f.cashflow_date,
              coalesce(sum(f.amount_base) FILTER (
                WHERE f.is_portfolio_flow AND f.timing = 'BOD' AND NOT (f.classification = 'EXPENSE' AND NOT ${IS_CASH})
              ), 0)::float8 AS external_bod_cashflow,
              coalesce(sum(f.amount_base) FILTER (
                WHERE f.is_portfolio_flow AND f.timing = 'EOD' AND NOT (f.classification = 'EXPENSE' AND NOT ${IS_CASH})
              ), 0)::float8 AS external_eod_cashflow,
              coalesce(sum(abs(f.amount_base)) FILTER (
                WHERE f.classification = 'EXPENSE' AND NOT ${IS_CASH}
              ), 0)::float8 AS expenses_paid,
              coalesce(sum(abs(f.amount_base)) FILTER (
                WHERE f.classification = 'EXPENSE' AND NOT ${IS_CASH} AND t.transaction_type = 'FEE'
              ), 0)::float8 AS fees_in_value
       FROM cashflows f
       LEFT JOIN instruments i ON i.security_id = f.security_id
       LEFT JOIN transactions t ON t.transaction_id = f.transaction_id
       WHERE f.portfolio_id = $1 AND f.cashflow_date BETWEEN $2::date AND $3::date AND f.is_position_flow
       GROUP BY f.security_id, f.cashflow_date
     )
     SELECT d.date::text AS date, d.security_id, d.bod_market_value, d.eod_market_value, d.bod_cashflow,
            d.eod_cashflow, coalesce(x.external_bod_cashflow, 0) AS external_bod_cashflow,
            coalesce(x.external_eod_cashflow, 0) AS external_eod_cashflow,
            coalesce(x.expenses_paid, 0) AS expenses_paid, coalesce(x.fees_in_value, 0) AS fees_in_value,
            d.incomplete_reason, ${IS_CASH} AS is_cash, i.name, i.currency::text AS currency, i.product_type,
            i.asset_class, i.sector, i.country_of_risk, i.rating
     FROM position_daily d
     LEFT JOIN instruments i ON i.security_id = d.security_id
     LEFT JOIN flows x ON x.security_id = d.security_id AND x.cashflow_date = d.date
     WHERE d.portfolio_id = $1 AND d.date BETWEEN $2::date AND $3::date
     ORDER BY d.date, d.security_id`,
    [portfolioId, start, end],
  );
}

/** The first composition date of the benchmark's dimension after `after` (null: none). */
export async function nextCompositionDateOf(
  db: Sql,
  benchmarkId: string,
  dimension: BenchmarkDimension,
  after: string,
): Promise<string | null> {
  const rows = await db.query<{ d: string | null }>(
    `SELECT min(composition_date)::text AS d FROM benchmark_compositions
     WHERE benchmark_id = $1 AND dimension = $2 AND composition_date > $3::date`,
    [benchmarkId, dimension, after],
  );
  return rows[0]?.d ?? null;
}
