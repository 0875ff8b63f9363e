import type { FastifyInstance, RouteOptions } from 'fastify';
import { addSharedSchemas, problemResponse } from './schemas/common.schemas.ts';

/**
 * The problems any route can answer with, whatever its module declares: errors.ts maps them for every route
 * alike, so the OpenAPI document declares them for every route alike (and a client generated from it, or
 * schemathesis, is not surprised by a documented behaviour). A route's own declaration of a status wins: it
 * says more precisely when that status happens.
 */
const EVERY_ROUTE = {
  400: problemResponse(
    'The request cannot be read (BAD_REQUEST, MALFORMED_JSON, …): malformed JSON or multipart, a URL that is ' +
      'not valid UTF-8 or percent-encoding.',
  ),
  422: problemResponse(
    'A parameter or body field is invalid (VALIDATION_FAILED); `errors` names each field (and record) and ' +
      'what is wrong.',
  ),
  500: problemResponse(
    'An unexpected error (INTERNAL_ERROR); quote the correlation_id when reporting it. Never the answer to ' +
      'bad input.',
  ),
} as const;

const WITH_PATH_PARAMETERS = {
  404: problemResponse('The resource named in the path does not exist (NOT_FOUND).'),
} as const;

const STATE_CHANGING = {
  403: problemResponse(
    'A cross-site request (Origin / Sec-Fetch-Site) from an origin not listed in PAS_CORS_ORIGINS.',
  ),
  413: problemResponse(
    'The body is larger than PAS_MAX_BODY_BYTES or holds too many records (PAYLOAD_TOO_LARGE).',
  ),
  415: problemResponse(
    'The body is in a content type or encoding this route does not read (UNSUPPORTED_MEDIA_TYPE).',
  ),
} as const;

const IDEMPOTENT = {
  409: problemResponse(
    'The X-Idempotency-Key was already used on this route with another body (IDEMPOTENCY_CONFLICT).',
  ),
} as const;

const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Schema = NonNullable<RouteOptions['schema']> & {
  hide?: boolean;
  headers?: { properties?: Record<string, unknown> };
  response?: Record<string, unknown>;
};

/** The standard problem responses of one route; exported for the test of the rule itself. */
export function standardResponses(
  route: Pick<RouteOptions, 'method' | 'url' | 'schema'>,
): Record<string, unknown> {
  const methods = [route.method].flat();
  const schema = route.schema as Schema | undefined;
  return {
    ...EVERY_ROUTE,
    ...(route.url.includes(':') ? WITH_PATH_PARAMETERS : {}),
    ...(methods.some((m) => STATE_CHANGING_METHODS.has(m)) ? STATE_CHANGING : {}),
    ...(schema?.headers?.properties?.['x-idempotency-key'] ? IDEMPOTENT : {}),
  };
}

/**
 * Adds the standard problem responses to every route registered after this call. The schema is replaced, not
 * edited, since route modules may share one schema object between routes that differ (a path parameter).
 */
export function declareStandardResponses(app: FastifyInstance): void {
  addSharedSchemas(app);
  app.addHook('onRoute', (route) => {
    const schema = (route.schema ?? {}) as Schema;
    if (schema.hide) return;
    route.schema = { ...schema, response: { ...standardResponses(route), ...schema.response } };
  });
}
