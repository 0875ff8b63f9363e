import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one process. A registry per system, so tests can build several side by side. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'pas_http_request_duration_seconds',
      help: 'HTTP request latency by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    responseCacheHits: new Counter({
      name: 'pas_response_cache_hits_total',
      help: 'Answers of the portfolio-scoped analytics served from the answer cache (data unchanged), by route',
      labelNames: ['route'] as const,
      registers: [registry],
    }),
    responseCacheMisses: new Counter({
      name: 'pas_response_cache_misses_total',
      help: 'Answers of the portfolio-scoped analytics computed afresh (nothing kept, or its data changed), by route',
      labelNames: ['route'] as const,
      registers: [registry],
    }),
    recordsIngested: new Counter({
      name: 'pas_records_ingested_total',
      help: 'Records accepted by the ingest API, by entity type',
      labelNames: ['entity_type'] as const,
      registers: [registry],
    }),
    stageBatchRecords: new Histogram({
      name: 'pas_stage_batch_records',
      help: 'Records per committed stage batch',
      labelNames: ['stage'] as const,
      buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000],
      registers: [registry],
    }),
    stageBatchDuration: new Histogram({
      name: 'pas_stage_batch_duration_seconds',
      help: 'Wall time per committed stage batch',
      labelNames: ['stage'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    stageFailures: new Counter({
      name: 'pas_stage_batch_failures_total',
      help: 'Stage batches that failed and were rolled back (retried, then split to isolate the failing records)',
      labelNames: ['stage'] as const,
      registers: [registry],
    }),
    positionReplays: new Counter({
      name: 'pas_position_replays_total',
      help:
        'Replays of a (portfolio, security) key by the position stage: one per key per batch, however many ' +
        'events reached it (a batch rolled back and retried counts again)',
      registers: [registry],
    }),
    quarantined: new Gauge({
      name: 'pas_quarantined_records',
      help:
        'Records waiting in quarantine (failed alone after retries; GET /quarantine), per stage, measured ' +
        'when scraped',
      labelNames: ['stage'] as const,
      registers: [registry],
    }),
    quarantinedTotal: new Counter({
      name: 'pas_records_quarantined_total',
      help: 'Records this process quarantined, per stage',
      labelNames: ['stage'] as const,
      registers: [registry],
    }),
    jobs: new Gauge({
      name: 'pas_jobs',
      help: 'Ingestion jobs by status (accepted, complete, complete_with_problems, failed), measured when scraped',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    oldestAcceptedJobAge: new Gauge({
      name: 'pas_oldest_accepted_job_age_seconds',
      help: 'Age of the oldest job not yet complete (0: none), measured when scraped',
      registers: [registry],
    }),
    blockedKeys: new Gauge({
      name: 'pas_blocked_keys',
      help: 'Position keys BLOCKED (oversold, missing FX, …; GET /positions shows why), measured when scraped',
      registers: [registry],
    }),
    logBacklog: new Gauge({
      name: 'pas_log_backlog_records',
      help: 'Records on the log not yet consumed, per consumer group and topic',
      labelNames: ['group', 'topic'] as const,
      registers: [registry],
    }),
    kafkaConsumerLag: new Gauge({
      name: 'pas_kafka_consumer_lag_records',
      help:
        'Kafka log: records of a partition not yet consumed by a consumer group (the last stable offset minus ' +
        "the group's offset in the database), measured when scraped",
      labelNames: ['group', 'topic', 'partition'] as const,
      registers: [registry],
    }),
    relayBacklog: new Gauge({
      name: 'pas_relay_backlog_records',
      help: 'Kafka log: records in the database outbox not yet relayed to Kafka, measured when scraped',
      registers: [registry],
    }),
    relayActive: new Gauge({
      name: 'pas_relay_active',
      help: 'Kafka log: 1 while this process is the active relay, 0 while it waits as standby or has no relay role',
      registers: [registry],
    }),
    relayOldestAge: new Gauge({
      name: 'pas_relay_oldest_record_age_seconds',
      help: 'Kafka log: age of the oldest record waiting in the outbox (0 when empty), measured when scraped',
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
