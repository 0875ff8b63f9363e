import type { FastifyInstance } from 'fastify';
import { type ContributionBody, contributionOf } from '../../app/services/contribution.service.ts';
import type { System } from '../../app/system.ts';
import { contributionSchema } from '../schemas/analytics-contribution.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import type { PortfolioParams } from './portfolio-params.ts';

/** POST /portfolios/{id}/contribution (docs/analytics/contribution-attribution.md). */
export function registerContributionRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app);
  const { db } = system;

  app.post<PortfolioParams & { Body: ContributionBody | undefined }>(
    '/portfolios/:portfolio_id/contribution',
    {
      schema: contributionSchema,
      // Every field is optional: a POST without a body is the default report, not a 422.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => contributionOf(db, request.params.portfolio_id, request.body ?? {}),
  );
}
