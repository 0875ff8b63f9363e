import type { FastifyInstance } from 'fastify';
import { holdingsOf, mustKnowPortfolio } from '../app/services/positions.service.ts';
import type { System } from '../app/system.ts';
import { notFound } from '../domain/errors.ts';
import type { DateRange } from '../store/queries/market-data.queries.ts';
import {
  findCashflows,
  findCashLinkage,
  findLots,
  findPositionHistory,
  findSellDisposals,
} from '../store/queries/positions.queries.ts';
import { addSharedSchemas, checkDateRange } from './schemas/common.schemas.ts';
import {
  cashLinkageSchema,
  listCashflowsSchema,
  listLotsSchema,
  listPositionsSchema,
  listSellDisposalsSchema,
  positionHistorySchema,
} from './schemas/positions.schemas.ts';

type KeyParams = { Params: { portfolio_id: string; security_id: string } };

/** What the position engine derived (seed-system.md §6): holdings, history, lots, sales and cashflows. */
export function registerPositionRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;
  const mustKnow = (portfolioId: string) => mustKnowPortfolio(db, portfolioId);

  app.get<{ Params: { portfolio_id: string }; Querystring: { as_of_date?: string } }>(
    '/portfolios/:portfolio_id/positions',
    { schema: listPositionsSchema },
    async (request) => holdingsOf(db, request.params.portfolio_id, request.query.as_of_date),
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
