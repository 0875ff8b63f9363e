import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode, type FieldError } from '../domain/errors.ts';

/** The one place where error codes become HTTP statuses. */
const STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 422,
  NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  BAD_REQUEST: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
};

const TITLE: Record<number, string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
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

/** Maps Fastify's request-validation errors (query strings, params) to our field errors. */
function fieldErrorsOf(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((v) => {
    const params = v.params as { missingProperty?: string; allowedValues?: unknown[] } | undefined;
    const missing = params?.missingProperty;
    const path = v.instancePath.replace(/^\//, '').replaceAll('/', '.');
    // A query or path parameter is named as the client wrote it ('limit'); a body field keeps its context.
    const context = error.validationContext === 'body' ? error.validationContext : undefined;
    const allowed = v.keyword === 'enum' && params?.allowedValues;
    return {
      index: 0,
      field: [context, path || missing].filter(Boolean).join('.'),
      message: missing
        ? 'is required'
        : allowed
          ? `must be one of: ${allowed.join(', ')}`
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
    const errors = fieldErrorsOf(error);
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
