import type { FastifyInstance } from 'fastify';
import { auditPage } from '../app/services/security.service.ts';
import type { System } from '../app/system.ts';
import { type AuditQuery, auditEventSchema, listAuditSchema } from './schemas/audit.schemas.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';

/** GET /audit: the audit trail of writes (admin scope, see security/route-access.ts). */
export function registerAuditRoutes(app: FastifyInstance, system: System): void {
  addSharedSchemas(app, [auditEventSchema]);
  app.get<{ Querystring: AuditQuery }>('/audit', { schema: listAuditSchema }, async (request) =>
    auditPage(system.db, request.query),
  );
}
