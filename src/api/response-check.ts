import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Fastify's serializer writes only the fields a response schema lists: a field the code returns and the schema
 * forgot vanishes from the answer without a word. With this check on (the test suite turns it on through
 * PAS_CHECK_RESPONSES=1, see vitest.config.ts), every JSON answer is validated against its route's schema for
 * its status, with every object closed (`additionalProperties: false` unless the schema says otherwise), so a
 * forgotten field is a 500 naming it instead of a silent loss.
 */

type Validate = ((data: unknown) => boolean) & {
  errors?: Array<{ instancePath: string; message?: string; params?: unknown }> | null;
};
type CompilerFactory = (
  externalSchemas: unknown,
  options?: { customOptions?: Record<string, unknown> },
) => (route: { schema: unknown; method: string; url: string; httpPart: string }) => Validate;

const ajvCompilers = AjvCompiler() as unknown as CompilerFactory;

export class ResponseShapeError extends Error {}

/** The schema with every object that lists its properties closed to others. */
export function closedSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closedSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` and `examples` hold names and data, not schemas to close; their values are schemas though.
    copy[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closedSchema(v)]))
        : closedSchema(value);
  }
  if ('properties' in copy && !('additionalProperties' in copy)) copy.additionalProperties = false;
  return copy;
}

/** The schema a route declares for a status: exact code, then `2xx`-style, then `default`. */
function declaredSchema(responses: Record<string, unknown>, status: number, contentType: string): unknown {
  const declared = responses[status] ?? responses[`${String(status)[0]}xx`] ?? responses.default;
  if (declared === undefined || declared === null || typeof declared !== 'object') return undefined;
  const content = (declared as { content?: Record<string, { schema?: unknown }> }).content;
  if (content === undefined) return declared;
  const type = contentType.split(';')[0]!.trim();
  return content[type]?.schema;
}

export function registerResponseCheck(app: FastifyInstance): void {
  const validators = new WeakMap<object, Map<string, Validate | null>>();
  let compile: ReturnType<CompilerFactory> | undefined;
  const validatorOf = (request: FastifyRequest, reply: FastifyReply): Validate | null => {
    const responses = request.routeOptions.schema?.response as Record<string, unknown> | undefined;
    if (responses === undefined) return null;
    const contentType = String(reply.getHeader('content-type') ?? 'application/json');
    let byStatus = validators.get(responses);
    if (byStatus === undefined) {
      byStatus = new Map();
      validators.set(responses, byStatus);
    }
    const key = `${reply.statusCode} ${contentType}`;
    if (!byStatus.has(key)) {
      const schema = declaredSchema(responses, reply.statusCode, contentType);
      compile ??= ajvCompilers(app.getSchemas(), {
        customOptions: { coerceTypes: false, allErrors: true, removeAdditional: false, useDefaults: false },
      });
      byStatus.set(
        key,
        schema === undefined
          ? null
          : compile({
              schema: closedSchema(schema),
              method: request.method,
              url: request.routeOptions.url ?? request.url,
              httpPart: 'body',
            }),
      );
    }
    return byStatus.get(key) ?? null;
  };

  app.addHook('preSerialization', async (request, reply, payload) => {
    if (payload === null || typeof payload !== 'object' || Buffer.isBuffer(payload)) return payload;
    const validate = validatorOf(request, reply);
    // The answer as the serializer would write it (no undefined fields, dates as strings).
    if (validate === null || validate(JSON.parse(JSON.stringify(payload)))) return payload;
    const problems = (validate.errors ?? [])
      .map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`)
      .join('; ');
    const message = `${request.method} ${request.routeOptions.url} ${reply.statusCode}: the answer does not match its schema: ${problems}`;
    process.stderr.write(`${message}\n`);
    throw new ResponseShapeError(message);
  });
}
