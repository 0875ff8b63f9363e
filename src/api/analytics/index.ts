import type { FastifyInstance } from 'fastify';
import type { System } from '../../app/system.ts';
import { registerAttributionRoutes } from './attribution.routes.ts';
import { registerBenchmarkRoutes } from './benchmarks.routes.ts';
import { registerBondRoutes } from './bonds.routes.ts';
import { registerConcentrationRoutes } from './concentration.routes.ts';
import { registerContributionRoutes } from './contribution.routes.ts';
import { registerCostBasisRoutes } from './cost-basis.routes.ts';
import { registerPerformanceRoutes } from './performance.routes.ts';
import { registerPnlRoutes } from './pnl.routes.ts';
import { registerPortfolioRiskRoutes } from './portfolio-risk.routes.ts';
import { registerRebalanceRoutes } from './rebalance.routes.ts';
import { registerReturnRoutes } from './returns.routes.ts';
import { registerRiskRoutes } from './risk.routes.ts';

/**
 * The analytics endpoints: stateless ones (computed from the request alone) and per-portfolio ones (computed on
 * demand from the daily series). All are queries, served on both ports.
 */
export function registerAnalyticsRoutes(app: FastifyInstance, system: System) {
  registerRiskRoutes(app, system);
  registerReturnRoutes(app, system);
  registerBondRoutes(app, system);
  registerCostBasisRoutes(app, system);
  registerConcentrationRoutes(app, system);
  registerRebalanceRoutes(app, system);
  registerPnlRoutes(app, system);
  registerBenchmarkRoutes(app, system);
  registerPerformanceRoutes(app, system);
  registerPortfolioRiskRoutes(app, system);
  registerContributionRoutes(app, system);
  registerAttributionRoutes(app, system);
}
