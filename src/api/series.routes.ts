import type { FastifyInstance } from 'fastify';
import {
  type DateRange,
  portfolioAllocation,
  portfolioSummary,
  portfolioTimeseries,
  positionTimeseries,
  valuationOf,
} from '../app/services/series.service.ts';
import type { System } from '../app/system.ts';
import { validationFailed } from '../domain/errors.ts';
import type { AllocationDimension } from '../domain/valuation/types.ts';
import type { PortfolioParams } from './analytics/portfolio-route.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import {
  ALLOCATION_DIMENSIONS,
  allocationSchema,
  portfolioSeriesSchema,
  positionSeriesSchema,
  summarySchema,
  valuationSchema,
} from './schemas/series.schemas.ts';

type AsOf = { as_of_date?: string; reporting_currency?: string };

/** The `dimensions` query parameter (comma-separated, all by default); 422 naming an unknown one. */
function dimensionsOf(query: string | undefined): AllocationDimension[] {
  const requested = (query ?? ALLOCATION_DIMENSIONS.join(','))
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
  return requested as AllocationDimension[];
}

/** The daily series and what is read from them (issue 4): time series, valuation, allocation, summary. */
export function registerSeriesRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;
  const pivot = system.config.fxPivot;

  app.get<PortfolioParams & { Querystring: DateRange & { reporting_currency?: string } }>(
    '/portfolios/:portfolio_id/timeseries',
    { schema: portfolioSeriesSchema },
    async (request) => {
      const { reporting_currency, ...range } = request.query;
      return portfolioTimeseries(db, request.params.portfolio_id, range, { reporting_currency, pivot });
    },
  );

  app.get<{ Params: { portfolio_id: string; security_id: string }; Querystring: DateRange }>(
    '/portfolios/:portfolio_id/positions/:security_id/timeseries',
    { schema: positionSeriesSchema },
    async (request) => {
      const { portfolio_id, security_id } = request.params;
      return positionTimeseries(db, portfolio_id, security_id, request.query);
    },
  );

  app.get<PortfolioParams & { Querystring: AsOf }>(
    '/portfolios/:portfolio_id/valuation',
    { schema: valuationSchema },
    async (request) => {
      const { as_of_date, reporting_currency } = request.query;
      return valuationOf(db, request.params.portfolio_id, as_of_date, { reporting_currency, pivot });
    },
  );

  app.get<PortfolioParams & { Querystring: AsOf & { dimensions?: string } }>(
    '/portfolios/:portfolio_id/allocation',
    { schema: allocationSchema },
    async (request) => {
      const dimensions = dimensionsOf(request.query.dimensions);
      const { as_of_date, reporting_currency } = request.query;
      return portfolioAllocation(db, request.params.portfolio_id, as_of_date, dimensions, {
        reporting_currency,
        pivot,
      });
    },
  );

  app.get<PortfolioParams & { Querystring: AsOf & { start_date?: string } }>(
    '/portfolios/:portfolio_id/summary',
    { schema: summarySchema },
    async (request) => portfolioSummary(db, request.params.portfolio_id, request.query),
  );
}
