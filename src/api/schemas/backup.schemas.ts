import { problemResponse } from './common.schemas.ts';

export const backupSchema = {
  tags: ['operations'],
  summary: 'Backup of the embedded database',
  description:
    'A consistent snapshot of the embedded (PGlite) database while the server runs, as a gzipped tar that ' +
    '`pas restore` loads: taken between two stage transactions, after a CHECKPOINT. The image is built in ' +
    'memory (2–3 × the size of the data directory: docs/operations.md). `pas backup FILE` calls this when the data directory is ' +
    'in use. A server on PostgreSQL answers 409: back that up with pg_dump (docs/operations.md).',
  response: {
    200: {
      description: 'The backup (application/gzip).',
      content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } },
    },
    409: problemResponse('The store is PostgreSQL, not embedded (NOT_EMBEDDED): use pg_dump.'),
  },
};
