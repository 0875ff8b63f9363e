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
export const parseTimestamptz = (v: string): string => new Date(v).toISOString();
