import path from 'node:path';
import { Readable } from 'node:stream';
import {
  BackupError,
  holdsDatabase,
  restoreDirectory,
  snapshotDirectory,
  writeBackupFile,
} from '../store/backup.ts';
import { DataDirLockedError, lockDataDir } from '../store/lock.ts';
import { apiKeyHeaders } from './api-key.ts';
import { ConnectionError } from './client.ts';
import { UserError } from './errors.ts';
import { defaultUrl } from './ingest.ts';
import { configFrom } from './options.ts';

type Env = Record<string, string | undefined>;

export interface BackupFlags {
  data?: string;
  url?: string;
}

export interface RestoreFlags {
  data?: string;
  force?: boolean;
}

const POSTGRES_BACKUP =
  'DATABASE_URL is set: the data is in PostgreSQL, back it up with pg_dump and restore it with pg_restore ' +
  '(docs/operations.md, "Backups")';

const say = (line: string) => process.stderr.write(`${line}\n`);

/** The snapshot of a running server (POST /admin/backup), streamed into `file`. */
async function backupThroughServer(file: string, url: string, env: Env): Promise<number> {
  const endpoint = new URL('/admin/backup', url).toString();
  let res: Response;
  try {
    res = await fetch(endpoint, { method: 'POST', headers: apiKeyHeaders(env) });
  } catch (error) {
    throw new ConnectionError(url, error);
  }
  if (!res.ok || !res.body) {
    throw new UserError(`POST ${endpoint}: HTTP ${res.status} ${await res.text()}`);
  }
  return writeBackupFile(file, Readable.fromWeb(res.body));
}

/**
 * `pas backup FILE`: a consistent snapshot of the embedded database. With --url, or when a running pas holds
 * the data directory, the server takes it (between two transactions, after a checkpoint); otherwise this
 * process opens the stopped directory under its lock and dumps it. The file is written under a temporary name
 * and renamed once complete.
 */
export async function runBackup(file: string, flags: BackupFlags, env: Env = process.env): Promise<void> {
  const target = path.resolve(file);
  if (flags.url) {
    const bytes = await backupThroughServer(target, flags.url, env);
    process.stdout.write(`pas backup: ${bytes} bytes from ${flags.url} to ${target}\n`);
    return;
  }
  const config = configFrom(flags, env);
  if (config.databaseUrl) throw new UserError(POSTGRES_BACKUP);
  let release: () => void;
  try {
    release = lockDataDir(config.dataDir);
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const url = defaultUrl(env);
    say(
      `pas backup: ${config.dataDir} is in use by pid ${error.pid}; asking the server at ${url} (--url to change)`,
    );
    const bytes = await backupThroughServer(target, url, env);
    process.stdout.write(`pas backup: ${bytes} bytes from ${url} to ${target}\n`);
    return;
  }
  try {
    const bytes = await writeBackupFile(target, await snapshotDirectory(config.dataDir));
    process.stdout.write(`pas backup: ${bytes} bytes from ${config.dataDir} to ${target}\n`);
  } catch (error) {
    if (error instanceof BackupError) throw new UserError(`backup: ${error.message}`);
    throw error;
  } finally {
    release();
  }
}

/**
 * `pas restore FILE`: loads a backup into the data directory, which no process may be using. A directory that
 * already holds a database is replaced only with --force; its previous contents are kept beside it.
 */
export async function runRestore(file: string, flags: RestoreFlags, env: Env = process.env): Promise<void> {
  const config = configFrom(flags, env);
  if (config.databaseUrl) throw new UserError(POSTGRES_BACKUP);
  const source = path.resolve(file);
  const release = lockDataDir(config.dataDir); // a running server: DataDirLockedError says to stop it
  try {
    if (holdsDatabase(config.dataDir) && !flags.force) {
      throw new UserError(
        `${config.dataDir} already holds a database: restore into another directory (--data), or replace it with --force`,
      );
    }
    const { previous } = await restoreDirectory(config.dataDir, source);
    process.stdout.write(`pas restore: ${source} restored into ${config.dataDir}\n`);
    if (previous)
      process.stdout.write(`pas restore: the previous contents are in ${previous} (delete it when done)\n`);
  } catch (error) {
    if (error instanceof BackupError) throw new UserError(`restore: ${error.message}`);
    throw error;
  } finally {
    release();
  }
}
