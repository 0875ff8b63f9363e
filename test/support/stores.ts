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

/** A fresh database on the test server for each open(), dropped when the Db closes. */
function postgres(adminUrl: string): StoreFactory {
  return {
    kind: 'postgres',
    async open() {
      const name = `pas_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      const db = await openPostgres(url.toString(), 4);
      await migrate(db);
      const close = db.close.bind(db);
      return {
        ...db,
        async close() {
          await close();
          const cleanup = new pg.Client({ connectionString: adminUrl });
          await cleanup.connect();
          await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await cleanup.end();
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
