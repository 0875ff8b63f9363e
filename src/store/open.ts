import fs from 'node:fs';
import path from 'node:path';
/** Where the store lives: PostgreSQL when databaseUrl is set, else PGlite in dataDir. */
export interface StoreLocation {
  databaseUrl: string | undefined;
  dataDir: string;
}

import type { Db } from './db.ts';
import { lockDataDir } from './lock.ts';
import { migrate } from './migrate.ts';
import { openPgliteThread } from './pglite-thread.ts';
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

export interface OpenOptions {
  migrate: boolean;
  /** Told each step as it starts (pas start prints them: nothing is silent for long). */
  onStep?: (step: string) => void;
}

/** Opens PostgreSQL when DATABASE_URL is set, else PGlite in the data directory (locked), and migrates. */
export async function openStore(config: StoreLocation, options: OpenOptions = { migrate: true }) {
  const step = options.onStep ?? (() => {});
  let db: Db;
  let release = () => {};
  let location: string;
  if (config.databaseUrl) {
    location = redact(config.databaseUrl);
    step(`connecting to PostgreSQL at ${location}`);
    db = await openPostgres(config.databaseUrl);
  } else {
    release = lockDataDir(config.dataDir);
    // Creating a new PGlite database runs initdb in WebAssembly (~5–20 s, on the database's own thread): say so.
    step(
      fs.existsSync(path.join(config.dataDir, 'PG_VERSION'))
        ? `opening the embedded database in ${config.dataDir}`
        : `creating the embedded database in ${config.dataDir} (first start: about 5–20 s, silent while it runs)`,
    );
    try {
      db = await openPgliteThread(config.dataDir);
    } catch (error) {
      release();
      throw error;
    }
    location = config.dataDir;
  }
  if (options.migrate) {
    step('migrating the database');
    await migrate(db);
  }
  return {
    db,
    location,
    async close() {
      await db.close();
      release();
    },
  } satisfies OpenedStore;
}
