import { Type } from 'typebox';
import * as S from './common.schemas.ts';
import { RECEIPT_SCHEMA } from './ingest.schemas.ts';

export const QUARANTINE_STATUSES = ['QUARANTINED', 'RETRYING', 'RESOLVED'] as const;

export const quarantinedRecordSchema = S.component(
  'QuarantinedRecord',
  'A record a stage could not process, after bounded retries, kept with its error. Its jobs ended failed; ' +
    'the keys it is about show BLOCKED (PROCESSING_ERROR) while it waits. It goes back on the log when a later ' +
    'record of the stage names the same subject, or on POST /quarantine/{id}/retry.',
  {
    id: Type.Integer({ description: 'Quarantine id.' }),
    stage: S.text('The stage (consumer group) that could not process it: persist, positions or series.'),
    topic: S.text('Log topic of the record.'),
    partition: Type.Integer(),
    offset: Type.Integer({ description: 'Offset of the record on its topic (the latest, after a retry).' }),
    key: S.text('Partition key of the record.'),
    subject: S.text('What it is about in its stage (a fact, a position key, a portfolio).'),
    portfolio_id: S.nullableText('Portfolio it is about, when known.'),
    security_id: S.nullableText('Security it is about, when known.'),
    blocks_keys: Type.Boolean({ description: 'Whether it blocks the position keys it is about.' }),
    value: { description: 'The record itself, as it was on the log.' },
    job_ids: Type.Array(Type.String(), { description: 'Jobs the record worked for.' }),
    correlation_id: S.nullableText('Correlation id of the request that caused it.'),
    error: S.text('The error of its last try.'),
    attempts: Type.Integer({ description: 'Tries that failed, alone or in a batch.' }),
    first_failed_at: S.instant('First failure.'),
    last_failed_at: S.instant('Last failure.'),
    status: S.stringEnum(QUARANTINE_STATUSES, {
      description:
        'QUARANTINED: waiting; RETRYING: back on the log; RESOLVED: processed after all, or superseded.',
    }),
    resolution: S.nullableText('How it was resolved.'),
    resolved_at: S.nullableInstant('When it was resolved.'),
  },
);

export const listQuarantineSchema = {
  tags: ['quarantine'],
  summary: 'Quarantined records',
  description: 'Newest first. total counts every match.',
  querystring: Type.Object({
    portfolio_id: Type.Optional(S.text('Only records about this portfolio.')),
    stage: Type.Optional(S.text('Only records of this stage.')),
    status: Type.Optional(S.stringEnum(QUARANTINE_STATUSES, { description: 'Only records in this status.' })),
    ...S.pageParams(1000, 100),
  }),
  response: {
    200: S.page('items', { $ref: 'QuarantinedRecord#' }, 'One page of quarantined records.'),
    422: S.invalidQuery,
  },
} as const;

const idParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'Quarantine id.' }),
});
const notFound = S.problemResponse('No quarantined record with this id (NOT_FOUND).');

export const getQuarantinedSchema = {
  tags: ['quarantine'],
  summary: 'One quarantined record',
  params: idParams,
  response: {
    200: { description: 'The record.', $ref: 'QuarantinedRecord#' },
    404: notFound,
    422: S.invalidQuery,
  },
} as const;

export const retryQuarantinedSchema = {
  tags: ['quarantine'],
  summary: 'Retry a quarantined record',
  description:
    'Puts the record back on the log as a new job (202); its stage processes it again. Follow the job: it ends ' +
    'complete when the record went through (the keys it blocked are released), failed when it was quarantined ' +
    'again.',
  params: idParams,
  response: {
    202: RECEIPT_SCHEMA,
    404: notFound,
    409: S.problemResponse(
      'The record is not waiting: already retrying or resolved (QUARANTINE_NOT_WAITING).',
    ),
    422: S.invalidQuery,
  },
} as const;
