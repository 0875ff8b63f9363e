import { PGlite, types } from '@electric-sql/pglite';
import { type Db, parseDate, parseInt8, parseTimestamptz, type Row, type Sql } from './db.ts';

const parsers = {
  [types.INT8]: parseInt8,
  [types.DATE]: parseDate,
  [types.TIMESTAMPTZ]: parseTimestamptz,
};

type PgliteLike = Pick<PGlite, 'query' | 'exec'>;

function sqlOf(conn: PgliteLike): Sql {
  return {
    async query<T extends Row>(text: string, params?: readonly unknown[]) {
      const result = await conn.query<T>(text, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(text: string) {
      await conn.exec(text);
    },
  };
}

/** Embedded PostgreSQL (WASM). dataDir undefined means in memory (tests). */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  const pg = await PGlite.create(dataDir ? { dataDir, parsers } : { parsers });
  const base = sqlOf(pg);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(sqlOf(tx))),
    close: () => pg.close(),
  };
}
