/** Where the store lives: PostgreSQL when databaseUrl is set, else PGlite in dataDir. */
export interface StoreLocation {
  databaseUrl: string | undefined;
  dataDir: string;
}

import type { Db } from './db.ts';
import { lockDataDir } from './lock.ts';
import { migrate } from './migrate.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export interface OpenedStore {
  db: Db;
  /** Where the data lives, for messages: the PGlite directory or the PostgreSQL URL without credentials. */
  location: string;
  close(): Promise<void>;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql';
  }
}

/** Opens PostgreSQL when DATABASE_URL is set, else PGlite in the data directory (locked), and migrates. */
export async function openStore(config: StoreLocation, options = { migrate: true }) {
  let db: Db;
  let release = () => {};
  let location: string;
  if (config.databaseUrl) {
    db = await openPostgres(config.databaseUrl);
    location = redact(config.databaseUrl);
  } else {
    release = lockDataDir(config.dataDir);
    try {
      db = await openPglite(config.dataDir);
    } catch (error) {
      release();
      throw error;
    }
    location = config.dataDir;
  }
  if (options.migrate) await migrate(db);
  return {
    db,
    location,
    async close() {
      await db.close();
      release();
    },
  } satisfies OpenedStore;
}
