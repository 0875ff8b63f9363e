import { notFound } from '../../domain/errors.ts';
import { attributesOf } from '../../domain/instrument-attributes.ts';
import { allocationOf } from '../../domain/valuation/allocation.ts';
import { holdingsTotals } from '../../domain/valuation/holdings-totals.ts';
import { convertSeries } from '../../domain/valuation/reporting-currency.ts';
import type { AllocationDimension, AllocationItem } from '../../domain/valuation/types.ts';
import type { Sql } from '../../store/db.ts';
import {
  baseCurrencyOf,
  type DateRange,
  type DayPositionRow,
  findPeriodFigures,
  findPortfolioSeries,
  findPositionSeries,
  latestBusinessDateOf,
  positionIsKnown,
} from '../../store/queries/series.queries.ts';
import { dataWarningsOf } from './data-warnings.service.ts';
import { checkDateRange } from './date-range.ts';
import { positionsAsOf } from './positions-as-of.ts';
import { conversionOf, positionsIn, reportingOf } from './reporting-currency.ts';

/** The optional reporting currency of a GET (issue 14) and the pivot of its triangulated rates. */
export interface ReportingQuery {
  reporting_currency?: string;
  pivot?: string;
}

export type { DateRange };

// What is read from the daily series (issue 4): time series, valuation, allocation, summary.

/** The positions of a day as the allocation weighs them: base market value and instrument attributes. */
export const allocationItemsOf = (positions: readonly DayPositionRow[]): AllocationItem[] =>
  positions.map((p) => ({
    security_id: p.security_id,
    market_value: p.eod_market_value,
    attributes: { ...attributesOf(p), maturity_date: p.maturity_date },
  }));

/** The portfolio's base currency, or 404. */
async function baseOf(db: Sql, portfolioId: string): Promise<string> {
  const base = await baseCurrencyOf(db, portfolioId);
  if (base === null) throw notFound(`portfolio ${portfolioId} not found`);
  return base;
}

/** The portfolio's daily series over a date range; 404 if unknown. */
export async function portfolioTimeseries(
  db: Sql,
  portfolio_id: string,
  range: DateRange,
  fx: ReportingQuery = {},
) {
  checkDateRange(range);
  const base_currency = await baseOf(db, portfolio_id);
  const rows = await findPortfolioSeries(db, portfolio_id, range);
  const reporting = await reportingOf(db, base_currency, fx.reporting_currency, fx.pivot ?? 'USD');
  const warnings = await dataWarningsOf(db, portfolio_id, { returns: false });
  if (reporting.converter === null) return { portfolio_id, base_currency, ...warnings, rows };
  return {
    portfolio_id,
    base_currency,
    reporting_currency: reporting.reporting_currency,
    ...warnings,
    rows: convertSeries(rows, reporting.converter, base_currency, reporting.reporting_currency),
  };
}

/** One position's daily series over a date range; 404 for an unknown portfolio or position. */
export async function positionTimeseries(
  db: Sql,
  portfolio_id: string,
  security_id: string,
  range: DateRange,
) {
  checkDateRange(range);
  await baseOf(db, portfolio_id);
  if (!(await positionIsKnown(db, portfolio_id, security_id))) {
    throw notFound(`portfolio ${portfolio_id} has no position in ${security_id}`);
  }
  const rows = await findPositionSeries(db, portfolio_id, security_id, range);
  return { portfolio_id, security_id, rows };
}

/** The portfolio's valuation on a date (the latest business date by default); totals null without a series row. */
export async function valuationOf(
  db: Sql,
  portfolio_id: string,
  asOf: string | undefined,
  fx: ReportingQuery = {},
) {
  const inBase = await positionsAsOf(db, portfolio_id, asOf);
  const reporting = await reportingOf(db, inBase.base_currency, fx.reporting_currency, fx.pivot ?? 'USD');
  const v = positionsIn(reporting, inBase);
  const t = holdingsTotals(v.positions);
  return {
    portfolio_id,
    base_currency: inBase.base_currency,
    ...(reporting.converter === null ? {} : conversionOf(reporting, v.as_of_date)),
    as_of_date: v.as_of_date,
    ...(await dataWarningsOf(db, portfolio_id, { returns: false })),
    market_value: v.built ? t.market_value : null,
    cost_basis: v.built ? t.cost_basis : null,
    unrealized_gain_loss: v.built ? t.unrealized_gain_loss : null,
    cash: v.built ? t.cash : null,
    complete: v.complete,
    incomplete_reasons: v.incomplete_reasons,
    unvalued_positions: t.unvalued,
    by_currency: t.by_currency,
  };
}

/** The portfolio's allocation along the dimensions on a date. */
export async function portfolioAllocation(
  db: Sql,
  portfolio_id: string,
  asOf: string | undefined,
  dimensions: readonly AllocationDimension[],
  fx: ReportingQuery = {},
) {
  const inBase = await positionsAsOf(db, portfolio_id, asOf);
  const reporting = await reportingOf(db, inBase.base_currency, fx.reporting_currency, fx.pivot ?? 'USD');
  const { positions, as_of_date } = positionsIn(reporting, inBase);
  const allocation = allocationOf(allocationItemsOf(positions), [...new Set(dimensions)], as_of_date ?? '');
  return {
    portfolio_id,
    ...(reporting.converter === null ? {} : conversionOf(reporting, as_of_date)),
    ...allocation,
    as_of_date,
  };
}

/** The portfolio's wealth, allocation, P&L, income and activity from start_date (1 January by default) to as_of_date. */
export async function portfolioSummary(
  db: Sql,
  portfolio_id: string,
  query: { as_of_date?: string; start_date?: string },
) {
  const base_currency = await baseOf(db, portfolio_id);
  const as_of_date = query.as_of_date ?? (await latestBusinessDateOf(db));
  const start_date = query.start_date ?? (as_of_date ? `${as_of_date.slice(0, 4)}-01-01` : null);
  checkDateRange({ start_date: start_date ?? undefined, end_date: as_of_date ?? undefined });
  const v = await positionsAsOf(db, portfolio_id, as_of_date ?? undefined);
  const built = v.built;
  const t = holdingsTotals(v.positions);
  const allocation = allocationOf(allocationItemsOf(v.positions), ['asset_class'], as_of_date ?? '');
  const period =
    as_of_date && start_date
      ? await findPeriodFigures(db, portfolio_id, start_date, as_of_date)
      : { realized: '0', income: '0', fees: 0, activity: [] };
  return {
    portfolio_id,
    base_currency,
    as_of_date,
    start_date,
    wealth: {
      market_value: built ? t.market_value : null,
      cost_basis: built ? t.cost_basis : null,
      cash: built ? t.cash : null,
      complete: v.complete,
      incomplete_reasons: v.incomplete_reasons,
      unvalued_positions: t.unvalued,
    },
    allocation: { asset_class: allocation.dimensions[0]?.groups ?? [] },
    pnl: {
      realized_gain_loss: period.realized,
      unrealized_gain_loss: built ? t.unrealized_gain_loss : null,
    },
    income: { income: period.income, fees: period.fees },
    activity: period.activity,
  };
}
