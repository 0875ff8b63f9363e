import { mwrConventions, twrConventions } from '../../domain/analytics/performance/conventions.ts';
import { periodMwr } from '../../domain/analytics/performance/mwr-period.ts';
import { bySecurity, positionReturns } from '../../domain/analytics/performance/positions.ts';
import { dailyReturnOf, type PortfolioSeries } from '../../domain/analytics/performance/series.ts';
import {
  periodBreakdown,
  periodLinkedReturn,
  periodTwr,
  type ReturnSeries,
} from '../../domain/analytics/performance/twr-period.ts';
import type { PeriodRequest } from '../../domain/analytics/periods.ts';
import type { NetOrGross } from '../../domain/analytics/returns/types.ts';
import { addDays } from '../../domain/dates.ts';
import { convertSeries, fxEffectOf } from '../../domain/valuation/reporting-currency.ts';
import type { Sql } from '../../store/db.ts';
import { portfolioSeriesOf, positionSeriesOf } from '../../store/queries/analytics-series.queries.ts';
import { dataWarningsOf } from './data-warnings.service.ts';
import { portfolioRequestOf, returnSeriesOf, type Scope } from './portfolio-request.ts';
import { baseCurrencyOnly, type Reporting, reportingOf } from './reporting-currency.ts';

/**
 * The daily series in the reporting currency (issue 14): every day converted at its rate, the open at the
 * previous close's, so that the returns computed from it include the currency's move. Unchanged in base.
 */
function seriesIn(reporting: Reporting, series: PortfolioSeries): PortfolioSeries {
  if (reporting.converter === null) return series;
  const { base_currency, reporting_currency, converter } = reporting;
  const rows = convertSeries(series.rows, converter, base_currency, reporting_currency, ['fees_in_value']);
  return { span: series.span, rows };
}

const withReturns = (series: PortfolioSeries, netOrGross: NetOrGross): ReturnSeries => ({
  ...series,
  daily: series.rows.map((r) => dailyReturnOf(r, netOrGross)),
});

export type PerformanceBody = {
  scope?: Scope;
  periods: PeriodRequest[];
  options?: {
    include_annualized?: boolean;
    include_cumulative?: boolean;
    include_attributes?: boolean;
    include_positions?: boolean;
  };
};

export type PerformanceMwrBody = {
  scope?: Scope;
  periods: PeriodRequest[];
  options?: { annualize?: boolean };
};

/** A portfolio's TWR per period, from its daily series (docs/analytics/performance.md); 404 if unknown. */
export async function performanceOf(db: Sql, portfolio_id: string, body: PerformanceBody, pivot = 'USD') {
  const req = await portfolioRequestOf(db, portfolio_id, body, { converts: true });
  const reporting = await reportingOf(db, req.base_currency, req.scope.reporting_currency, pivot);
  if (reporting.converter !== null && body.options?.include_positions) {
    baseCurrencyOnly('options.include_positions', 'position-level performance', req.base_currency);
  }
  const options = {
    include_cumulative: body.options?.include_cumulative ?? true,
    include_annualized: body.options?.include_annualized ?? true,
    include_attributes: body.options?.include_attributes ?? false,
  };
  const baseSeries = await returnSeriesOf(db, portfolio_id, req);
  const series =
    reporting.converter === null
      ? baseSeries
      : withReturns(seriesIn(reporting, baseSeries), req.scope.net_or_gross);
  const positions = body.options?.include_positions
    ? bySecurity(await positionSeriesOf(db, portfolio_id, addDays(req.first, 1), req.last))
    : null;

  // Answers are keyed by period name; fromEntries defines each as an own property ('__proto__' too).
  const summary = Object.fromEntries(
    req.periods.map((period) => [
      period.name,
      {
        ...periodTwr(series, period, options),
        ...(reporting.converter === null
          ? {}
          : {
              fx_effect: fxEffectOf(
                periodLinkedReturn(baseSeries, period),
                periodLinkedReturn(series, period),
              ),
            }),
        ...(positions === null
          ? {}
          : { positions: positionReturns(positions, series.span, period, req.scope.net_or_gross) }),
      },
    ]),
  );
  const breakdowns = Object.fromEntries(
    req.periods.flatMap((period) =>
      period.breakdown === null
        ? []
        : [[period.name, periodBreakdown(series, period, period.breakdown, options)]],
    ),
  );
  return {
    ...(await answerHead(db, portfolio_id, req)),
    summary,
    ...(Object.keys(breakdowns).length > 0 ? { breakdowns } : {}),
    conventions: twrConventions(req.scope.net_or_gross),
  };
}

/** What both return answers open with: the portfolio, its base currency, the scope and the data warnings. */
async function answerHead(db: Sql, portfolio_id: string, req: { base_currency: string; scope: unknown }) {
  return {
    portfolio_id,
    base_currency: req.base_currency,
    scope: req.scope,
    ...(await dataWarningsOf(db, portfolio_id, { returns: true })),
  };
}

/** A portfolio's money-weighted return per period, from its daily series; 404 if unknown. */
export async function performanceMwrOf(
  db: Sql,
  portfolio_id: string,
  body: PerformanceMwrBody,
  pivot = 'USD',
) {
  const req = await portfolioRequestOf(db, portfolio_id, body, { converts: true });
  const reporting = await reportingOf(db, req.base_currency, req.scope.reporting_currency, pivot);
  const series = seriesIn(reporting, await portfolioSeriesOf(db, portfolio_id, req.first, req.last));
  const options = { annualize: body.options?.annualize ?? true, net_or_gross: req.scope.net_or_gross };
  const summary = Object.fromEntries(
    req.periods.map((period) => [period.name, periodMwr(series, period, options)]),
  );
  return {
    ...(await answerHead(db, portfolio_id, req)),
    summary,
    conventions: mwrConventions(req.scope.net_or_gross),
  };
}
