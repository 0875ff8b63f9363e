/** A validation problem in one record of a request: which record, which field, what is wrong. */
export interface FieldError {
  /** Position of the record in the request's list (0-based); for CSV uploads, the row number as a spreadsheet shows it (the header is row 1). */
  index: number;
  field: string;
  message: string;
}

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'IDEMPOTENCY_CONFLICT'
  | 'QUARANTINE_NOT_WAITING'
  | 'PAYLOAD_TOO_LARGE'
  | 'BAD_REQUEST'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'SERVICE_UNAVAILABLE'
  | 'MALFORMED_JSON'
  | 'JSON_TOO_DEEP'
  | 'CROSS_SITE_REQUEST'
  | 'METHOD_NOT_ALLOWED'
  | 'UNAUTHENTICATED'
  | 'INSUFFICIENT_SCOPE'
  | 'PORTFOLIO_FORBIDDEN'
  | 'RATE_LIMITED'
  | 'REQUEST_TIMEOUT'
  | 'NOT_EMBEDDED';

/**
 * The one typed exception of the application layer. The API maps its code to an HTTP status in one place
 * (api/errors.ts); the CLI prints its message.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly errors: readonly FieldError[];
  readonly extra: Record<string, unknown>;
  constructor(
    code: ErrorCode,
    message: string,
    errors: readonly FieldError[] = [],
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.code = code;
    this.errors = errors;
    this.extra = extra;
  }
}

export const validationFailed = (message: string, errors: readonly FieldError[]) =>
  new AppError('VALIDATION_FAILED', message, errors);
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const badRequest = (message: string) => new AppError('BAD_REQUEST', message);
