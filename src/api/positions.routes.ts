import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  cashflowsOf,
  cashLinkageOf,
  type DateRange,
  holdingsOf,
  lotsOf,
  positionHistoryOf,
  sellDisposalsOf,
} from '../app/services/positions.service.ts';
import type { System } from '../app/system.ts';
import type { PortfolioParams } from './analytics/portfolio-route.ts';
import { cachedAnswer } from './cached-answer.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
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

  // Through the answer cache (cached-answer.ts), like the per-portfolio analytics.
  type HoldingsRequest = FastifyRequest<PortfolioParams & { Querystring: { as_of_date?: string } }>;
  const holdings = cachedAnswer(
    system,
    'GET /portfolios/:portfolio_id/positions',
    (request: HoldingsRequest) => request.params.portfolio_id,
    (request: HoldingsRequest) => holdingsOf(db, request.params.portfolio_id, request.query.as_of_date),
  );
  app.get<PortfolioParams & { Querystring: { as_of_date?: string } }>(
    '/portfolios/:portfolio_id/positions',
    { schema: listPositionsSchema, onSend: holdings.onSend },
    holdings.handler,
  );

  app.get<PortfolioParams & { Querystring: DateRange & { security_id: string } }>(
    '/portfolios/:portfolio_id/position-history',
    { schema: positionHistorySchema },
    async (request) => positionHistoryOf(db, request.params.portfolio_id, request.query),
  );

  app.get<KeyParams>(
    '/portfolios/:portfolio_id/positions/:security_id/lots',
    { schema: listLotsSchema },
    async (request) => lotsOf(db, request.params.portfolio_id, request.params.security_id),
  );

  app.get<KeyParams>(
    '/portfolios/:portfolio_id/positions/:security_id/sell-disposals',
    { schema: listSellDisposalsSchema },
    async (request) => sellDisposalsOf(db, request.params.portfolio_id, request.params.security_id),
  );

  app.get<{ Params: { portfolio_id: string; transaction_id: string } }>(
    '/portfolios/:portfolio_id/transactions/:transaction_id/cash-linkage',
    { schema: cashLinkageSchema },
    async (request) => cashLinkageOf(db, request.params.portfolio_id, request.params.transaction_id),
  );

  app.get<PortfolioParams & { Querystring: DateRange & { classification?: string } }>(
    '/portfolios/:portfolio_id/cashflows',
    { schema: listCashflowsSchema },
    async (request) => cashflowsOf(db, request.params.portfolio_id, request.query),
  );
}
