import type { FastifyRequest } from 'fastify';
import { badRequest } from '../domain/errors.ts';
import type { RequestMeta } from '../engine/ingest-service.ts';
import { portfolioLimitOf } from './security/principal.ts';

/**
 * The validator compiler of the routes whose bodies the domain validates instead of Fastify: it reports every
 * bad record and field at once, which ajv cannot do with aliases, numeric strings and cross-field rules. The
 * body schema still describes the body in the OpenAPI document.
 */
export const acceptAnyBody = () => () => true;

const MAX_IDEMPOTENCY_KEY = 255;

/**
 * What a write request tells the ingest service about itself: its correlation id, idempotency key, and the
 * API key sending it (for the audit) with the portfolios that key may write.
 */
export function requestMeta(request: FastifyRequest): RequestMeta {
  const header = request.headers['x-idempotency-key'];
  const key = (Array.isArray(header) ? header[0] : header)?.trim() || undefined;
  if (key && key.length > MAX_IDEMPOTENCY_KEY) {
    throw badRequest(`X-Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY} characters`);
  }
  return {
    correlationId: String(request.id),
    idempotencyKey: key,
    keyId: request.principal?.keyId,
    portfolios: portfolioLimitOf(request),
  };
}
