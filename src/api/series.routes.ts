import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { notFound, validationFailed } from '../domain/errors.ts';
import { allocationOf } from '../domain/valuation/allocation.ts';
import { holdingsTotals } from '../domain/valuation/holdings-totals.ts';
import type { AllocationDimension, AllocationItem } from '../domain/valuation/types.ts';
import {
  baseCurrencyOf,
  type DateRange,
  type DayPositionRow,
  findPeriodFigures,
  findPortfolioSeries,
  findPositionSeries,
  latestBusinessDateOf,
  positionIsKnown,
} from '../store/queries/series.queries.ts';
import { positionsAsOf } from './analytics/positions-as-of.ts';
import { dataWarningsOf } from './data-warnings.ts';
import { addSharedSchemas, checkDateRange } from './schemas/common.schemas.ts';
import {
  ALLOCATION_DIMENSIONS,
  allocationSchema,
  portfolioSeriesSchema,
  positionSeriesSchema,
  summarySchema,
  valuationSchema,
} from './schemas/series.schemas.ts';

type PortfolioParams = { Params: { portfolio_id: string } };
type AsOf = { as_of_date?: string };

const itemsOf = (positions: readonly DayPositionRow[]): AllocationItem[] =>
  positions.map((p) => ({
    security_id: p.security_id,
    market_value: p.eod_market_value,
    attributes: {
      asset_class: p.asset_class,
      sector: p.sector,
      currency: p.currency,
      country_of_risk: p.country_of_risk,
      rating: p.rating,
      product_type: p.product_type,
      maturity_date: p.maturity_date,
    },
  }));

/** The daily series and what is read from them (issue 4): time series, valuation, allocation, summary. */
export function registerSeriesRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;
  const baseOf = async (portfolioId: string): Promise<string> => {
    const base = await baseCurrencyOf(db, portfolioId);
    if (base === null) throw notFound(`portfolio ${portfolioId} not found`);
    return base;
  };
  const asOfOf = async (q: AsOf) => q.as_of_date ?? (await latestBusinessDateOf(db));

  app.get<PortfolioParams & { Querystring: DateRange }>(
    '/portfolios/:portfolio_id/timeseries',
    { schema: portfolioSeriesSchema },
    async (request) => {
      const { portfolio_id } = request.params;
      checkDateRange(request.query);
      const base_currency = await baseOf(portfolio_id);
      const rows = await findPortfolioSeries(db, portfolio_id, request.query);
      return {
        portfolio_id,
        base_currency,
        ...(await dataWarningsOf(db, portfolio_id, { returns: false })),
        rows,
      };
    },
  );

  app.get<{ Params: { portfolio_id: string; security_id: string }; Querystring: DateRange }>(
    '/portfolios/:portfolio_id/positions/:security_id/timeseries',
    { schema: positionSeriesSchema },
    async (request) => {
      const { portfolio_id, security_id } = request.params;
      checkDateRange(request.query);
      await baseOf(portfolio_id);
      if (!(await positionIsKnown(db, portfolio_id, security_id))) {
        throw notFound(`portfolio ${portfolio_id} has no position in ${security_id}`);
      }
      const rows = await findPositionSeries(db, portfolio_id, security_id, request.query);
      return { portfolio_id, security_id, rows };
    },
  );

  app.get<PortfolioParams & { Querystring: AsOf }>(
    '/portfolios/:portfolio_id/valuation',
    { schema: valuationSchema },
    async (request) => {
      const { portfolio_id } = request.params;
      const v = await positionsAsOf(db, portfolio_id, request.query.as_of_date);
      const t = holdingsTotals(v.positions);
      return {
        portfolio_id,
        base_currency: v.base_currency,
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
    },
  );

  app.get<PortfolioParams & { Querystring: AsOf & { dimensions?: string } }>(
    '/portfolios/:portfolio_id/allocation',
    { schema: allocationSchema },
    async (request) => {
      const { portfolio_id } = request.params;
      const requested = (request.query.dimensions ?? ALLOCATION_DIMENSIONS.join(','))
        .split(',')
        .map((d) => d.trim())
        .filter((d) => d !== '');
      const allowed = new Set<string>(ALLOCATION_DIMENSIONS);
      const unknown = requested.filter((d) => !allowed.has(d));
      if (unknown.length > 0 || requested.length === 0) {
        throw validationFailed('invalid request querystring', [
          {
            index: 0,
            field: 'dimensions',
            message: `unknown dimension(s) ${unknown.join(', ') || '(none given)'}; allowed: ${ALLOCATION_DIMENSIONS.join(', ')}`,
          },
        ]);
      }
      const { positions, as_of_date } = await positionsAsOf(db, portfolio_id, request.query.as_of_date);
      const allocation = allocationOf(
        itemsOf(positions),
        [...new Set(requested)] as AllocationDimension[],
        as_of_date ?? '',
      );
      return { portfolio_id, ...allocation, as_of_date };
    },
  );

  app.get<PortfolioParams & { Querystring: AsOf & { start_date?: string } }>(
    '/portfolios/:portfolio_id/summary',
    { schema: summarySchema },
    async (request) => {
      const { portfolio_id } = request.params;
      const base_currency = await baseOf(portfolio_id);
      const as_of_date = await asOfOf(request.query);
      const start_date = request.query.start_date ?? (as_of_date ? `${as_of_date.slice(0, 4)}-01-01` : null);
      checkDateRange({ start_date: start_date ?? undefined, end_date: as_of_date ?? undefined });
      const v = await positionsAsOf(db, portfolio_id, as_of_date ?? undefined);
      const built = v.built;
      const t = holdingsTotals(v.positions);
      const allocation = allocationOf(itemsOf(v.positions), ['asset_class'], as_of_date ?? '');
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
    },
  );
}
