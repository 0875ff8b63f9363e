import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { AppError } from '../domain/errors.ts';
import { canSnapshot } from '../store/backup.ts';
import { backupSchema } from './schemas/backup.schemas.ts';

/** POST /admin/backup: a consistent snapshot of the running embedded database (main port only). */
export function registerBackupRoutes(app: FastifyInstance, system: System) {
  app.post('/admin/backup', { schema: backupSchema }, async (request, reply) => {
    const { db } = system;
    if (!canSnapshot(db)) {
      throw new AppError(
        'NOT_EMBEDDED',
        'NOT_EMBEDDED: the store is PostgreSQL; back it up with pg_dump (docs/operations.md, "Backups")',
      );
    }
    const image = await db.snapshot();
    request.log.info({ bytes: image.size }, 'backup taken');
    return reply
      .type('application/gzip')
      .header('content-disposition', 'attachment; filename="pas-backup.tar.gz"')
      .header('content-length', image.size)
      .send(Readable.fromWeb(image.stream()));
  });
}
