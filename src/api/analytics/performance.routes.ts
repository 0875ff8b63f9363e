import type { FastifyInstance } from 'fastify';
import {
  type PerformanceBody,
  type PerformanceMwrBody,
  performanceMwrOf,
  performanceOf,
} from '../../app/services/performance.service.ts';
import type { System } from '../../app/system.ts';
import { mwrSchema, performanceSchema } from '../schemas/analytics-performance.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { portfolioPost } from './portfolio-route.ts';

/** POST /portfolios/{id}/performance and /performance/mwr (docs/analytics/performance.md). */
export function registerPerformanceRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const pivot = system.config.fxPivot;
  portfolioPost(app, system, 'performance', performanceSchema, (db, id, body: PerformanceBody) =>
    performanceOf(db, id, body, pivot),
  );
  portfolioPost(app, system, 'performance/mwr', mwrSchema, (db, id, body: PerformanceMwrBody) =>
    performanceMwrOf(db, id, body, pivot),
  );
}
