import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { runChecks } from '../store/quality/checks.ts';
import type { QualityReport } from '../store/quality/report.ts';
import { dataQualitySchema } from './schemas/data-quality.schemas.ts';

/** GET /data-quality: the checks of `pas check` over the running system's store (both ports: it only reads). */
export function registerDataQualityRoutes(app: FastifyInstance, system: System) {
  app.get(
    '/data-quality',
    { schema: dataQualitySchema },
    async (): Promise<QualityReport> => runChecks(system.db),
  );
}
