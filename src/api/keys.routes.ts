import type { FastifyInstance } from 'fastify';
import { createApiKey, revokeKey } from '../app/api-keys.ts';
import { keysOf } from '../app/services/security.service.ts';
import type { System } from '../app/system.ts';
import { addSharedSchemas } from './schemas/common.schemas.ts';
import {
  apiKeySchema,
  createKeySchema,
  listKeysSchema,
  type NewKeyBody,
  revokeKeySchema,
} from './schemas/keys.schemas.ts';
import './security/principal.ts';

/**
 * API keys over HTTP (admin scope, security/route-access.ts), the same operations as `pas keys`: the way to
 * manage keys while an embedded server holds its data directory.
 */
export function registerKeyRoutes(app: FastifyInstance, system: System): void {
  addSharedSchemas(app, [apiKeySchema]);
  const actorOf = (request: { principal: { keyId: string } | undefined; id: string }) => ({
    keyId: request.principal?.keyId ?? null,
    correlationId: String(request.id),
  });

  app.post<{ Body: NewKeyBody }>('/keys', { schema: createKeySchema }, async (request, reply) => {
    const { key, row } = await createApiKey(system.db, request.body, actorOf(request));
    return reply.status(201).send({ key, api_key: row });
  });
  app.get('/keys', { schema: listKeysSchema }, async () => keysOf(system.db));
  app.delete<{ Params: { key_id: string } }>('/keys/:key_id', { schema: revokeKeySchema }, async (request) =>
    revokeKey(system.db, request.params.key_id, actorOf(request)),
  );
}
