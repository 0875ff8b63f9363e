import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from './db.ts';
import { openPglite, type PgliteDb } from './pglite.ts';

/**
 * Backups of the embedded mode (`pas backup` / `pas restore`): a gzipped tar of the PGlite data directory
 * (PGlite's dumpDataDir format), which openPglite loads back (loadDataDir). A running server takes it between
 * transactions after a CHECKPOINT (PgliteDb.snapshot, served by POST /admin/backup); a stopped directory is
 * opened under its lock and dumped the same way. PostgreSQL mode is backed up with pg_dump instead.
 */

/** A database whose state can be dumped consistently while it runs: the embedded one. */
export const canSnapshot = (db: Db): db is Db & Pick<PgliteDb, 'snapshot'> =>
  db.kind === 'pglite' && typeof (db as Partial<PgliteDb>).snapshot === 'function';

/** PGlite writes the lock of the process that held the directory into the image: never restore it. */
const LOCK_FILE = 'pas.lock';

export class BackupError extends Error {}

/** Whether a directory holds a database (PostgreSQL's PG_VERSION file). */
export const holdsDatabase = (dataDir: string): boolean => fs.existsSync(path.join(dataDir, 'PG_VERSION'));

/** Writes a snapshot to `file` atomically: a temporary file beside it, renamed once complete. */
export async function writeBackupFile(
  file: string,
  image: Blob | AsyncIterable<Uint8Array>,
): Promise<number> {
  const partial = `${file}.partial-${process.pid}`;
  let bytes = 0;
  try {
    await pipeline(
      image instanceof Blob ? Readable.fromWeb(image.stream()) : Readable.from(image),
      async function* (source: AsyncIterable<Uint8Array>) {
        for await (const chunk of source) {
          bytes += chunk.length;
          yield chunk;
        }
      },
      fs.createWriteStream(partial, { flags: 'wx' }),
    );
    if (bytes < 2) throw new BackupError('the backup is empty');
    fs.renameSync(partial, file);
    return bytes;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** A stopped data directory's snapshot: the caller holds the directory's lock. */
export async function snapshotDirectory(dataDir: string): Promise<Blob> {
  if (!holdsDatabase(dataDir)) throw new BackupError(`${dataDir} holds no database`);
  const db = await openPglite(dataDir);
  try {
    return await db.snapshot();
  } finally {
    await db.close();
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Restores a backup into `dataDir` (the caller holds its lock): the image is loaded into a new directory
 * beside it and checked (it opens, and has the schema's migrations table); only then do the current contents
 * move aside, into the returned directory (null when there were none), and the restored ones take their place.
 */
export async function restoreDirectory(dataDir: string, file: string): Promise<{ previous: string | null }> {
  const head = Buffer.alloc(2);
  const fd = fs.openSync(file, 'r');
  const read = fs.readSync(fd, head, 0, 2, 0);
  fs.closeSync(fd);
  if (read < 2 || head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) {
    throw new BackupError(`${file} is not a pas backup (a gzipped tar from pas backup)`);
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  const staging = `${dataDir}.restoring-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    let db: PgliteDb;
    try {
      db = await openPglite(staging, await fs.openAsBlob(file)); // file-backed: not read into memory here
    } catch (error) {
      throw new BackupError(
        `${file} cannot be loaded: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    try {
      await db.query('SELECT count(*) FROM schema_migrations');
    } catch {
      throw new BackupError(`${file} is a database, but not a pas one (no schema_migrations)`);
    } finally {
      await db.close();
    }
    fs.rmSync(path.join(staging, LOCK_FILE), { force: true });
    const current = fs.existsSync(dataDir) ? fs.readdirSync(dataDir).filter((f) => f !== LOCK_FILE) : [];
    let previous: string | null = null;
    if (current.length > 0) {
      previous = `${dataDir}.before-restore-${stamp}`;
      fs.mkdirSync(previous);
      for (const f of current) fs.renameSync(path.join(dataDir, f), path.join(previous, f));
    }
    fs.mkdirSync(dataDir, { recursive: true });
    for (const f of fs.readdirSync(staging)) fs.renameSync(path.join(staging, f), path.join(dataDir, f));
    return { previous };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
