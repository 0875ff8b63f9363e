import type { FastifyInstance } from 'fastify';
import { concentrationOf } from '../../app/services/concentration.service.ts';
import type { System } from '../../app/system.ts';
import type { ConcentrationLimits } from '../../domain/analytics/concentration.ts';
import {
  CONCENTRATION_LIMIT_DEFAULTS,
  CONCENTRATION_METRICS,
  concentrationSchema,
} from '../schemas/analytics-portfolio.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { portfolioPost } from './portfolio-route.ts';

type Metric = (typeof CONCENTRATION_METRICS)[number];

interface ConcentrationBody {
  scope?: { as_of_date?: string; reporting_currency?: string };
  metrics?: Metric[];
  options?: {
    lookthrough_enabled?: boolean;
    issuer_top_n?: number;
    bulk_top_n?: number[];
    include_cash?: boolean;
    limits?: Partial<ConcentrationLimits>;
  };
}

/** POST /portfolios/{id}/concentration (the metrics and limits default as the schema documents them). */
export function registerConcentrationRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const withDefaults = (db: System['db'], portfolioId: string, { metrics, ...body }: ConcentrationBody) =>
    concentrationOf(db, portfolioId, {
      ...body,
      metrics: metrics ?? CONCENTRATION_METRICS,
      limits: { ...CONCENTRATION_LIMIT_DEFAULTS, ...body.options?.limits },
    });
  portfolioPost(app, system, 'concentration', concentrationSchema, withDefaults, { optionalBody: true });
}
