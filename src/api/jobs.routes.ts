import type { FastifyInstance } from 'fastify';
import { jobOf, type ListJobsQuery, listIngestionJobs } from '../app/services/jobs.service.ts';
import type { System } from '../app/system.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import { getJobSchema, ingestionJobSchema, listJobsSchema } from './schemas/jobs.schemas.ts';
import { ownJobsOnlyOf } from './security/principal.ts';

export function registerJobRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [ingestionJobSchema]);

  app.get<{ Params: { job_id: string }; Querystring: { wait: number } }>(
    '/ingestion/jobs/:job_id',
    { schema: getJobSchema },
    async (request) => jobOf(system, request.params.job_id, request.query.wait),
  );

  app.get<{ Querystring: ListJobsQuery }>('/ingestion/jobs', { schema: listJobsSchema }, async (request) =>
    listIngestionJobs(system, request.query, ownJobsOnlyOf(request)),
  );
}
