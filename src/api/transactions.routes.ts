import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { notFound } from '../domain/errors.ts';
import { portfolioIsKnown } from '../store/queries/portfolios.queries.ts';
import { findTransactions, type TransactionQuery } from '../store/queries/transactions.queries.ts';
import { addSharedSchemas, checkDateRange } from './schemas/common.schemas.ts';
import { listTransactionsSchema, transactionSchema } from './schemas/transactions.schemas.ts';

export function registerTransactionRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [transactionSchema]);

  app.get<{ Params: { portfolio_id: string }; Querystring: Omit<TransactionQuery, 'portfolio_id'> }>(
    '/portfolios/:portfolio_id/transactions',
    { schema: listTransactionsSchema },
    async (request) => {
      const { portfolio_id } = request.params;
      const query = { ...request.query, portfolio_id };
      checkDateRange(query);
      const page = await findTransactions(system.db, query);
      if (page.total === 0 && !(await portfolioIsKnown(system.db, portfolio_id))) {
        throw notFound(`portfolio ${portfolio_id} not found`);
      }
      return {
        portfolio_id,
        total: page.total,
        skip: query.skip,
        limit: query.limit,
        transactions: page.transactions,
      };
    },
  );
}
