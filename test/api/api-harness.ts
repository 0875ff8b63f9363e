import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApi } from '../../src/api/server.ts';
import { loadConfig } from '../../src/app/config.ts';
import { createSystem, type System } from '../../src/app/system.ts';
import type { Sql } from '../../src/store/db.ts';
import type { StoreFactory } from '../support/stores.ts';

export interface ApiHarness {
  system: System;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** A system on a fresh database with its stages stopped (tests insert facts with SQL), and its API. */
export async function openApi(store: StoreFactory, routes: 'all' | 'query' = 'all'): Promise<ApiHarness> {
  const system = await createSystem(loadConfig({}, {}), {
    db: await store.open(),
    runStages: false,
    logger: pino({ level: 'silent' }),
  });
  const app = await buildApi(system, { routes });
  return {
    system,
    app,
    async close() {
      await app.close();
      await system.close();
    },
  };
}

/** Inserts rows into a table: one multi-row INSERT, columns from the first row, content_hash filled in. */
export async function insertRows(db: Sql, table: string, rows: ReadonlyArray<Record<string, unknown>>) {
  if (rows.length === 0) return;
  const columns = [...Object.keys(rows[0]!), 'content_hash'];
  const params: unknown[] = [];
  const tuples = rows.map((row) => {
    const values = columns.map((c) => {
      params.push(c === 'content_hash' ? 'test' : row[c]);
      return `$${params.length}`;
    });
    return `(${values.join(', ')})`;
  });
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
}
