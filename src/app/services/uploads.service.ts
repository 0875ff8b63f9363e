import { AppError, badRequest, type FieldError, validationFailed } from '../../domain/errors.ts';
import { parseBoolean } from '../../domain/records/fields.ts';
import { UPLOAD_LISTS } from '../../domain/records/specs.ts';
import type { IngestService, RequestMeta } from '../../engine/ingest-service.ts';

// What a CSV upload must be (the form's fields, a CSV file in UTF-8) before its rows go through the same spec
// tables and ingest service as the JSON endpoints. Reading the multipart body is the route's.

const EXCEL_NAME = /\.(xlsx|xlsm|xlsb|xls|ods)$/i;
const CSV_NAME = /\.(csv|txt)$/i;
// Windows reports .csv files as application/vnd.ms-excel; the name or content decides for those.
const CSV_TYPES = new Set(['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel']);
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

export interface UploadedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
}

export interface Form {
  fields: Record<string, string>;
  file: UploadedFile | undefined;
}

function csvText(file: UploadedFile): string {
  const head = file.data.subarray(0, 4);
  if (EXCEL_NAME.test(file.filename) || head.equals(ZIP_MAGIC) || head.equals(OLE_MAGIC)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `"${file.filename}" is a spreadsheet workbook; only CSV is read. Save the sheet as "CSV UTF-8" and upload the .csv file`,
    );
  }
  if (!CSV_NAME.test(file.filename) && !CSV_TYPES.has(file.mimetype)) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `"${file.filename}" (${file.mimetype}) is not a CSV file; upload a .csv file`,
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file.data);
  } catch {
    throw badRequest(`"${file.filename}" is not UTF-8 text; save it as "CSV UTF-8" and upload it again`);
  }
}

function formError(field: string, message: string): FieldError {
  return { index: 0, field, message };
}

/** The form's fields, every problem reported at once. */
function readOptions(form: Form, options: { sampleSize?: boolean; allowPartial?: boolean }) {
  const errors: FieldError[] = [];
  const entityType = form.fields.entity_type?.trim() ?? '';
  if (!UPLOAD_LISTS.includes(entityType)) {
    errors.push(formError('entity_type', `must be one of ${UPLOAD_LISTS.join(', ')}; got "${entityType}"`));
  }
  if (!form.file) errors.push(formError('file', 'is required: a CSV file with a header row'));
  let sampleSize = 20;
  const rawSample = form.fields.sample_size?.trim();
  if (options.sampleSize && rawSample) {
    sampleSize = Number(rawSample);
    if (!Number.isInteger(sampleSize) || sampleSize < 1 || sampleSize > 100) {
      errors.push(formError('sample_size', `must be an integer from 1 to 100; got "${rawSample}"`));
    }
  }
  let allowPartial = false;
  const rawPartial = form.fields.allow_partial?.trim();
  if (options.allowPartial && rawPartial) {
    const parsed = parseBoolean(rawPartial);
    if (parsed.ok) allowPartial = parsed.value;
    else errors.push(formError('allow_partial', parsed.message));
  }
  const known = [
    'entity_type',
    ...(options.sampleSize ? ['sample_size'] : []),
    ...(options.allowPartial ? ['allow_partial'] : []),
  ];
  for (const name of Object.keys(form.fields).filter((n) => !known.includes(n))) {
    errors.push(formError(name, 'is not a known field'));
  }
  if (errors.length > 0 || !form.file) throw validationFailed('invalid upload form', errors);
  return { entityType, file: form.file, sampleSize, allowPartial };
}

/** Validates every row of the uploaded list and writes nothing. */
export function previewUpload(ingest: IngestService, form: Form) {
  const options = readOptions(form, { sampleSize: true });
  return ingest.previewUpload(options.entityType, csvText(options.file), options.sampleSize);
}

/** Ingests the uploaded rows as one job (with allow_partial, the valid ones). */
export function commitUpload(ingest: IngestService, endpoint: string, form: Form, meta: RequestMeta) {
  const options = readOptions(form, { allowPartial: true });
  return ingest.commitUpload(endpoint, options.entityType, csvText(options.file), options.allowPartial, meta);
}
