import { spellingsOf } from './aliases.ts';
import { oneOf, optional, text, withDefault } from './fields.ts';
import {
  BUNDLE_ORDER,
  type EntityRecord,
  type EntitySpec,
  entityOfList,
  specOf,
  type ValidationContext,
} from './specs.ts';
import type { EntityRecords, EntityType } from './types.ts';
import {
  type BatchResult,
  batchValidator,
  isPlainObject,
  type RecordError,
  validateBatch,
  validateRecord,
} from './validate.ts';

/**
 * The request bodies of the ingest API, as the original accepted them: `{portfolios: [...]}` and the like, a
 * single transaction, the portfolio bundle and the reprocessing request. Each parser returns the normalised
 * records or every problem found; nothing here knows HTTP.
 */

export type Outcome<T> = { ok: true; value: T } | { ok: false; errors: RecordError[] };

/** Errors about the body as a whole (not one record) name this field. */
export const BODY = '(body)';

const bodyError = (message: string, field = BODY): RecordError => ({ index: 0, field, message });

/** The list under its snake_case or camelCase name (`market_prices`, `marketPrices`), or an alias of it. */
function listOf(body: Record<string, unknown>, list: string, aliases: readonly string[] = []): unknown {
  for (const name of spellingsOf(list, aliases)) if (Object.hasOwn(body, name)) return body[name];
  return undefined;
}

/** Every spelling of a list's name a body may use for it. */
const listNames = (entity: EntityType): string[] =>
  spellingsOf(specOf(entity).list, specOf(entity).listAliases ?? []);

/**
 * A top-level field the body may not hold: a typo (`portfolio` for `portfolios`) would otherwise be a silently
 * empty request, or a list silently not ingested.
 */
function unknownFields(body: Record<string, unknown>, known: readonly string[]): RecordError[] {
  return Object.keys(body)
    .filter((name) => !known.includes(name))
    .map((name) => bodyError('is not a known field', name));
}

/** How many records a body holds, before any validation: for the size limit. */
export function countRecords(body: unknown, lists: readonly string[]): number {
  if (!isPlainObject(body)) return 0;
  return lists.reduce((n, list) => {
    const value = listOf(body, list, aliasesOfList(list));
    return n + (Array.isArray(value) ? value.length : 0);
  }, 0);
}

/** The other names of a list, when an entity has it as its list name. */
function aliasesOfList(list: string): readonly string[] {
  const entity = entityOfList(list);
  return entity ? (specOf(entity).listAliases ?? []) : [];
}

/** Record-level errors ('' field) name the list they sit in. */
const inList = (list: string, errors: readonly RecordError[]): RecordError[] =>
  errors.map((e) => ({ ...e, field: e.field === '' ? list : e.field }));

/** The list of a `{<list>: [records]}` body and its unknown top-level fields, or what is wrong with the body. */
function listBodyOf<T>(
  spec: EntitySpec<T>,
  body: unknown,
): Outcome<{ list: readonly unknown[]; unknown: RecordError[] }> {
  if (!isPlainObject(body))
    return { ok: false, errors: [bodyError(`must be a JSON object {"${spec.list}": [...]}`)] };
  const unknown = unknownFields(body, spellingsOf(spec.list, spec.listAliases ?? []));
  const refused = (errors: RecordError[]) => ({ ok: false as const, errors: [...errors, ...unknown] });
  const list = listOf(body, spec.list, spec.listAliases);
  if (!Array.isArray(list))
    return refused([bodyError(`is required: a list of ${spec.entity} records`, spec.list)]);
  if (list.length === 0 && spec.entity === 'business_date') {
    return refused([bodyError('must contain at least one business date', spec.list)]);
  }
  return { ok: true, value: { list, unknown } };
}

const outcomeOf = <T>(
  spec: EntitySpec<T>,
  result: BatchResult<T>,
  unknown: readonly RecordError[],
): Outcome<T[]> =>
  result.errors.length > 0 || unknown.length > 0
    ? { ok: false, errors: [...inList(spec.list, result.errors), ...unknown] }
    : { ok: true, value: result.records as T[] };

/** `{<list>: [records]}`. Business dates refuse an empty list, as the original did. */
export function parseListBody<T>(spec: EntitySpec<T>, body: unknown, ctx: ValidationContext): Outcome<T[]> {
  const parsed = listBodyOf(spec, body);
  if (!parsed.ok) return parsed;
  return outcomeOf(spec, validateBatch(spec, parsed.value.list, ctx), parsed.value.unknown);
}

/**
 * parseListBody, awaiting `pause()` after every `slice` records: the same outcome, but a list of 50,000
 * records is not validated in one synchronous run (the caller's pause lets its event loop serve others).
 */
export async function parseListBodyInSlices<T>(
  spec: EntitySpec<T>,
  body: unknown,
  ctx: ValidationContext,
  pause: () => Promise<unknown>,
  slice = 2_000,
  onValid?: (records: T[]) => void,
): Promise<Outcome<T[]>> {
  const parsed = listBodyOf(spec, body);
  if (!parsed.ok) return parsed;
  const { list, unknown } = parsed.value;
  const batch = batchValidator(spec, ctx);
  // onValid sees each slice once validated, as long as no record so far was refused: the outcome says the rest.
  let valid = unknown.length === 0;
  const hand = (from: number, to: number) => {
    if (!valid || !onValid) return;
    // A refused record always comes with an error: none so far, every record so far is there.
    const { records, errors } = batch.result();
    valid = errors.length === 0;
    if (valid) onValid(records.slice(from, to) as T[]);
  };
  for (let i = 0; i < list.length; i++) {
    batch.add(list[i]);
    if (i % slice === slice - 1) {
      hand(i + 1 - slice, i + 1);
      await pause();
    }
  }
  if (list.length % slice !== 0) hand(list.length - (list.length % slice), list.length);
  return outcomeOf(spec, batch.result(), unknown);
}

/** A single record as the whole body (POST /ingest/transaction); errors have index 0. */
export function parseSingleBody<T>(spec: EntitySpec<T>, body: unknown, ctx: ValidationContext): Outcome<T> {
  if (!isPlainObject(body))
    return { ok: false, errors: [bodyError(`must be a JSON object: one ${spec.entity}`)] };
  const { record, errors } = validateRecord(spec, body, ctx, 0);
  return record ? { ok: true, value: record } : { ok: false, errors };
}

export type BundleLists = { [E in EntityType]: EntityRecords[E][] };

export interface Bundle {
  source_system: string | null;
  /** REPLACE is accepted for compatibility and behaves as UPSERT, as in the original. */
  mode: 'UPSERT' | 'REPLACE';
  lists: BundleLists;
}

const MODE = withDefault(oneOf(['UPSERT', 'REPLACE'] as const), 'UPSERT');
const SOURCE_SYSTEM = optional(text());

/**
 * `{source_system?, mode?, business_dates?, portfolios?, instruments?, transactions?, market_prices?,
 * fx_rates?}` with at least one non-empty list. Errors name `<list>.<field>` and the index within that list.
 */
export function parseBundleBody(body: unknown, ctx: ValidationContext): Outcome<Bundle> {
  if (!isPlainObject(body)) return { ok: false, errors: [bodyError('must be a JSON object')] };
  const errors = unknownFields(body, ['source_system', 'mode', ...BUNDLE_ORDER.flatMap(listNames)]);
  const readOption = <V>(name: string, field: typeof MODE | typeof SOURCE_SYSTEM, fallback: V): V => {
    const raw = body[name];
    if (raw === undefined || raw === null) return fallback;
    const parsed = field.parse(raw);
    if (parsed.ok) return parsed.value as V;
    errors.push(bodyError(parsed.message, name));
    return fallback;
  };
  const mode = readOption<Bundle['mode']>('mode', MODE, 'UPSERT');
  const sourceSystem = readOption<string | null>('source_system', SOURCE_SYSTEM, null);
  const lists = readLists(body, BUNDLE_ORDER, ctx, errors);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { source_system: sourceSystem, mode, lists: lists as unknown as BundleLists } };
}

/**
 * The lists of `entities` in one body, each optional, at least one non-empty; every problem goes to `errors`,
 * naming `<list>.<field>` and the index within that list.
 */
function readLists(
  body: Record<string, unknown>,
  entities: readonly EntityType[],
  ctx: ValidationContext,
  errors: RecordError[],
): Partial<Record<EntityType, unknown[]>> {
  const lists: Partial<Record<EntityType, unknown[]>> = {};
  for (const entity of entities) {
    const spec = specOf(entity);
    const raw = listOf(body, spec.list, spec.listAliases);
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
      errors.push(bodyError('must be a list', spec.list));
      lists[entity] = [];
      continue;
    }
    const result = validateBatch(spec, raw ?? [], ctx);
    for (const e of result.errors) {
      errors.push({ ...e, field: e.field === '' ? spec.list : `${spec.list}.${e.field}` });
    }
    lists[entity] = result.records;
  }
  if (errors.length === 0 && entities.every((e) => lists[e]?.length === 0)) {
    const names = entities.map((e) => specOf(e).list);
    errors.push(bodyError(`must hold at least one non-empty list of ${names.join(', ')}`));
  }
  return lists;
}

/** Lists of several entities in one body (POST /ingest/benchmarks), in the order of `entities`. */
export type EntityLists = ReadonlyArray<{ entity: EntityType; records: EntityRecord[] }>;

/**
 * `{<list>?: [...], ...}` for the lists of `entities`, at least one non-empty. Errors name `<list>.<field>`
 * and the index within that list, as in the bundle.
 */
export function parseListsBody(
  entities: readonly EntityType[],
  body: unknown,
  ctx: ValidationContext,
): Outcome<EntityLists> {
  if (!isPlainObject(body)) return { ok: false, errors: [bodyError('must be a JSON object')] };
  const errors = unknownFields(body, entities.flatMap(listNames));
  const lists = readLists(body, entities, ctx, errors);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: entities.map((entity) => ({ entity, records: (lists[entity] ?? []) as EntityRecord[] })),
  };
}

/** `{transaction_ids: [...]}`, at least one; each id once. */
export function parseReprocessBody(body: unknown): Outcome<string[]> {
  const field = 'transaction_ids';
  if (!isPlainObject(body))
    return { ok: false, errors: [bodyError(`must be a JSON object {"${field}": [...]}`)] };
  const unknown = unknownFields(body, spellingsOf(field, []));
  const ids = listOf(body, field);
  if (!Array.isArray(ids) || ids.length === 0) {
    return {
      ok: false,
      errors: [bodyError('is required: a list of at least one transaction id', field), ...unknown],
    };
  }
  const errors: RecordError[] = [];
  const seen = new Map<string, number>();
  ids.forEach((id, index) => {
    if (typeof id !== 'string' || id.trim() === '') {
      errors.push({ index, field, message: 'must be a non-blank string' });
    } else if (seen.has(id)) {
      errors.push({ index, field, message: `duplicates entry ${seen.get(id)} (${id})` });
    } else {
      seen.set(id, index);
    }
  });
  errors.push(...unknown);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: ids as string[] };
}
