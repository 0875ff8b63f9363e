import type { FieldKind, FieldSpec } from '../domain/records/fields.ts';
import { type EntitySpec, SPECS } from '../domain/records/specs.ts';
import type { EntityRecords, EntityType } from '../domain/records/types.ts';

/** SQL types of fact columns; each maps to one way of reading the record's value and of writing it back. */
export type ColumnType = 'text' | 'numeric' | 'date' | 'timestamptz' | 'boolean';

export interface FactColumn<R> {
  name: keyof R & string;
  type: ColumnType;
  /** What a record that lacks the field holds (a field with a default added after records were logged). */
  fallback?: unknown;
}

/** Where a fact lives and which of its fields form the business key a correction is recognised by. */
export interface FactSpec<E extends EntityType> {
  entity: E;
  table: string;
  key: readonly (keyof EntityRecords[E] & string)[];
  /** Every field of the normalised record, in table order; the key fields among them. */
  columns: readonly FactColumn<EntityRecords[E]>[];
}

/** Any entity's spec, seen through plain column names (what SQL generation needs). */
export interface TableSpec {
  entity: EntityType;
  table: string;
  key: readonly string[];
  columns: readonly { name: string; type: ColumnType }[];
}

/** The table of each entity; everything else about its columns comes from the domain's field specs. */
const TABLES: { readonly [E in EntityType]: string } = {
  portfolio: 'portfolios',
  instrument: 'instruments',
  transaction: 'transactions',
  market_price: 'market_prices',
  fx_rate: 'fx_rates',
  business_date: 'business_dates',
  benchmark: 'benchmarks',
  benchmark_level: 'benchmark_levels',
  benchmark_return: 'benchmark_returns',
  benchmark_composition: 'benchmark_compositions',
};

const COLUMN_TYPE: { readonly [K in FieldKind]: ColumnType } = {
  text: 'text',
  currency: 'text',
  enum: 'text',
  decimal: 'numeric',
  date: 'date',
  instant: 'timestamptz',
  boolean: 'boolean',
};

function factSpecOf<E extends EntityType>(entity: E): FactSpec<E> {
  const spec = SPECS[entity] as unknown as EntitySpec<EntityRecords[E]>;
  const fields = spec.fields as Record<string, FieldSpec<unknown>>;
  return {
    entity,
    table: TABLES[entity],
    key: spec.key,
    columns: Object.entries(fields).map(([name, field]) => ({
      name: name as keyof EntityRecords[E] & string,
      type: COLUMN_TYPE[field.kind],
      ...(field.fallback === undefined ? {} : { fallback: field.fallback }),
    })),
  };
}

export const FACT_SPECS: { readonly [E in EntityType]: FactSpec<E> } = {
  portfolio: factSpecOf('portfolio'),
  instrument: factSpecOf('instrument'),
  transaction: factSpecOf('transaction'),
  market_price: factSpecOf('market_price'),
  fx_rate: factSpecOf('fx_rate'),
  business_date: factSpecOf('business_date'),
  benchmark: factSpecOf('benchmark'),
  benchmark_level: factSpecOf('benchmark_level'),
  benchmark_return: factSpecOf('benchmark_return'),
  benchmark_composition: factSpecOf('benchmark_composition'),
};

/**
 * The text that names a fact in fact_history.business_key: its key fields joined by '|', e.g.
 * 'AAPL|2024-01-31' for a price. The writer builds the same text in SQL.
 */
export function businessKeyOf<E extends EntityType>(spec: FactSpec<E>, record: EntityRecords[E]): string {
  return spec.key.map((k) => String(record[k])).join('|');
}

/**
 * The record as stored: exactly the spec's fields, absent optionals as null, an absent field with a default
 * (a record logged before the field existed) as its default.
 */
export function storedRecordOf<E extends EntityType>(spec: FactSpec<E>, value: unknown): EntityRecords[E] {
  const source = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const c of spec.columns) out[c.name] = source[c.name] ?? c.fallback ?? null;
  return out as unknown as EntityRecords[E];
}

/**
 * Fields added after facts were stored, left out of the content hash while they hold their default: the same
 * record ingested again after the upgrade is then the same content (a no-op), not a correction.
 */
const ADDED_WITH_DEFAULT: { readonly [E in EntityType]?: readonly (keyof EntityRecords[E] & string)[] } = {
  portfolio: ['cash_mode'],
};

/** What the content hash of a stored record is computed over (see ADDED_WITH_DEFAULT). */
export function hashedRecordOf<E extends EntityType>(spec: FactSpec<E>, record: EntityRecords[E]): object {
  const added = (ADDED_WITH_DEFAULT[spec.entity] ?? []) as readonly string[];
  if (added.length === 0) return record;
  const fallbackOf = new Map(spec.columns.map((c) => [c.name as string, c.fallback]));
  const values = record as unknown as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(values).filter(([name, v]) => !(added.includes(name) && v === fallbackOf.get(name))),
  );
}
