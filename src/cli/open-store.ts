import { DataDirLockedError } from '../store/lock.ts';
import { openStore } from '../store/open.ts';
import { UserError } from './errors.ts';
import { configFrom, dataFlagNote } from './options.ts';

/**
 * Opens the store for a one-shot command that reads it directly (export, check): PostgreSQL with
 * DATABASE_URL, else the data directory under its lock. A directory a server holds is refused with `hint`,
 * which says how to reach the data while the server runs.
 */
export async function openStoreFor(flags: { data?: string }, hint: string) {
  const config = configFrom(flags);
  const note = dataFlagNote(flags, config);
  if (note) process.stderr.write(`${note}\n`);
  try {
    return await openStore(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new UserError(`${error.message}. ${hint}`);
    throw error;
  }
}
