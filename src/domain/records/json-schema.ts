import { SUPPORTED_DATE_PATTERN, SUPPORTED_DATES_TEXT } from '../supported-dates.ts';
import { camelCase, spellingsOf } from './aliases.ts';
import type { Bound, FieldSpec } from './fields.ts';
import { BUNDLE_ORDER, type EntitySpec, SPECS, specOf } from './specs.ts';
import type { EntityType } from './types.ts';

/**
 * JSON Schemas of the ingest bodies, generated from the spec tables, for the OpenAPI document. They describe;
 * they do not validate: the API hands bodies to validate.ts, which reports every error at once.
 */
export type JsonSchema = Record<string, unknown>;

/** parseInstant's grammar, with the ranges of month, day, hour, minute, second and offset spelled out. */
const INSTANT_PATTERN =
  '^\\s*\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])' +
  '([Tt ]([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d([.,]\\d+)?)?\\s*([Zz]|[+-]([01]\\d|2[0-3])(:?[0-5]\\d)?)?)?\\s*$';

/** A body may name a list by any of its spellings (`market_prices`, `marketPrices`, an alias). */
const namesOf = (entity: EntityType): string[] =>
  spellingsOf(specOf(entity).list, specOf(entity).listAliases ?? []);

/** What the validator requires of a body of optional lists: one of them, under any spelling, not empty. */
const oneListNotEmpty = (entities: readonly EntityType[]): JsonSchema[] =>
  entities
    .flatMap(namesOf)
    .map((name) => ({ required: [name], properties: { [name]: { type: 'array', minItems: 1 } } }));

/** The other spellings of a list (`marketPrices`), not described again: lists of records, or null. */
const OTHER_SPELLING = { type: ['array', 'null'], items: { type: 'object' } };

/** A blank string, which the validator reads as absent. */
const BLANK: JsonSchema = { type: 'string', pattern: '^\\s*$' };

const KIND_SCHEMA: Record<FieldSpec<unknown>['kind'], JsonSchema> = {
  // Not blank: the validator trims before it checks.
  text: { type: 'string', pattern: '\\S' },
  decimal: {
    type: ['number', 'string'],
    pattern: '^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$',
    description: 'Decimal, as a JSON number or a numeric string (send strings for exact values).',
  },
  date: {
    type: 'string',
    format: 'date',
    pattern: SUPPORTED_DATE_PATTERN,
    description: `Calendar date 'YYYY-MM-DD', within ${SUPPORTED_DATES_TEXT}.`,
  },
  instant: {
    type: 'string',
    pattern: INSTANT_PATTERN,
    description:
      "A date 'YYYY-MM-DD' or an ISO-8601 datetime; without an offset it is UTC. Stored as UTC, which must " +
      `lie within ${SUPPORTED_DATES_TEXT}.`,
  },
  currency: {
    type: 'string',
    pattern: '^[A-Za-z]{3}$',
    description: 'An active ISO 4217 code (list one; `ZZZ` is refused); upper-cased.',
  },
  boolean: { type: ['boolean', 'string'], description: 'true or false (also "true"/"false" strings).' },
  enum: { type: 'string' },
};

/**
 * A decimal's bound and magnitude (parseDecimal refuses exponents beyond ±100), as a number or as a string.
 * The string patterns leave out what the bound refuses: a sign, an all-zero mantissa.
 */
const BOUND_SCHEMA: Record<Bound | 'none', JsonSchema> = {
  none: { exclusiveMinimum: -1e101, exclusiveMaximum: 1e101 },
  nonNegative: {
    minimum: 0,
    exclusiveMaximum: 1e101,
    pattern: '^[+]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$',
  },
  positive: {
    exclusiveMinimum: 0,
    exclusiveMaximum: 1e101,
    pattern: '^[+]?(\\d*[1-9]\\d*\\.?\\d*|\\d*\\.\\d*[1-9]\\d*)([eE][+-]?\\d+)?$',
  },
};

function fieldSchema(name: string, field: FieldSpec<unknown>): JsonSchema {
  const base = KIND_SCHEMA[field.kind];
  const notes: string[] = [];
  if (typeof base.description === 'string') notes.push(base.description);
  if (field.bound === 'positive') notes.push('Must be greater than 0.');
  if (field.bound === 'nonNegative') notes.push('Must not be negative.');
  if (field.values) notes.push('Case-insensitive.');
  const spellings = [camelCase(name), ...field.aliases.flatMap((a) => [a, camelCase(a)])].filter(
    (s) => s !== name,
  );
  if (spellings.length > 0) notes.push(`Also accepted as ${[...new Set(spellings)].join(', ')}.`);
  const { description: _, ...shape } = base;
  const value: JsonSchema = {
    ...shape,
    ...(field.kind === 'decimal' ? BOUND_SCHEMA[field.bound ?? 'none'] : {}),
    ...(field.values ? { enum: [...field.values] } : {}),
  };
  const documented = {
    ...(field.fallback !== undefined && field.fallback !== null ? { default: field.fallback } : {}),
    ...(notes.length > 0 ? { description: notes.join(' ') } : {}),
  };
  if (field.required) return { ...value, ...documented };
  // The validator reads an optional field that is null or blank as absent (a CSV's empty cell, too).
  notes.push('null or blank: as if absent.');
  return { anyOf: [value, { type: 'null' }, BLANK], ...documented, description: notes.join(' ') };
}

export function recordSchema<T>(spec: EntitySpec<T>): JsonSchema {
  const fields = Object.entries(spec.fields as Record<string, FieldSpec<unknown>>);
  return {
    type: 'object',
    description: `A ${spec.entity} record. Unknown fields are ignored. Business key: ${spec.key.join(', ')}.`,
    properties: Object.fromEntries(fields.map(([name, f]) => [name, fieldSchema(name, f)])),
    required: fields.filter(([, f]) => f.required).map(([name]) => name),
    additionalProperties: true,
  };
}

export function listBodySchema<T>(spec: EntitySpec<T>): JsonSchema {
  return {
    type: 'object',
    required: [spec.list],
    propertyNames: { enum: namesOf(spec.entity) },
    additionalProperties: { type: 'array', items: { type: 'object' } },
    properties: {
      [spec.list]: {
        type: 'array',
        items: recordSchema(spec),
        ...(spec.entity === 'business_date' ? { minItems: 1 } : {}),
      },
    },
  };
}

/** A body of several optional lists, one per entity, at least one of them non-empty. */
export function listsBodySchema(entities: readonly EntityType[], description: string): JsonSchema {
  return {
    type: 'object',
    description,
    propertyNames: { enum: entities.flatMap(namesOf) },
    additionalProperties: OTHER_SPELLING,
    anyOf: oneListNotEmpty(entities),
    properties: Object.fromEntries(
      entities.map((e) => {
        const spec = specOf(e);
        const aliases = spec.listAliases ?? [];
        return [
          spec.list,
          {
            type: 'array',
            items: recordSchema(spec),
            ...(aliases.length > 0 ? { description: `Also accepted as ${aliases.join(', ')}.` } : {}),
          },
        ];
      }),
    ),
  };
}

export function bundleBodySchema(): JsonSchema {
  return {
    type: 'object',
    description:
      'Several entities in one request and one job. At least one list must be non-empty. mode REPLACE is ' +
      'accepted for compatibility and behaves exactly like UPSERT: nothing absent from the bundle is deleted.',
    propertyNames: { enum: ['source_system', 'mode', ...BUNDLE_ORDER.flatMap(namesOf)] },
    additionalProperties: OTHER_SPELLING,
    anyOf: oneListNotEmpty(BUNDLE_ORDER),
    properties: {
      source_system: { type: ['string', 'null'], pattern: '\\S' },
      mode: { type: 'string', enum: ['UPSERT', 'REPLACE'], default: 'UPSERT' },
      ...Object.fromEntries(
        BUNDLE_ORDER.map((e) => [SPECS[e].list, { type: 'array', items: recordSchema(specOf(e)) }]),
      ),
    },
  };
}

export const reprocessBodySchema = (): JsonSchema => ({
  type: 'object',
  required: ['transaction_ids'],
  propertyNames: { enum: spellingsOf('transaction_ids', []) },
  properties: {
    transaction_ids: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', pattern: '\\S' },
    },
  },
});
