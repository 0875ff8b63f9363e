import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { registerInstrumentRoutes } from './instruments.routes.ts';
import { registerLineageRoutes } from './lineage.routes.ts';
import { registerMarketDataRoutes } from './market-data.routes.ts';
import { registerPortfolioRoutes } from './portfolios.routes.ts';
import { registerPositionRoutes } from './positions.routes.ts';
import { registerSeriesRoutes } from './series.routes.ts';
import { registerTransactionRoutes } from './transactions.routes.ts';

/**
 * The queries of the original's query service (seed-system.md §6), one module per resource: the facts and
 * what the position engine derives from them.
 */
export function registerFactRoutes(app: FastifyInstance, system: System) {
  registerPortfolioRoutes(app, system);
  registerInstrumentRoutes(app, system);
  registerMarketDataRoutes(app, system);
  registerTransactionRoutes(app, system);
  registerPositionRoutes(app, system);
  registerSeriesRoutes(app, system);
  registerLineageRoutes(app, system);
}
