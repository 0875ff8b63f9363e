import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { takeBackup } from '../app/services/backup.service.ts';
import type { System } from '../app/system.ts';
import { backupSchema } from './schemas/backup.schemas.ts';

/** POST /admin/backup: a consistent snapshot of the running embedded database (ingest processes only). */
export function registerBackupRoutes(app: FastifyInstance, system: System) {
  app.post('/admin/backup', { schema: backupSchema }, async (request, reply) => {
    const image = await takeBackup(system);
    request.log.info({ bytes: image.size }, 'backup taken');
    return reply
      .type('application/gzip')
      .header('content-disposition', 'attachment; filename="pas-backup.tar.gz"')
      .header('content-length', image.size)
      .send(Readable.fromWeb(image.stream()));
  });
}
