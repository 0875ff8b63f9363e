import { Type } from 'typebox';
import * as S from './common.schemas.ts';

export const JOB_STATUSES = ['accepted', 'complete', 'complete_with_problems', 'failed'] as const;

export const ingestionJobSchema = S.component(
  'IngestionJob',
  'An ingestion request and how far the pipeline has got with it. status is accepted while records are ' +
    'pending; complete once everything derived from its records is current in every stage; ' +
    'complete_with_problems when done but a key its records reached is BLOCKED (problems says which and why); ' +
    'failed when a record of it was quarantined (failure_reason; GET /quarantine).',
  {
    job_id: S.text('Job id (job_<hex>).'),
    endpoint: S.text('Ingest endpoint that accepted the request.'),
    entity_type: S.text('Entity type of the records.'),
    status: S.stringEnum(JOB_STATUSES),
    accepted_count: Type.Integer({ description: 'Records accepted.' }),
    idempotency_key: S.nullableText('X-Idempotency-Key of the request.'),
    correlation_id: S.text('Correlation id of the request.'),
    submitted_at: S.instant('When the request was accepted.'),
    completed_at: S.nullableInstant('When the last stage finished with its records.'),
    failure_reason: S.nullableText('Why the job failed: PROCESSING_ERROR: <error> for a quarantined record.'),
    stages: Type.Array(Type.Object({ stage: Type.String(), pending: Type.Integer() }), {
      description: 'Per stage (consumer group), in pipeline order: records of the job still to process.',
    }),
    problems: Type.Array(
      Type.Object({
        portfolio_id: S.nullableText('Portfolio of the key or record, when known.'),
        security_id: S.nullableText('Security of the key or record, when known.'),
        reason: S.text('Why, as <CODE>: <detail>.'),
      }),
      {
        description:
          'What the records left behind: keys BLOCKED when the job ended (reason <CODE>: <detail>, e.g. ' +
          'OVERSOLD: SELL of 200 exceeds the 150 held) and records quarantined (PROCESSING_ERROR: <error>). ' +
          'Empty unless status is complete_with_problems or failed.',
      },
    ),
  },
);

export const getJobSchema = {
  tags: ['ingestion jobs'],
  summary: 'Get an ingestion job',
  description:
    'With wait=<seconds> the request is held until the job is complete (or the wait runs out), then returns ' +
    'its state: read-your-writes without polling.',
  params: Type.Object({ job_id: S.text('Job id returned by the ingest call.') }),
  querystring: Type.Object({
    wait: S.defaulted(
      Type.Number({
        minimum: 0,
        maximum: 300,
        default: 0,
        description: 'Seconds to wait for completion, 0–300 (default 0: answer at once).',
      }),
    ),
  }),
  response: {
    200: { description: 'The job.', $ref: 'IngestionJob#' },
    404: S.problemResponse('No job with this id (INGESTION_JOB_NOT_FOUND).'),
    422: S.invalidQuery,
  },
} as const;

const boundDescription = 'A date (YYYY-MM-DD, UTC) or an ISO-8601 date-time with offset.';

export const listJobsSchema = {
  tags: ['ingestion jobs'],
  summary: 'List ingestion jobs',
  description:
    'Jobs newest first. Page with next_cursor: pass it as cursor with the same filters; it is null on the ' +
    'last page. total counts every job matching the filters.',
  querystring: Type.Object({
    status: Type.Optional(S.stringEnum(JOB_STATUSES, { description: 'Only jobs with this status.' })),
    entity_type: Type.Optional(S.text('Only jobs of this entity type.')),
    submitted_from: Type.Optional(S.text(`Submitted at or after. ${boundDescription}`)),
    submitted_to: Type.Optional(
      S.text(`Submitted at or before; a date includes the whole day. ${boundDescription}`),
    ),
    limit: S.defaulted(S.limitParam(500, 100)),
    cursor: Type.Optional(S.text('next_cursor of the previous page (opaque).')),
  }),
  response: {
    200: Type.Object(
      {
        jobs: Type.Array({ $ref: 'IngestionJob#' }),
        total: Type.Integer(),
        next_cursor: S.nullableText('Cursor of the next page; null on the last page.'),
      },
      { description: 'One page of jobs.' },
    ),
    422: S.invalidQuery,
  },
} as const;
