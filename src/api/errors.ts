import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type FieldError } from '../domain/errors.ts';
import { SUPPORTED_DATE_PATTERN, SUPPORTED_DATES_TEXT } from '../domain/supported-dates.ts';

/** The one place where error codes become HTTP statuses. */
const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 422,
  NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  QUARANTINE_NOT_WAITING: 409,
  PAYLOAD_TOO_LARGE: 413,
  BAD_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
  MALFORMED_JSON: 400,
  JSON_TOO_DEEP: 400,
  CROSS_SITE_REQUEST: 403,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHENTICATED: 401,
  INSUFFICIENT_SCOPE: 403,
  PORTFOLIO_FORBIDDEN: 403,
  RATE_LIMITED: 429,
  REQUEST_TIMEOUT: 503,
  NOT_EMBEDDED: 409,
};

const TITLE: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  correlation_id: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export function correlationIdOf(request: FastifyRequest): string {
  return String(request.id);
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: readonly FieldError[],
  extra: Record<string, unknown> = {},
) {
  const body: Problem = {
    type: 'about:blank',
    title: TITLE[status] ?? 'Error',
    status,
    detail,
    code,
    correlation_id: correlationIdOf(request),
    ...(errors ? { errors: [...errors] } : {}),
    ...extra,
  };
  return reply.status(status).type('application/problem+json').send(body);
}

type AjvParams =
  | { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[]; pattern?: string }
  | undefined;

const OUTSIDE_SUPPORTED_DATES = `must be a date within the supported range ${SUPPORTED_DATES_TEXT}`;

/** What Fastify validated in each context, so a path segment can be told apart as an array index or a key. */
function validatedData(request: FastifyRequest, context: string | undefined): unknown {
  switch (context) {
    case 'body':
      return request.body;
    case 'querystring':
      return request.query;
    case 'params':
      return request.params;
    case 'headers':
      return request.headers;
  }
  return undefined;
}

/**
 * A field named the way the domain validators name it: `rows[0].fees`, `benchmark.by_date[0].date`,
 * `options.var.confidence`. A segment is an array index when the request holds an array there (a key made of
 * digits in an object stays a key); without the data, an all-digit segment is taken as an index.
 */
function fieldOf(segments: readonly string[], data: unknown): { field: string; index: number | undefined } {
  let field = '';
  let index: number | undefined;
  let node = data;
  for (const segment of segments) {
    const isIndex = Array.isArray(node) || (node === undefined && /^\d+$/.test(segment));
    if (isIndex) {
      field += `[${segment}]`;
      index ??= Number(segment);
    } else {
      field += field ? `.${segment}` : segment;
    }
    node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return { field, index };
}

/** Ajv's instancePath is a JSON pointer ('/rows/0/fees', '~1' for '/', '~0' for '~'). */
const segmentsOf = (instancePath: string): string[] =>
  instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));

/**
 * Maps Fastify's schema-validation errors (body, query string, path) to our field errors, named as the domain
 * names them: no context prefix, array indices in brackets, `index` the record's position (the first array index
 * in the path, else 0). A missing or unknown property names that property, not its parent object.
 */
function fieldErrorsOf(error: FastifyError, request: FastifyRequest): FieldError[] {
  const data = validatedData(request, error.validationContext);
  const all = error.validation ?? [];
  // A text that is no date at all fails the range pattern too; its format error says enough.
  const notADate = new Set(all.filter((v) => v.keyword === 'format').map((v) => v.instancePath));
  const outsideDates = (v: (typeof all)[number]) =>
    v.keyword === 'pattern' && (v.params as AjvParams)?.pattern === SUPPORTED_DATE_PATTERN;
  return all
    .filter((v) => !(outsideDates(v) && notADate.has(v.instancePath)))
    .map((v) => {
      const params = v.params as AjvParams;
      const missing = params?.missingProperty;
      const unknown = v.keyword === 'additionalProperties' ? params?.additionalProperty : undefined;
      const named = missing ?? unknown;
      const { field, index } = fieldOf([...segmentsOf(v.instancePath), ...(named ? [named] : [])], data);
      const allowed = v.keyword === 'enum' && params?.allowedValues;
      return {
        index: index ?? 0,
        // A problem with the whole body (not an object, no branch of a oneOf matched) names the body itself.
        field: field || (error.validationContext ?? 'request'),
        message: missing
          ? 'is required'
          : unknown
            ? 'is not a known field'
            : allowed
              ? `must be one of: ${allowed.join(', ')}`
              : outsideDates(v)
                ? OUTSIDE_SUPPORTED_DATES
                : (v.message ?? 'is invalid'),
      };
    });
}

export function errorHandler(error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return sendProblem(
      request,
      reply,
      STATUS[error.code],
      error.code,
      error.message,
      error.errors.length ? error.errors : undefined,
      error.extra,
    );
  }
  if (error.validation) {
    const errors = fieldErrorsOf(error, request);
    return sendProblem(
      request,
      reply,
      422,
      'VALIDATION_FAILED',
      `invalid request ${error.validationContext ?? ''}`.trim(),
      errors,
    );
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return sendProblem(
        request,
        reply,
        413,
        'PAYLOAD_TOO_LARGE',
        `request body is larger than the limit of ${request.routeOptions.bodyLimit ?? 'the configured'} bytes (PAS_MAX_BODY_BYTES); split it into smaller batches`,
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return sendProblem(request, reply, 415, 'UNSUPPORTED_MEDIA_TYPE', error.message);
    case 'FST_ERR_HANDLER_TIMEOUT':
      return sendProblem(
        request,
        reply,
        STATUS.REQUEST_TIMEOUT,
        'REQUEST_TIMEOUT',
        `the request took longer than ${request.routeOptions.handlerTimeout} ms (PAS_ANALYTICS_TIMEOUT_MS); ask for a shorter period or fewer figures`,
      );
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return sendProblem(request, reply, error.statusCode, error.code ?? 'BAD_REQUEST', error.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return sendProblem(
    request,
    reply,
    500,
    'INTERNAL_ERROR',
    'an unexpected error occurred; quote the correlation id when reporting it',
  );
}

/**
 * Errors Fastify raises before routing (a path that is not valid percent-encoded UTF-8, an over-long path
 * parameter) answered as problems like every other error.
 */
export function frameworkProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 400;
  return sendProblem(request, reply, status, status === 414 ? 'URI_TOO_LONG' : 'BAD_REQUEST', error.message);
}
