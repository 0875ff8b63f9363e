import type { FastifyInstance } from 'fastify';
import { dataQualityReport } from '../app/services/data-quality.service.ts';
import type { System } from '../app/system.ts';
import { dataQualitySchema } from './schemas/data-quality.schemas.ts';

/** GET /data-quality: the checks of `pas check` over the running system's store (it only reads). */
export function registerDataQualityRoutes(app: FastifyInstance, system: System) {
  app.get('/data-quality', { schema: dataQualitySchema }, () => dataQualityReport(system));
}
