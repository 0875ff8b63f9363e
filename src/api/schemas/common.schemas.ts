import type { FastifyInstance } from 'fastify';
import { validationFailed } from '../../domain/errors.ts';
import { SUPPORTED_DATE_PATTERN, SUPPORTED_DATES_TEXT } from '../../domain/supported-dates.ts';

/**
 * How every route of this API writes exact numbers. Booked amounts, quantities, prices and rates are exact
 * decimals (design §2.5): a JSON number would be read as a float64 by most clients and lose digits, so they
 * travel as JSON strings in canonical form.
 */
export const DECIMAL_NOTE =
  'Decimal as a JSON string in canonical form: no exponent, no trailing zeros, exact inside and rounded ' +
  'half-even to at most 10 decimal places on output (e.g. "1234.5", "0.00012", "-10").';

export const decimal = (description: string) =>
  ({ type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: `${description} ${DECIMAL_NOTE}` }) as const;

export const nullableDecimal = (description: string) =>
  ({
    type: ['string', 'null'],
    pattern: '^-?\\d+(\\.\\d+)?$',
    description: `${description} ${DECIMAL_NOTE}`,
  }) as const;

export const text = (description: string) => ({ type: 'string', description }) as const;
export const nullableText = (description: string) => ({ type: ['string', 'null'], description }) as const;
export const isoDate = (description: string) => ({ type: 'string', format: 'date', description }) as const;
export const nullableIsoDate = (description: string) =>
  ({ type: ['string', 'null'], format: 'date', description }) as const;
export const instant = (description: string) =>
  ({ type: 'string', format: 'date-time', description }) as const;
export const nullableInstant = (description: string) =>
  ({ type: ['string', 'null'], format: 'date-time', description }) as const;
export const currencyCode = (description: string) =>
  ({ type: 'string', pattern: '^[A-Z]{3}$', description: `${description} ISO 4217, upper case.` }) as const;

// ─── Query-string parameters ────────────────────────────────────────────────────────────────────────────

/** Far beyond any table here, and below 2^53: a larger number would be rounded before it could be checked. */
export const MAX_SKIP = 1_000_000_000;

export const skipParam = {
  type: 'integer',
  minimum: 0,
  maximum: MAX_SKIP,
  default: 0,
  description: `Rows to skip before the page starts, 0–${MAX_SKIP}.`,
} as const;

export const limitParam = (max: number, fallback: number) =>
  ({
    type: 'integer',
    minimum: 1,
    maximum: max,
    default: fallback,
    description: `Page size, 1–${max} (default ${fallback}).`,
  }) as const;

/** A date a request gives (query parameter or body field): a calendar date inside the supported range. */
export const requestDate = (description: string) =>
  ({
    type: 'string',
    format: 'date',
    pattern: SUPPORTED_DATE_PATTERN,
    description: `${description} Within ${SUPPORTED_DATES_TEXT}.`,
  }) as const;

export const dateParam = (description: string) => requestDate(`${description} (YYYY-MM-DD, inclusive).`);

export const currencyParam = (description: string) =>
  ({
    type: 'string',
    pattern: '^[A-Za-z]{3}$',
    description: `${description}: ISO 4217 code (case-insensitive).`,
  }) as const;

/** A start after the end is a mistake the client wants to hear about, not an empty list. */
export function checkDateRange(range: { start_date?: string | undefined; end_date?: string | undefined }) {
  if (range.start_date && range.end_date && range.start_date > range.end_date) {
    throw validationFailed('invalid request querystring', [
      { index: 0, field: 'end_date', message: `must be on or after start_date (${range.start_date})` },
    ]);
  }
}

// ─── Problems ───────────────────────────────────────────────────────────────────────────────────────────

const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description:
    'RFC 9457 problem details (application/problem+json). `errors` lists each invalid field; for query ' +
    'parameters `index` is 0 and `field` is the parameter name.',
  required: ['type', 'title', 'status', 'detail', 'code', 'correlation_id'],
  additionalProperties: true,
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Machine-readable error code, e.g. VALIDATION_FAILED, NOT_FOUND.' },
    correlation_id: {
      type: 'string',
      description: 'The X-Correlation-ID of the request; quote it when reporting.',
    },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'field', 'message'],
        properties: {
          index: { type: 'integer' },
          field: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

export const problemResponse = (description: string) =>
  ({ description, content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } }) as const;

export const invalidQuery = problemResponse(
  'A query parameter is invalid (VALIDATION_FAILED); `errors` names each parameter and what is wrong.',
);

// ─── Shared components ──────────────────────────────────────────────────────────────────────────────────

/**
 * Adds shared schemas (OpenAPI components) to the app unless present, so route modules may register in any
 * order. Routes refer to them as `{ $ref: '<$id>#' }`.
 */
export function addSharedSchemas(app: FastifyInstance, schemas: ReadonlyArray<{ $id: string }> = []) {
  for (const schema of [problemSchema, ...schemas]) {
    if (!app.getSchema(schema.$id)) app.addSchema(schema);
  }
}
