import { dailyReturnOf } from '../../domain/analytics/performance/series.ts';
import type { ReturnSeries } from '../../domain/analytics/performance/twr-period.ts';
import { type PeriodRequest, type ResolvedPeriod, resolvePeriods } from '../../domain/analytics/periods.ts';
import type { NetOrGross } from '../../domain/analytics/returns/types.ts';
import { addDays } from '../../domain/dates.ts';
import { notFound, validationFailed } from '../../domain/errors.ts';
import type { Sql } from '../../store/db.ts';
import { portfolioSeriesOf } from '../../store/queries/analytics-series.queries.ts';
import { portfolioTermsOf } from '../../store/queries/pnl.queries.ts';
import { latestBusinessDateOf } from '../../store/queries/series.queries.ts';

// What /performance, /performance/mwr and /risk share: the portfolio, its as-of date, periods and returns.

/** The legacy `scope` of the per-portfolio analytics requests. */
export interface Scope {
  as_of_date?: string;
  reporting_currency?: string;
  net_or_gross?: NetOrGross;
}

/** What every per-portfolio analytics request starts from: the portfolio, its as-of date and its periods. */
export interface PortfolioRequest {
  base_currency: string;
  scope: { as_of_date: string; reporting_currency: string; net_or_gross: NetOrGross };
  periods: ResolvedPeriod[];
  /** The union of the periods, from the close before the earliest start (its completeness matters). */
  first: string;
  last: string;
}

/**
 * The portfolio's terms (404 when unknown) and the as-of date of a request: the one given, else the latest
 * business date; a 422 naming the request's `field` when there is none yet.
 */
export async function portfolioAsOf(db: Sql, portfolioId: string, asOf: string | undefined, field: string) {
  const terms = await portfolioTermsOf(db, portfolioId);
  if (terms === undefined) throw notFound(`portfolio ${portfolioId} not found`);
  const date = asOf ?? (await latestBusinessDateOf(db));
  if (date === null) {
    throw validationFailed('invalid request body', [
      { index: 0, field, message: `no business date is known yet: give ${field}` },
    ]);
  }
  return { terms, asOf: date };
}

/**
 * Resolves the request's portfolio (404), as-of date (the latest business date by default; a 422 when there
 * is none), reporting currency and periods. A reporting currency other than the base one is a 422 unless the
 * route converts (`converts`: performance, MWR; the original silently ignored another).
 */
export async function portfolioRequestOf(
  db: Sql,
  portfolioId: string,
  body: { scope?: Scope | undefined; periods: PeriodRequest[] },
  { converts = false }: { converts?: boolean } = {},
): Promise<PortfolioRequest> {
  const scope = body.scope ?? {};
  const { terms, asOf } = await portfolioAsOf(db, portfolioId, scope.as_of_date, 'scope.as_of_date');
  const reporting = (scope.reporting_currency ?? terms.base_currency).toUpperCase();
  if (!converts && reporting !== terms.base_currency) {
    throw validationFailed('invalid request body', [
      {
        index: 0,
        field: 'scope.reporting_currency',
        message: `only the portfolio's base currency ${terms.base_currency} is supported, got ${scope.reporting_currency}`,
      },
    ]);
  }
  const periods = resolvePeriods(body.periods, { asOf, inception: terms.open_date });
  const starts = periods.map((p) => p.start_date).sort();
  const ends = periods.map((p) => p.end_date).sort();
  return {
    base_currency: terms.base_currency,
    scope: {
      as_of_date: asOf,
      reporting_currency: reporting,
      net_or_gross: scope.net_or_gross ?? 'NET',
    },
    periods,
    first: addDays(starts[0]!, -1),
    last: ends[ends.length - 1]!,
  };
}

/** The portfolio's daily series over the request's periods (one query) and its daily returns. */
export async function returnSeriesOf(
  db: Sql,
  portfolioId: string,
  req: PortfolioRequest,
): Promise<ReturnSeries> {
  const series = await portfolioSeriesOf(db, portfolioId, req.first, req.last);
  return { ...series, daily: series.rows.map((r) => dailyReturnOf(r, req.scope.net_or_gross)) };
}
