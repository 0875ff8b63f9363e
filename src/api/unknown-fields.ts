import type { FastifyRequest } from 'fastify';
import { validationFailed } from '../domain/errors.ts';

/**
 * For the routes whose body the domain checks instead of Ajv (acceptAnyBody): a top-level field the body schema
 * does not name is refused (422), as Ajv refuses it on the other routes (additionalProperties: false). A typo
 * such as `yeild` would otherwise be ignored and the answer computed from a default.
 */
export function refuseUnknownFields(bodySchema: { properties?: Readonly<Record<string, unknown>> }) {
  const known = new Set(Object.keys(bodySchema.properties ?? {}));
  return async (request: FastifyRequest) => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    const unknown = Object.keys(body).filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw validationFailed(
        'invalid request body',
        unknown.map((field) => ({ index: 0, field, message: 'is not a known field' })),
      );
    }
  };
}
