/**
 * The store port. Both adapters (PGlite, PostgreSQL) return rows with the same value types:
 * `numeric` → decimal string, `date` → 'YYYY-MM-DD', `timestamptz` → ISO-8601 string,
 * `int8` → number, `jsonb` → parsed JSON. Shared code never sees a driver type.
 */
export type Row = Record<string, unknown>;

export interface Sql {
  query<T extends Row = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

/**
 * A read of rows by a list of ids, bound as $1 (an array): `(tx, ids) => rows`. For no ids it answers none
 * without a round trip.
 */
export function queryByIds<T extends Row>(text: string): (tx: Sql, ids: readonly string[]) => Promise<T[]> {
  return (tx, ids) => (ids.length === 0 ? Promise.resolve([]) : tx.query<T>(text, [ids]));
}

export interface Db extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one database transaction: all of its writes commit together or not at all. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Postgres type OIDs whose text form we parse the same way on both adapters. */
export const OID = { INT8: 20, DATE: 1082, TIMESTAMPTZ: 1184 } as const;

export const parseInt8 = (v: string): number => Number(v);
export const parseDate = (v: string): string => v;
// PostgreSQL's ISO output: '2024-06-01 12:30:00.5+00', '0099-06-01 00:00:00+05:30', '… BC'.
const TIMESTAMPTZ_TEXT =
  /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?( BC)?$/;

/**
 * Read field by field: `new Date(text)` takes this non-ISO form through the legacy parser, which puts years
 * 0–99 in the twentieth century ('0099-06-01' came back as 1999-06-01). Text it does not know (infinity) is
 * passed through unchanged.
 */
export function parseTimestamptz(v: string): string {
  const m = TIMESTAMPTZ_TEXT.exec(v);
  if (!m) return v;
  const n = (i: number) => Number(m[i] ?? 0);
  const year = m[12] ? 1 - n(1) : n(1);
  const at = new Date(0);
  at.setUTCFullYear(year, n(2) - 1, n(3));
  at.setUTCHours(n(4), n(5), n(6), Number((m[7] ?? '').padEnd(3, '0').slice(0, 3)));
  const offsetSeconds = (m[8] === '-' ? -1 : 1) * (n(9) * 3600 + n(10) * 60 + n(11));
  return new Date(at.getTime() - offsetSeconds * 1000).toISOString();
}
