import type { FastifyInstance } from 'fastify';
import type { System } from '../../app/system.ts';
import type { ApiOptions } from '../server.ts';
import { registerLegacySummaryRoutes } from './legacy-summary.routes.ts';
import { registerOverdraftRoutes } from './overdrafts.routes.ts';
import { registerPortfolioServiceRoutes } from './portfolio-service.routes.ts';

/**
 * The seeds' remaining contracts (issue 16): the original's legacy summary and seed 004's portfolio-service
 * routes. `routes` as in buildApi: writes only on the main port.
 */
export function registerSeedRoutes(app: FastifyInstance, system: System, routes: ApiOptions['routes']) {
  const reads = routes === 'all' || routes === 'query';
  const writes = routes === 'all' || routes === 'ingest';
  if (reads) {
    registerLegacySummaryRoutes(app, system);
    registerOverdraftRoutes(app, system);
  }
  registerPortfolioServiceRoutes(app, system, { reads, writes });
}
