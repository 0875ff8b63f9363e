import { type Static, Type } from 'typebox';
import { component, instant, invalidQuery, limitParam, nullableText, text } from './common.schemas.ts';

export const AUDIT_ACTIONS = [
  'ingest',
  'upload',
  'reprocess',
  'quarantine_retry',
  'key_create',
  'key_revoke',
] as const;

export const auditQuery = Type.Object({
  after: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      default: 0,
      description: 'Events after this id (next_after of the previous page); 0: from the first.',
    }),
  ),
  limit: Type.Optional(limitParam(1000, 100)),
  key_id: Type.Optional(text('Only events of this API key.')),
  action: Type.Optional(
    Type.Unsafe<string>({
      type: 'string',
      enum: [...AUDIT_ACTIONS],
      description: 'Only events of this action.',
    }),
  ),
});
export type AuditQuery = Static<typeof auditQuery> & { after: number; limit: number };

export const auditEventSchema = component(
  'AuditEvent',
  'One write: who, what, which job and request, when.',
  {
    id: Type.Integer({ description: 'Event id, increasing.' }),
    at: instant('When the write was committed (UTC).'),
    action: text(`What was written: ${AUDIT_ACTIONS.join(', ')}.`),
    key_id: nullableText(
      'The API key that wrote; null when auth was off or the change came from `pas keys`.',
    ),
    endpoint: nullableText('The route that wrote.'),
    entity_type: nullableText('The job’s entity type (or api_key).'),
    job_id: nullableText('The job the write created.'),
    correlation_id: nullableText('Correlation id of the request.'),
    counts: Type.Record(Type.String(), Type.Integer(), { description: 'Records written, per entity type.' }),
    detail: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], {
      description: 'Accepted count, idempotency key, quarantine id, or the key created or revoked.',
    }),
  },
);

export const listAuditSchema = {
  tags: ['audit'],
  summary: 'Audit trail of writes',
  description:
    'Every write (ingest, upload, reprocessing, quarantine retry, API key change), oldest first, a page at a ' +
    'time: pass next_after as after for the next page. Needs the admin scope.',
  querystring: auditQuery,
  response: {
    200: Type.Object(
      {
        items: Type.Array({ $ref: 'AuditEvent#' }),
        next_after: Type.Union([Type.Integer(), Type.Null()], {
          description: 'after for the next page; null on the last page.',
        }),
      },
      { description: 'One page of audit events.' },
    ),
    422: invalidQuery,
  },
} as const;
