import { Type } from 'typebox';

/** The headers of every write that creates a job. */
export const IDEMPOTENCY_HEADERS = Type.Object({
  'x-idempotency-key': Type.Optional(
    Type.String({
      description:
        'The same key and body again on the same endpoint replays the first job (202, nothing new written); ' +
        'the same key with another body is refused (409).',
    }),
  ),
  'x-correlation-id': Type.Optional(
    Type.String({ description: 'Propagated to every log line; generated when absent.' }),
  ),
});

/** The 202 answer of every write that creates a job. */
export const RECEIPT_SCHEMA = Type.Object({
  message: Type.String(),
  entity_type: Type.String(),
  accepted_count: Type.Integer(),
  job_id: Type.String({
    description: 'GET /ingestion/jobs/{job_id} tells when everything derived is current.',
  }),
  correlation_id: Type.String(),
  idempotency_key: Type.Optional(Type.String()),
});
