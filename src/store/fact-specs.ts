import type { FieldKind, FieldSpec } from '../domain/records/fields.ts';
import { type EntitySpec, SPECS } from '../domain/records/specs.ts';
import type { EntityRecords, EntityType } from '../domain/records/types.ts';

/** SQL types of fact columns; each maps to one way of reading the record's value and of writing it back. */
export type ColumnType = 'text' | 'numeric' | 'date' | 'timestamptz' | 'boolean';

export interface FactColumn<R> {
  name: keyof R & string;
  type: ColumnType;
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

/** The record as stored: exactly the spec's fields, absent optionals as null. Its hash is the content hash. */
export function storedRecordOf<E extends EntityType>(spec: FactSpec<E>, value: unknown): EntityRecords[E] {
  const source = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const c of spec.columns) out[c.name] = source[c.name] ?? null;
  return out as unknown as EntityRecords[E];
}
