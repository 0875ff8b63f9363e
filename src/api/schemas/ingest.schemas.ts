import type { JsonSchema } from '../../domain/records/json-schema.ts';

/** The headers of every write that creates a job. */
export const IDEMPOTENCY_HEADERS: JsonSchema = {
  type: 'object',
  properties: {
    'x-idempotency-key': {
      type: 'string',
      description:
        'The same key and body again on the same endpoint replays the first job (202, nothing new written); ' +
        'the same key with another body is refused (409).',
    },
    'x-correlation-id': {
      type: 'string',
      description: 'Propagated to every log line; generated when absent.',
    },
  },
};

const RECEIPT_PROPERTIES = {
  message: { type: 'string' },
  entity_type: { type: 'string' },
  accepted_count: { type: 'integer' },
  job_id: {
    type: 'string',
    description: 'GET /ingestion/jobs/{job_id} tells when everything derived is current.',
  },
  correlation_id: { type: 'string' },
  idempotency_key: { type: 'string' },
};

/** The 202 answer of every write that creates a job. */
export const RECEIPT_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['message', 'entity_type', 'accepted_count', 'job_id', 'correlation_id'],
  properties: RECEIPT_PROPERTIES,
};
