import pg from 'pg';
import { type Db, OID, parseDate, parseInt8, parseTimestamptz, type Row, type Sql } from './db.ts';

const typeParsers: Partial<Record<number, (v: string) => unknown>> = {
  [OID.INT8]: parseInt8,
  [OID.DATE]: parseDate,
  [OID.TIMESTAMPTZ]: parseTimestamptz,
};

/** Per-pool type parsers, so the process-global pg.types stay untouched. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    return typeParsers[oid] ?? pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function sqlOf(conn: pg.Pool | pg.PoolClient): Sql {
  return {
    async query<T extends Row>(text: string, params?: readonly unknown[]) {
      const result = await conn.query<T>(text, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(text: string) {
      await conn.query(text);
    },
  };
}

export async function openPostgres(connectionString: string, poolSize = 8): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: poolSize, types });
  // An idle client the server closes (restart, admin termination) emits 'error' on the pool; unhandled, that
  // would end the process. The pool drops the client and the next query opens a new connection.
  pool.on('error', (error) => {
    process.emitWarning(`PostgreSQL idle client error: ${error.message}`);
  });
  // Fail at start-up, not at the first request, when the server is unreachable.
  const probe = await pool.connect();
  probe.release();
  return {
    kind: 'postgres',
    ...sqlOf(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(sqlOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
