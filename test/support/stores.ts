import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { openPostgres } from '../../src/store/postgres.ts';

export interface StoreFactory {
  kind: 'pglite' | 'postgres';
  /** A new, empty, migrated database. */
  open(): Promise<Db>;
}

let template: Blob | undefined;

/** In memory, started from the migrated image global-setup wrote (migrate() then has nothing left to do). */
const pglite: StoreFactory = {
  kind: 'pglite',
  async open() {
    template ??= new Blob([fs.readFileSync(inject('pgliteTemplate'))]);
    const db = await openPglite(undefined, template);
    await migrate(db);
    return db;
  },
};

/** A new, empty database on the server of `adminUrl`; drop() removes it (closing its connections). */
export async function freshDatabase(
  adminUrl: string,
  prefix = 'pas_test',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/** A fresh database on the test server for each open(), dropped when the Db closes. */
function postgres(adminUrl: string): StoreFactory {
  return {
    kind: 'postgres',
    async open() {
      const { url, drop } = await freshDatabase(adminUrl);
      const db = await openPostgres(url, 4);
      await migrate(db);
      const close = db.close.bind(db);
      return {
        ...db,
        async close() {
          await close();
          await drop();
        },
      };
    },
  };
}

/** The stores every store suite runs on: PGlite always, PostgreSQL when a server is available (always on CI). */
export function stores(): StoreFactory[] {
  const adminUrl = inject('pgAdminUrl');
  return adminUrl ? [pglite, postgres(adminUrl)] : [pglite];
}

export const PGADMIN_URL = () => inject('pgAdminUrl');
