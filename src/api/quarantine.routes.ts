import type { FastifyInstance } from 'fastify';
import { listQuarantined, type QuarantineQuery, quarantinedOf } from '../app/services/quarantine.service.ts';
import type { System } from '../app/system.ts';
import { IngestService } from '../engine/ingest-service.ts';
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
    async (request) => listQuarantined(db, request.query),
  );

  app.get<{ Params: { id: number } }>('/quarantine/:id', { schema: getQuarantinedSchema }, async (request) =>
    quarantinedOf(db, request.params.id),
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
