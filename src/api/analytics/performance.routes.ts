import type { FastifyInstance } from 'fastify';
import type { System } from '../../app/system.ts';
import { mwrConventions, twrConventions } from '../../domain/analytics/performance/conventions.ts';
import { periodMwr } from '../../domain/analytics/performance/mwr-period.ts';
import { bySecurity, positionReturns } from '../../domain/analytics/performance/positions.ts';
import { periodBreakdown, periodTwr } from '../../domain/analytics/performance/twr-period.ts';
import { addDays } from '../../domain/dates.ts';
import { portfolioSeriesOf, positionSeriesOf } from '../../store/queries/analytics-series.queries.ts';
import {
  mwrSchema,
  type PerformanceBody,
  type PerformanceMwrBody,
  performanceSchema,
} from '../schemas/analytics-performance.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { type Params, portfolioRequestOf, returnSeriesOf } from './portfolio-request.ts';

/** POST /portfolios/{id}/performance and /performance/mwr (docs/analytics/performance.md). */
export function registerPerformanceRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  app.post<Params & { Body: PerformanceBody }>(
    '/portfolios/:portfolio_id/performance',
    { schema: performanceSchema },
    async (request) => {
      const { portfolio_id } = request.params;
      const body = request.body;
      const req = await portfolioRequestOf(db, portfolio_id, body);
      const options = {
        include_cumulative: body.options?.include_cumulative ?? true,
        include_annualized: body.options?.include_annualized ?? true,
        include_attributes: body.options?.include_attributes ?? false,
      };
      const series = await returnSeriesOf(db, portfolio_id, req);
      const positions = body.options?.include_positions
        ? bySecurity(await positionSeriesOf(db, portfolio_id, addDays(req.first, 1), req.last))
        : null;

      // Answers are keyed by period name; fromEntries defines each as an own property ('__proto__' too).
      const summary = Object.fromEntries(
        req.periods.map((period) => [
          period.name,
          {
            ...periodTwr(series, period, options),
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
        portfolio_id,
        base_currency: req.base_currency,
        scope: req.scope,
        summary,
        ...(Object.keys(breakdowns).length > 0 ? { breakdowns } : {}),
        conventions: twrConventions(req.scope.net_or_gross),
      };
    },
  );

  app.post<Params & { Body: PerformanceMwrBody }>(
    '/portfolios/:portfolio_id/performance/mwr',
    { schema: mwrSchema },
    async (request) => {
      const { portfolio_id } = request.params;
      const body = request.body;
      const req = await portfolioRequestOf(db, portfolio_id, body);
      const series = await portfolioSeriesOf(db, portfolio_id, req.first, req.last);
      const options = { annualize: body.options?.annualize ?? true, net_or_gross: req.scope.net_or_gross };
      const summary = Object.fromEntries(
        req.periods.map((period) => [period.name, periodMwr(series, period, options)]),
      );
      return {
        portfolio_id,
        base_currency: req.base_currency,
        scope: req.scope,
        summary,
        conventions: mwrConventions(req.scope.net_or_gross),
      };
    },
  );
}
