/** `not_needed`: none of the process's roles uses it (a query process on the Kafka log does not need Kafka). */
const dependencyState = { type: 'string', enum: ['ok', 'unavailable', 'not_needed'] } as const;

const readiness = {
  type: 'object',
  required: ['status', 'dependencies'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not_ready'] },
    dependencies: {
      type: 'object',
      required: ['database', 'log'],
      properties: { database: dependencyState, log: dependencyState },
    },
    errors: {
      type: 'object',
      description: 'Per failing dependency, what went wrong.',
      additionalProperties: { type: 'string' },
    },
  },
} as const;

export const liveSchema = {
  tags: ['operations'],
  summary: 'Liveness',
  description: 'The process answers HTTP. Says nothing about its dependencies.',
  response: {
    200: {
      description: 'Alive.',
      type: 'object',
      required: ['status'],
      properties: { status: { type: 'string', enum: ['alive'] } },
    },
  },
} as const;

export const readySchema = {
  tags: ['operations'],
  summary: 'Readiness',
  description:
    "Whether the store answers a query and, when the process's roles use it, the log reports its backlog " +
    '(on Kafka: the broker answers).',
  response: {
    200: { description: 'Ready to serve.', ...readiness },
    503: { description: 'A dependency fails; dependencies names it.', ...readiness },
  },
} as const;

export const metricsSchema = {
  tags: ['operations'],
  summary: 'Prometheus metrics',
  description:
    'HTTP latency, records ingested per entity, log backlog per consumer group and topic, on Kafka the lag per ' +
    'group and partition and the relay backlog and age of its oldest record (measured at scrape time), ' +
    'quarantined records, stage batch sizes and durations, process metrics.',
  response: {
    200: {
      description: 'Prometheus text exposition format.',
      content: { 'text/plain': { schema: { type: 'string' } } },
    },
  },
} as const;
