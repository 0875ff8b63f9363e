import { spellingsOf } from './aliases.ts';
import type { FieldSpec, Parsed } from './fields.ts';
import type { EntitySpec, ValidationContext } from './specs.ts';

/** A problem with one field of one record; '' as field means the record as a whole. */
export interface RecordError {
  index: number;
  field: string;
  message: string;
}

export interface BatchResult<T> {
  /** The normalised record at each position, undefined where the record is invalid. */
  records: Array<T | undefined>;
  /** Every problem of every record, by position. */
  errors: RecordError[];
}

type AnyField = FieldSpec<unknown>;

interface FieldPlan {
  name: string;
  field: AnyField;
  spellings: string[];
}

const plans = new WeakMap<object, FieldPlan[]>();

function planOf<T>(spec: EntitySpec<T>): FieldPlan[] {
  let plan = plans.get(spec);
  if (!plan) {
    plan = Object.entries(spec.fields as Record<string, AnyField>).map(([name, field]) => ({
      name,
      field,
      spellings: spellingsOf(name, field.aliases),
    }));
    plans.set(spec, plan);
  }
  return plan;
}

const isBlank = (v: unknown): boolean => v === null || (typeof v === 'string' && v.trim() === '');

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

type Read = { present: false; blank: boolean } | { present: true; parsed: Parsed<unknown> };

/** A field's value under any of its spellings; two spellings with different values are an error. */
function readField(raw: Record<string, unknown>, plan: FieldPlan): Read {
  const given = plan.spellings.filter((s) => Object.hasOwn(raw, s) && raw[s] !== undefined);
  const filled = given.filter((s) => !isBlank(raw[s]));
  if (filled.length === 0) {
    return { present: false, blank: given.some((s) => typeof raw[s] === 'string') };
  }
  const parsed = filled.map((s) => plan.field.parse(raw[s]));
  const [first] = parsed;
  if (parsed.length > 1 && !parsed.every((p) => p.ok && first?.ok && p.value === first.value)) {
    return {
      present: true,
      parsed: { ok: false, message: `is given as ${filled.join(' and ')} with different values` },
    };
  }
  return { present: true, parsed: first! };
}

/** Validates and normalises one record: unknown fields are ignored, absent optional ones become null. */
export function validateRecord<T>(
  spec: EntitySpec<T>,
  raw: unknown,
  ctx: ValidationContext,
  index = 0,
): { record: T | undefined; errors: RecordError[] } {
  if (!isPlainObject(raw)) {
    return { record: undefined, errors: [{ index, field: '', message: 'must be an object' }] };
  }
  const errors: RecordError[] = [];
  const out: Record<string, unknown> = {};
  for (const plan of planOf(spec)) {
    const read = readField(raw, plan);
    if (read.present) {
      if (read.parsed.ok) out[plan.name] = read.parsed.value;
      else errors.push({ index, field: plan.name, message: read.parsed.message });
    } else if (plan.field.required) {
      errors.push({ index, field: plan.name, message: read.blank ? 'must not be blank' : 'is required' });
    } else {
      out[plan.name] = plan.field.fallback ?? null;
    }
  }
  for (const rule of spec.rules) {
    const violation = rule(out as Partial<T>, ctx);
    if (violation && !errors.some((e) => e.field === violation.field)) {
      errors.push({ index, ...violation });
    }
  }
  return { record: errors.length === 0 ? (out as T) : undefined, errors };
}

/**
 * Validates a list of records. Beyond each record's own rules, two records sharing the business key are an
 * error on the second and every later one (the batch is meant to say one thing per key).
 */
export function validateBatch<T>(
  spec: EntitySpec<T>,
  raws: readonly unknown[],
  ctx: ValidationContext,
): BatchResult<T> {
  const batch = batchValidator(spec, ctx);
  for (const raw of raws) batch.add(raw);
  return batch.result();
}

/**
 * validateBatch one record at a time, for callers that validate a large list in slices (the ingest service
 * lets other work run between them); the records are indexed in the order they are added.
 */
export function batchValidator<T>(spec: EntitySpec<T>, ctx: ValidationContext) {
  const records: Array<T | undefined> = [];
  const errors: RecordError[] = [];
  const firstByKey = new Map<string, number>();
  const keyField = spec.key[spec.key.length - 1]!;
  return {
    add(raw: unknown): void {
      const index = records.length;
      const result = validateRecord(spec, raw, ctx, index);
      errors.push(...result.errors);
      const record = result.record;
      if (record === undefined) {
        records.push(undefined);
        return;
      }
      const values = spec.key.map((k) => String((record as Record<string, unknown>)[k]));
      const key = values.join('\u0000');
      const first = firstByKey.get(key);
      if (first === undefined) {
        firstByKey.set(key, index);
        records.push(record);
        return;
      }
      errors.push({
        index,
        field: keyField,
        message: `duplicates record ${first} of this batch (same ${spec.key.join(', ')}: ${values.join(', ')})`,
      });
      records.push(undefined);
    },
    result(): BatchResult<T> {
      return { records, errors };
    },
  };
}
