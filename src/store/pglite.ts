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

export interface PgliteDb extends Db {
  /** The whole database as an image that openPglite can start from (a migrated template for tests). */
  dumpImage(): Promise<Blob>;
}

/**
 * Embedded PostgreSQL (WASM). dataDir undefined means in memory (tests). `image` starts from a dumped
 * database instead of running initdb, several times faster.
 */
export async function openPglite(dataDir: string | undefined, image?: Blob): Promise<PgliteDb> {
  const pg = await PGlite.create({
    parsers,
    ...(dataDir ? { dataDir } : {}),
    ...(image ? { loadDataDir: image } : {}),
  });
  const base = sqlOf(pg);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => pg.transaction((tx) => fn(sqlOf(tx))),
    close: () => pg.close(),
    dumpImage: async () => (await pg.dumpDataDir('none')) as Blob,
  };
}
