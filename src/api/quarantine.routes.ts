import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { notFound } from '../domain/errors.ts';
import { IngestService } from '../engine/ingest-service.ts';
import {
  findQuarantined,
  findQuarantinedById,
  type QuarantineQuery,
} from '../store/queries/quarantine.queries.ts';
import { requestMeta } from './ingest-request.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import {
  getQuarantinedSchema,
  listQuarantineSchema,
  quarantinedRecordSchema,
  retryQuarantinedSchema,
} from './schemas/quarantine.schemas.ts';

/** Records the stages could not process (poison-record isolation): the listing on every port, retry on the main one. */
export function registerQuarantineRoutes(app: FastifyInstance, system: System, routes: 'all' | 'query') {
  addSharedSchemas(app, [quarantinedRecordSchema]);
  const { db } = system;

  app.get<{ Querystring: QuarantineQuery }>(
    '/quarantine',
    { schema: listQuarantineSchema },
    async (request) => {
      const q = request.query;
      const page = await findQuarantined(db, q);
      return { total: page.total, skip: q.skip, limit: q.limit, items: page.items };
    },
  );

  app.get<{ Params: { id: number } }>(
    '/quarantine/:id',
    { schema: getQuarantinedSchema },
    async (request) => {
      const row = await findQuarantinedById(db, request.params.id);
      if (!row) throw notFound(`QUARANTINED_RECORD_NOT_FOUND: no quarantined record ${request.params.id}`);
      return row;
    },
  );

  if (routes !== 'all') return;
  const service = new IngestService(system);
  app.post<{ Params: { id: number } }>(
    '/quarantine/:id/retry',
    { schema: retryQuarantinedSchema },
    async (request, reply) =>
      reply.status(202).send(await service.retryQuarantined(request.params.id, requestMeta(request))),
  );
}
