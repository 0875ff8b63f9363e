import { AppError } from '../../domain/errors.ts';
import { canSnapshot } from '../../store/backup.ts';
import type { System } from '../system.ts';

/**
 * A consistent snapshot of the running embedded database (POST /admin/backup, `pas backup` while a server
 * holds the data directory). PostgreSQL is backed up with pg_dump: NOT_EMBEDDED.
 */
export async function takeBackup(system: Pick<System, 'db'>): Promise<Blob> {
  const { db } = system;
  if (!canSnapshot(db)) {
    throw new AppError(
      'NOT_EMBEDDED',
      'NOT_EMBEDDED: the store is PostgreSQL; back it up with pg_dump (docs/operations.md, "Backups")',
    );
  }
  return db.snapshot();
}
