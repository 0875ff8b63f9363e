import type { FastifyInstance } from 'fastify';
import {
  type Static,
  type TArray,
  type TObjectOptions,
  type TOptional,
  type TProperties,
  type TSchema,
  type TString,
  Type,
} from 'typebox';
import { validationFailed } from '../../domain/errors.ts';
import { SUPPORTED_DATE_PATTERN, SUPPORTED_DATES_TEXT } from '../../domain/supported-dates.ts';

// ─── Builders ───────────────────────────────────────────────────────────────────────────────────────────
// Schemas are TypeBox values: one definition gives the JSON Schema (validation, serialization, OpenAPI) and
// the TypeScript type (`Static<typeof X>`). These builders keep the JSON Schema the API has always served.
// Schema modules import them as a namespace beside TypeBox's: `S.text(…)` next to `Type.Integer(…)`.

/** `type: [T, 'null']` (not TypeBox's `anyOf`), so the served schema and every client generator stay as they are. */
export const nullable = <S extends TSchema>(schema: S) =>
  Type.Unsafe<Static<S> | null>({ ...schema, type: [(schema as { type?: unknown }).type, 'null'] });

/** An object keyed by names the data decides (periods, confidences, …), every value of one schema. */
export const mapOf = <S extends TSchema>(values: S, options: object = {}) =>
  Type.Unsafe<Record<string, Static<S>>>({ type: 'object', ...options, additionalProperties: values });

/** The same schema with other annotations (a description that fits the place it is used). */
export const withOptions = <S extends TSchema>(schema: S, options: object) =>
  Type.Unsafe<Static<S>>({ ...schema, ...options });

/** One property per name, each built by `schemaOf` (typed by the names, which Object.fromEntries forgets). */
export const propertiesOf = <const K extends string, S extends TSchema>(
  names: readonly K[],
  schemaOf: (name: K) => S,
) => Object.fromEntries(names.map((n) => [n, schemaOf(n)])) as Record<K, S>;

/** A boolean that is always false (a flag kept for the shape the original had). */
export const alwaysFalse = (description: string) =>
  Type.Unsafe<false>({ type: 'boolean', enum: [false], description });

/**
 * A field the client may leave out and the validator fills in from the schema's `default` (Fastify's Ajv runs
 * with useDefaults): optional in the JSON Schema, present in the handler's type, so no route repeats the default.
 * Only for bodies and query strings Ajv validates (not the routes that take any body and check it in the domain).
 */
export const defaulted = <S extends TSchema>(schema: S): S => Type.Optional(schema) as unknown as S;

/** A string from a fixed list, written `{ type: 'string', enum }` and typed as the list's union. */
export const stringEnum = <const V extends readonly (string | null)[]>(values: V, options: object = {}) =>
  Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...options });

/**
 * How every route of this API writes exact numbers. Booked amounts, quantities, prices and rates are exact
 * decimals (design §2.5): a JSON number would be read as a float64 by most clients and lose digits, so they
 * travel as JSON strings in canonical form.
 */
export const DECIMAL_NOTE =
  'Decimal as a JSON string in canonical form: no exponent, no trailing zeros, exact inside and rounded ' +
  'half-even to at most 10 decimal places on output (e.g. "1234.5", "0.00012", "-10").';

export const decimal = (description: string) =>
  Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', description: `${description} ${DECIMAL_NOTE}` });

export const nullableDecimal = (description: string) => nullable(decimal(description));

export const text = (description: string) => Type.String({ description });

/** An object that refuses fields it does not list (a request body or its parts): a typo is a 422, not ignored. */
export const closed = <P extends TProperties>(properties: P, options: TObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options });

/** An object every field of which may be absent (echoes and details that depend on what was asked). */
export const partialObject = <P extends TProperties>(properties: P, options: TObjectOptions = {}) =>
  Type.Object(
    Object.fromEntries(Object.entries(properties).map(([name, s]) => [name, Type.Optional(s)])) as {
      [K in keyof P]: TOptional<P[K]>;
    },
    options,
  );

/** The conventions echo of an answer: every convention used, defaults filled in. */
export const conventionsUsed = <P extends TProperties>(properties: P) =>
  Type.Object(properties, { description: 'Every convention used, defaults filled in.' });

/** An object of optional prose fields (a conventions echo): each name with the text describing it. */
export const notes = <const R extends Record<string, string>>(texts: R, options: TObjectOptions = {}) =>
  Type.Object(
    Object.fromEntries(Object.entries(texts).map(([name, d]) => [name, Type.Optional(text(d))])) as {
      [K in keyof R]: TOptional<TString>;
    },
    options,
  );

/** Float64 figures (valuations, returns, risk), which travel as JSON numbers (design §2.5). */
export const FLOAT_NOTE = 'A float64 JSON number.';
export const float = (description: string) => Type.Number({ description: `${description} ${FLOAT_NOTE}` });
/** A float64 figure that is null, with its reason in `null_reasons`, when the inputs do not define it. */
export const figure = (description: string) =>
  nullable(
    Type.Number({
      description: `${description} ${FLOAT_NOTE} null when undefined for these inputs; \`null_reasons\` says why.`,
    }),
  );
export const nullableText = (description: string) => nullable(text(description));
export const isoDate = (description: string) => Type.String({ format: 'date', description });
export const nullableIsoDate = (description: string) => nullable(isoDate(description));
export const instant = (description: string) => Type.String({ format: 'date-time', description });
export const nullableInstant = (description: string) => nullable(instant(description));
export const currencyCode = (description: string) =>
  Type.String({ pattern: '^[A-Z]{3}$', description: `${description} ISO 4217, upper case.` });

// ─── Query-string parameters ────────────────────────────────────────────────────────────────────────────

/** Far beyond any table here, and below 2^53: a larger number would be rounded before it could be checked. */
export const MAX_SKIP = 1_000_000_000;

export const skipParam = Type.Integer({
  minimum: 0,
  maximum: MAX_SKIP,
  default: 0,
  description: `Rows to skip before the page starts, 0–${MAX_SKIP}.`,
});

export const limitParam = (max: number, fallback: number) =>
  Type.Integer({
    minimum: 1,
    maximum: max,
    default: fallback,
    description: `Page size, 1–${max} (default ${fallback}).`,
  });

/** The `skip` and `limit` query parameters of a paged list, defaults in the schema. */
export const pageParams = (max: number, fallback: number) => ({
  skip: defaulted(skipParam),
  limit: defaulted(limitParam(max, fallback)),
});

/** The path parameter of every route about one portfolio. */
export const portfolioParams = Type.Object({ portfolio_id: text('Portfolio id.') });

/** The path parameters of every route about one position key (a portfolio's holding of one security). */
export const keyParams = Type.Object({ ...portfolioParams.properties, security_id: text('Security id.') });

/** The paging fields of a page of a list: `total` counts every match. */
const PAGE_FIELDS = { total: Type.Integer(), skip: Type.Integer(), limit: Type.Integer() };

/** One page of a list (an answer): the fields of `head`, the paging fields, then the page's items under `key`. */
export const page = <const K extends string, I extends TSchema, H extends TProperties = Record<never, never>>(
  key: K,
  items: I,
  description: string,
  head = {} as H,
) =>
  Type.Object(
    { ...head, ...PAGE_FIELDS, [key]: Type.Array(items) } as H & typeof PAGE_FIELDS & { [_ in K]: TArray<I> },
    { description },
  );

/** A date a request gives (query parameter or body field): a calendar date inside the supported range. */
export const requestDate = (description: string) =>
  Type.String({
    format: 'date',
    pattern: SUPPORTED_DATE_PATTERN,
    description: `${description} Within ${SUPPORTED_DATES_TEXT}.`,
  });

export const dateParam = (description: string) => requestDate(`${description} (YYYY-MM-DD, inclusive).`);

/** The query parameters of a dated list: its first and last date, each optional (checkDateRange checks the order). */
export const dateRangeParams = {
  start_date: Type.Optional(dateParam('First date')),
  end_date: Type.Optional(dateParam('Last date')),
};

export const currencyParam = (description: string) =>
  Type.String({ pattern: '^[A-Za-z]{3}$', description: `${description}: ISO 4217 code (case-insensitive).` });

/** A start after the end is a mistake the client wants to hear about, not an empty list. */
export function checkDateRange(range: { start_date?: string | undefined; end_date?: string | undefined }) {
  if (range.start_date && range.end_date && range.start_date > range.end_date) {
    throw validationFailed('invalid request querystring', [
      { index: 0, field: 'end_date', message: `must be on or after start_date (${range.start_date})` },
    ]);
  }
}

// ─── Problems ───────────────────────────────────────────────────────────────────────────────────────────

const problemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Machine-readable error code, e.g. VALIDATION_FAILED, NOT_FOUND.' }),
    correlation_id: Type.String({
      description: 'The X-Correlation-ID of the request; quote it when reporting.',
    }),
    errors: Type.Optional(
      Type.Array(Type.Object({ index: Type.Integer(), field: Type.String(), message: Type.String() })),
    ),
  },
  {
    $id: 'Problem',
    description:
      'RFC 9457 problem details (application/problem+json). `errors` lists each invalid field; for query ' +
      'parameters `index` is 0 and `field` is the parameter name.',
    additionalProperties: true,
  },
);

export const problemResponse = (description: string) =>
  ({ description, content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } } }) as const;

/** The 404 of every route about one portfolio. */
export const portfolioNotFound = problemResponse('The portfolio is not known (NOT_FOUND).');

/** The 404 of the routes over a portfolio's transactions, which may arrive before the portfolio itself. */
export const portfolioIdNotFound = problemResponse(
  'Neither a portfolio nor any transaction has this portfolio id (NOT_FOUND).',
);

export const invalidQuery = problemResponse(
  'A query parameter is invalid (VALIDATION_FAILED); `errors` names each parameter and what is wrong.',
);

// ─── Route types ────────────────────────────────────────────────────────────────────────────────────────

type StaticOf<R, K extends string> = R extends { [_ in K]: infer T extends TSchema } ? Static<T> : unknown;

/**
 * The request and answer types of a route, read off its schema (what a TypeBox type provider gives a handler):
 * `app.post<RouteTypes<typeof schema>>(…)` ties the schema to the service, so what the schema validates fits
 * what the service takes, and what the service answers fits the schema's 200.
 */
export type RouteTypes<R> = {
  Params: StaticOf<R, 'params'>;
  Querystring: StaticOf<R, 'querystring'>;
  Body: StaticOf<R, 'body'>;
  Reply: R extends { response: { 200: infer A extends TSchema } } ? Static<A> : unknown;
};

// ─── Shared components ──────────────────────────────────────────────────────────────────────────────────

/** A shared schema (an OpenAPI component): routes refer to it as `{ $ref: '<id>#' }` once addSharedSchemas adds it. */
export const component = <P extends TProperties>(id: string, description: string, properties: P) =>
  Type.Object(properties, { $id: id, description });

const FACT_VERSION = Type.Integer({ description: 'Fact version: 1, plus one per correction.' });

/** A fact as ingested (a component): its fields, then the version every fact carries. */
export const fact = <P extends TProperties>(id: string, description: string, properties: P) =>
  component(id, description, { ...properties, version: FACT_VERSION });

/**
 * Adds shared schemas (OpenAPI components) to the app unless present, so route modules may register in any
 * order. Routes refer to them as `{ $ref: '<$id>#' }`.
 */
export function addSharedSchemas(app: FastifyInstance, schemas: readonly TSchema[] = []) {
  for (const schema of [problemSchema, ...schemas]) {
    if (!app.getSchema((schema as { $id: string }).$id)) app.addSchema(schema);
  }
}
