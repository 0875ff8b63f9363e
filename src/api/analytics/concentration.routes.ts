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
import type { PortfolioParams } from './portfolio-params.ts';

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
  const { db } = system;

  app.post<PortfolioParams & { Body: ConcentrationBody | undefined }>(
    '/portfolios/:portfolio_id/concentration',
    {
      schema: concentrationSchema,
      // Every part of the request is optional: no body at all means all defaults.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const { metrics, ...body } = request.body ?? {};
      return concentrationOf(db, request.params.portfolio_id, {
        ...body,
        metrics: metrics ?? CONCENTRATION_METRICS,
        limits: { ...CONCENTRATION_LIMIT_DEFAULTS, ...body.options?.limits },
      });
    },
  );
}
