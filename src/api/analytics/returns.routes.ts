import type { FastifyInstance } from 'fastify';
import {
  type DietzBody,
  dietz,
  type IrrBody,
  irrOf,
  type MwrBody,
  mwr,
  type TwrBody,
  twr,
} from '../../app/services/returns.service.ts';
import type { System } from '../../app/system.ts';
import {
  irrSchema,
  modifiedDietzSchema,
  mwrSchema,
  SOLVER_DESCRIPTION,
  twrSchema,
} from '../schemas/analytics-returns.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';

/** The solver's conventions with the schema's prose on the rate solver. */
const withSolverText = <T extends { conventions: object }>(answer: T) => ({
  ...answer,
  conventions: { ...answer.conventions, solver: SOLVER_DESCRIPTION },
});

/** The stateless return endpoints: computed from the request alone (issue 6, item 1). */
export function registerReturnRoutes(app: FastifyInstance, _system: System) {
  addSharedSchemas(app);
  app.post<{ Body: TwrBody }>('/analytics/twr', { schema: twrSchema }, async (request) => twr(request.body));
  app.post<{ Body: DietzBody }>(
    '/analytics/modified-dietz',
    { schema: modifiedDietzSchema },
    async (request) => dietz(request.body),
  );
  app.post<{ Body: MwrBody }>('/analytics/mwr', { schema: mwrSchema }, async (request) =>
    withSolverText(mwr(request.body)),
  );
  app.post<{ Body: IrrBody }>('/analytics/irr', { schema: irrSchema }, async (request) =>
    withSolverText(irrOf(request.body)),
  );
}
