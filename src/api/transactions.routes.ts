import type { FastifyInstance } from 'fastify';
import { listTransactions, type TransactionQuery } from '../app/services/facts.service.ts';
import type { System } from '../app/system.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import { listTransactionsSchema, transactionSchema } from './schemas/transactions.schemas.ts';

export function registerTransactionRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [transactionSchema]);

  app.get<{ Params: { portfolio_id: string }; Querystring: Omit<TransactionQuery, 'portfolio_id'> }>(
    '/portfolios/:portfolio_id/transactions',
    { schema: listTransactionsSchema },
    async (request) =>
      listTransactions(system.db, { ...request.query, portfolio_id: request.params.portfolio_id }),
  );
}
