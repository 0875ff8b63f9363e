import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  commitUpload,
  type Form,
  previewUpload,
  type UploadedFile,
} from '../app/services/uploads.service.ts';
import type { System } from '../app/system.ts';
import { AppError, badRequest } from '../domain/errors.ts';
import { UPLOAD_LISTS } from '../domain/records/specs.ts';
import { IngestService } from '../engine/ingest-service.ts';
import { acceptAnyBody, requestMeta } from './ingest-request.ts';
import { IDEMPOTENCY_HEADERS, RECEIPT_SCHEMA } from './schemas/ingest.schemas.ts';

/**
 * CSV uploads for every entity (benchmark facts included, one list per file): preview (validate, write nothing) and commit (ingest as one job). Rows go
 * through the same spec tables and ingest service as the JSON endpoints. Excel files are refused with a hint
 * to export CSV: a workbook parser is a large dependency for what "Save as CSV" does.
 */

async function readForm(request: FastifyRequest, maxBytes: number): Promise<Form> {
  if (!request.isMultipart()) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'send multipart/form-data with the fields entity_type and file (a CSV file)',
    );
  }
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        file ??= { filename: part.filename, mimetype: part.mimetype, data };
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if ((error as { code?: unknown }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `the uploaded file is larger than the limit of ${maxBytes} bytes (PAS_MAX_UPLOAD_BYTES); split it into smaller files`,
      );
    }
    // Whatever else goes wrong while the form is read is the body's fault: no boundary, a truncated part.
    throw badRequest(`malformed multipart/form-data body: ${(error as Error).message}`);
  }
  return { fields, file };
}

const formSchema = (extra: Record<string, unknown>) => ({
  type: 'object',
  required: ['entity_type', 'file'],
  additionalProperties: false,
  properties: {
    entity_type: {
      type: 'string',
      enum: UPLOAD_LISTS,
      description: 'The list the rows are records of: portfolios, …, benchmark_compositions.',
    },
    file: {
      type: 'string',
      format: 'binary',
      description:
        'CSV (UTF-8) with a header row. Headers match field names ignoring case and punctuation ' +
        '("Portfolio ID" = portfolio_id; camelCase and legacy names too). Blank cells are absent values.',
    },
    ...extra,
  },
});

const ROW_ERRORS = {
  type: 'array',
  items: {
    type: 'object',
    properties: { row_number: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } },
  },
};

export function registerUploadRoutes(app: FastifyInstance, system: System): void {
  const service = new IngestService(system);
  const maxBytes = system.config.maxUploadBytes;
  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 20, parts: 25 } });

    scope.post(
      '/ingest/uploads/preview',
      {
        validatorCompiler: acceptAnyBody,
        schema: {
          tags: ['ingest'],
          summary: 'Preview a CSV upload',
          description:
            'Validates every row and writes nothing. Row numbers count the header as row 1. Excel files: 415.',
          consumes: ['multipart/form-data'],
          body: formSchema({ sample_size: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }),
          response: {
            200: {
              type: 'object',
              properties: {
                entity_type: { type: 'string' },
                file_format: { type: 'string' },
                total_rows: { type: 'integer' },
                valid_rows: { type: 'integer' },
                invalid_rows: { type: 'integer' },
                sample_rows: { type: 'array', items: { type: 'object', additionalProperties: true } },
                errors: ROW_ERRORS,
                ignored_columns: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
      async (request) => previewUpload(service, await readForm(request, maxBytes)),
    );

    scope.post(
      '/ingest/uploads/commit',
      {
        validatorCompiler: acceptAnyBody,
        schema: {
          tags: ['ingest'],
          summary: 'Commit a CSV upload',
          description:
            'Ingests the rows as one job (202). 400 when the file has no data rows; 422 when a row is invalid ' +
            '(unless allow_partial=true, which ingests the valid rows and skips the rest) or when no row is valid.',
          consumes: ['multipart/form-data'],
          headers: IDEMPOTENCY_HEADERS,
          body: formSchema({ allow_partial: { type: 'boolean', default: false } }),
          response: {
            202: {
              ...RECEIPT_SCHEMA,
              properties: {
                ...(RECEIPT_SCHEMA.properties as Record<string, unknown>),
                published_rows: { type: 'integer' },
                skipped_rows: { type: 'integer' },
                errors: ROW_ERRORS,
              },
            },
          },
        },
      },
      async (request, reply) => {
        const meta = requestMeta(request);
        const form = await readForm(request, maxBytes);
        const receipt = await commitUpload(service, '/ingest/uploads/commit', form, meta);
        return reply.status(202).send(receipt);
      },
    );
  });
}
