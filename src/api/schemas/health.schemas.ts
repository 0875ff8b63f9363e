import { Type } from 'typebox';
import * as S from './common.schemas.ts';

/** `not_needed`: none of the process's roles uses it (a query process on the Kafka log does not need Kafka). */
const dependencyState = S.stringEnum(['ok', 'unavailable', 'not_needed'] as const);

const readiness = Type.Object({
  status: S.stringEnum(['ready', 'not_ready'] as const),
  dependencies: Type.Object({ database: dependencyState, log: dependencyState }),
  errors: Type.Optional(S.mapOf(Type.String(), { description: 'Per failing dependency, what went wrong.' })),
});

export const liveSchema = {
  tags: ['operations'],
  summary: 'Liveness',
  description: 'The process answers HTTP. Says nothing about its dependencies.',
  response: {
    200: Type.Object({ status: S.stringEnum(['alive'] as const) }, { description: 'Alive.' }),
  },
} as const;

export const readySchema = {
  tags: ['operations'],
  summary: 'Readiness',
  description:
    "Whether the store answers a query and, when the process's roles use it, the log reports its backlog " +
    '(on Kafka: the broker answers).',
  response: {
    200: S.withOptions(readiness, { description: 'Ready to serve.' }),
    503: S.withOptions(readiness, { description: 'A dependency fails; dependencies names it.' }),
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
      content: { 'text/plain': { schema: Type.String() } },
    },
  },
} as const;
