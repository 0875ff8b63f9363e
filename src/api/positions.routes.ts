import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { dayNumber } from '../domain/dates.ts';
import { notFound } from '../domain/errors.ts';
import type { DateRange } from '../store/queries/market-data.queries.ts';
import { portfolioIsKnown } from '../store/queries/portfolios.queries.ts';
import {
  findCashflows,
  findCashLinkage,
  findLots,
  findPositionHistory,
  findSellDisposals,
} from '../store/queries/positions.queries.ts';
import { findHoldingsAsOf, latestBusinessDateOf } from '../store/queries/series.queries.ts';
import { addSharedSchemas, checkDateRange } from './schemas/common.schemas.ts';
import {
  cashLinkageSchema,
  listCashflowsSchema,
  listLotsSchema,
  listPositionsSchema,
  listSellDisposalsSchema,
  positionHistorySchema,
} from './schemas/positions.schemas.ts';

/** How old a quote used on `asOf` is, in calendar days; null without either date. */
const ageInDays = (asOf: string | null, date: string | null) =>
  asOf === null || date === null ? null : dayNumber(asOf) - dayNumber(date);

type KeyParams = { Params: { portfolio_id: string; security_id: string } };

/** What the position engine derived (seed-system.md §6): holdings, history, lots, sales and cashflows. */
export function registerPositionRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;
  const mustKnow = async (portfolioId: string) => {
    if (!(await portfolioIsKnown(db, portfolioId))) throw notFound(`portfolio ${portfolioId} not found`);
  };

  app.get<{ Params: { portfolio_id: string }; Querystring: { as_of_date?: string } }>(
    '/portfolios/:portfolio_id/positions',
    { schema: listPositionsSchema },
    async (request) => {
      const { portfolio_id } = request.params;
      await mustKnow(portfolio_id);
      // As of the date asked, else the latest business date, else (nothing valued yet) the latest positions.
      const asOf = request.query.as_of_date ?? (await latestBusinessDateOf(db));
      const holdings = await findHoldingsAsOf(db, portfolio_id, asOf);
      // Weight by market value; by cost only when nothing is valued (then every valuation is null).
      const valued = holdings.some((h) => h.market_value !== null);
      const weightOf = (h: (typeof holdings)[number]) =>
        valued ? (h.market_value ?? 0) : h.cost_basis_float;
      const total = holdings.reduce((sum, h) => sum + weightOf(h), 0);
      const positions = holdings.map((row) => {
        const {
          has_series,
          market_price,
          market_value,
          unrealized_gain_loss,
          market_value_local,
          unrealized_gain_loss_local,
          valuation_status,
          price_date,
          fx_rate,
          fx_date,
          incomplete_reason,
          cost_basis_float: _,
          ...h
        } = row;
        return {
          ...h,
          valuation: has_series
            ? {
                market_price,
                market_value,
                unrealized_gain_loss,
                market_value_local,
                unrealized_gain_loss_local,
              }
            : null,
          valuation_status,
          price_date,
          price_age_days: ageInDays(asOf, price_date),
          fx_rate,
          fx_rate_date: fx_date,
          fx_rate_age_days: ageInDays(asOf, fx_date),
          incomplete_reason,
          weight: total > 0 ? weightOf(row) / total : 0,
        };
      });
      return { portfolio_id, as_of_date: asOf, positions };
    },
  );

  app.get<{ Params: { portfolio_id: string }; Querystring: DateRange & { security_id: string } }>(
    '/portfolios/:portfolio_id/position-history',
    { schema: positionHistorySchema },
    async (request) => {
      const { portfolio_id } = request.params;
      const { security_id, ...range } = request.query;
      checkDateRange(range);
      await mustKnow(portfolio_id);
      const positions = await findPositionHistory(db, { portfolio_id, security_id, ...range });
      return { portfolio_id, security_id, positions };
    },
  );

  app.get<KeyParams>(
    '/portfolios/:portfolio_id/positions/:security_id/lots',
    { schema: listLotsSchema },
    async (request) => {
      const { portfolio_id, security_id } = request.params;
      await mustKnow(portfolio_id);
      return { portfolio_id, security_id, lots: await findLots(db, portfolio_id, security_id) };
    },
  );

  app.get<KeyParams>(
    '/portfolios/:portfolio_id/positions/:security_id/sell-disposals',
    { schema: listSellDisposalsSchema },
    async (request) => {
      const { portfolio_id, security_id } = request.params;
      await mustKnow(portfolio_id);
      const sell_disposals = await findSellDisposals(db, portfolio_id, security_id);
      return { portfolio_id, security_id, sell_disposals };
    },
  );

  app.get<{ Params: { portfolio_id: string; transaction_id: string } }>(
    '/portfolios/:portfolio_id/transactions/:transaction_id/cash-linkage',
    { schema: cashLinkageSchema },
    async (request) => {
      const { portfolio_id, transaction_id } = request.params;
      const linkage = await findCashLinkage(db, portfolio_id, transaction_id);
      if (!linkage) throw notFound(`portfolio ${portfolio_id} has no transaction ${transaction_id}`);
      return linkage;
    },
  );

  app.get<{ Params: { portfolio_id: string }; Querystring: DateRange & { classification?: string } }>(
    '/portfolios/:portfolio_id/cashflows',
    { schema: listCashflowsSchema },
    async (request) => {
      const { portfolio_id } = request.params;
      checkDateRange(request.query);
      await mustKnow(portfolio_id);
      return { portfolio_id, cashflows: await findCashflows(db, { portfolio_id, ...request.query }) };
    },
  );
}
