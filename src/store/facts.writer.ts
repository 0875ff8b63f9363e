import type { EntityRecords, EntityType } from '../domain/records/types.ts';
import type { Sql } from './db.ts';
import type { ColumnType, FactSpec, TableSpec } from './fact-specs.ts';
import { jsonRow, jsonRows, type Shape } from './json-rows.ts';

/** One distinct content of a fact as delivered, with the job that delivered it. */
export interface FactVersion<R> {
  record: R;
  hash: string;
  jobId: string | null;
}

/** The current version of a fact before the write. */
export interface StoredFact<R> {
  key: string;
  version: number;
  hash: string;
  /** The normalised record it was stored from; only when this write superseded it (null if unchanged). */
  record: R | null;
}

/** The text form a record carries for a column type: the same the store port returns when reading it. */
function textOf(type: ColumnType, expr: string): string {
  switch (type) {
    case 'date':
      return `to_char(${expr}, 'YYYY-MM-DD')`;
    case 'timestamptz':
      return `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'numeric':
      return `${expr}::text`;
    case 'boolean':
      return expr;
    case 'text':
      return `${expr}::text`;
  }
}

const quoted = (name: string) => `"${name}"`;

/**
 * The versions as upsertGroup sends them, one JSON parameter (json-rows.ts): each column as text (cast in the
 * statement), then the version's place in its chain, its hash and its job.
 */
const versionShapeOf = (spec: TableSpec): Shape => [
  ...spec.columns.map((c) => [c.name, 'text'] as const),
  ['seq', 'int'],
  ['is_last', 'boolean'],
  ['content_hash', 'text'],
  ['job_id', 'text'],
];

/**
 * One statement per entity and batch. `input` holds every distinct content per key in log order (seq);
 * `cur` the stored versions of those keys as the statement's snapshot saw them, before any of its writes.
 * A first content equal to the stored one is a no-op; each other content is a new version. The last one
 * becomes current; every version it replaces goes to fact_history with the job of the content that replaced
 * it. The statement returns `cur`, from which the caller tells inserts, corrections and no-ops apart, with
 * the superseded records (only those: rebuilding every unchanged one would double the cost of a replay).
 */
function upsertSql(spec: TableSpec): string {
  const cols = spec.columns;
  const typed = cols.map((c) => `x.${quoted(c.name)}::${c.type} AS ${quoted(c.name)}`);
  const keyCols = spec.key.map(quoted);
  const keyMatch = (a: string, b: string) => keyCols.map((k) => `${a}.${k} = ${b}.${k}`).join(' AND ');
  const keyOf = (alias: string) => {
    const byName = new Map(cols.map((c) => [c.name, c.type]));
    return `concat_ws('|', ${spec.key.map((k) => textOf(byName.get(k)!, `${alias}.${quoted(k)}`)).join(', ')})`;
  };
  const recordOf = (alias: string) =>
    `jsonb_build_object(${cols.map((c) => `'${c.name}', ${textOf(c.type, `${alias}.${quoted(c.name)}`)}`).join(', ')})`;
  const colList = cols.map((c) => quoted(c.name)).join(', ');
  const keyNames = new Set<string>(spec.key);
  const nonKey = cols.filter((c) => !keyNames.has(c.name));
  const entity = `'${spec.entity}'`;

  return `
    WITH input AS (
      SELECT ${typed.join(', ')}, x.seq, x.is_last, x.content_hash, x.job_id
      FROM ${jsonRows(versionShapeOf(spec), 'x')}
    ),
    cur AS (
      SELECT t.* FROM ${spec.table} t JOIN input i ON ${keyMatch('t', 'i')} AND i.seq = 1
    ),
    eff AS (
      SELECT i.*, coalesce(c.version, 0) + row_number() OVER w AS new_version,
             row_number() OVER w AS rn, lead(i.job_id) OVER w AS next_job_id
      FROM input i LEFT JOIN cur c ON ${keyMatch('c', 'i')}
      WHERE NOT (i.seq = 1 AND c.content_hash IS NOT DISTINCT FROM i.content_hash)
      WINDOW w AS (PARTITION BY ${keyCols.map((k) => `i.${k}`).join(', ')} ORDER BY i.seq)
    ),
    upserted AS (
      INSERT INTO ${spec.table} AS t (${colList}, version, content_hash)
      SELECT ${colList}, new_version, content_hash FROM eff WHERE is_last
      ON CONFLICT (${keyCols.join(', ')}) DO UPDATE SET
        ${nonKey.map((c) => `${quoted(c.name)} = excluded.${quoted(c.name)}`).join(', ')}${nonKey.length ? ',' : ''}
        version = excluded.version, content_hash = excluded.content_hash, updated_at = now()
      RETURNING 1
    ),
    superseded AS (
      INSERT INTO fact_history (entity_type, business_key, version, content_hash, payload, job_id)
      SELECT ${entity}, ${keyOf('c')}, c.version, c.content_hash, ${recordOf('c')}, e.job_id
      FROM cur c JOIN eff e ON ${keyMatch('c', 'e')} AND e.rn = 1
      UNION ALL
      SELECT ${entity}, ${keyOf('e')}, e.new_version, e.content_hash, ${recordOf('e')}, e.next_job_id
      FROM eff e WHERE NOT e.is_last
      RETURNING 1
    )
    SELECT ${keyOf('c')} AS key, c.version, c.content_hash AS hash,
           CASE WHEN e.rn IS NOT NULL THEN ${recordOf('c')} END AS record
    FROM cur c LEFT JOIN eff e ON ${keyMatch('c', 'e')} AND e.rn = 1`;
}

const statements = new Map<EntityType, string>();
function statementFor(spec: TableSpec): string {
  let sql = statements.get(spec.entity);
  if (!sql) {
    sql = upsertSql(spec);
    statements.set(spec.entity, sql);
  }
  return sql;
}

const paramOf = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Writes the contents delivered for some facts, set-based: `chains` holds, per business key, its distinct
 * contents in log order (no two consecutive ones equal). Returns the stored version of each key that
 * existed before, as it was before this write.
 */
/**
 * Versions per statement. PGlite runs a statement synchronously on the event loop's thread: 1,000 transactions
 * take ~30 ms, a whole 500 ms batch in one statement ~130 ms, during which the process answers nothing.
 */
const FACT_ROWS = 1_000;

export async function upsertFacts<E extends EntityType>(
  tx: Sql,
  spec: FactSpec<E>,
  chains: ReadonlyArray<ReadonlyArray<FactVersion<EntityRecords[E]>>>,
): Promise<Map<string, StoredFact<EntityRecords[E]>>> {
  const stored = new Map<string, StoredFact<EntityRecords[E]>>();
  // A chain is one business key, so chains in different statements never touch the same row.
  let group: Array<ReadonlyArray<FactVersion<EntityRecords[E]>>> = [];
  let versions = 0;
  for (const chain of chains) {
    group.push(chain);
    versions += chain.length;
    if (versions >= FACT_ROWS) {
      await upsertGroup(tx, spec, group, stored);
      group = [];
      versions = 0;
    }
  }
  if (group.length > 0) await upsertGroup(tx, spec, group, stored);
  return stored;
}

async function upsertGroup<E extends EntityType>(
  tx: Sql,
  spec: FactSpec<E>,
  chains: ReadonlyArray<ReadonlyArray<FactVersion<EntityRecords[E]>>>,
  stored: Map<string, StoredFact<EntityRecords[E]>>,
): Promise<void> {
  const shape = versionShapeOf(spec);
  const versions = chains.flatMap((chain) =>
    chain.map((v, i) =>
      jsonRow(shape, [
        ...spec.columns.map((c) => paramOf(v.record[c.name])),
        i + 1,
        i === chain.length - 1,
        v.hash,
        v.jobId,
      ]),
    ),
  );
  if (versions.length === 0) return;
  const rows = await tx.query<{
    key: string;
    version: number;
    hash: string;
    record: EntityRecords[E] | null;
  }>(statementFor(spec), [JSON.stringify(versions)]);
  for (const r of rows) stored.set(r.key, r);
}
