import type { Logger } from 'pino';
import { JobLedger } from '../engine/jobs.ts';
import { createPersistStage } from '../engine/persist-stage.ts';
import { createPositionStage } from '../engine/position-stage.ts';
import { createSeriesStage } from '../engine/series-stage.ts';
import { type FaultInjector, type RetryPolicy, StageRunner } from '../engine/stage-runner.ts';
import { SUBSCRIPTIONS } from '../engine/topology.ts';
import { createKafkaLog } from '../log/kafka-log.ts';
import { createLocalLog } from '../log/local-log.ts';
import type { Log } from '../log/log.ts';
import type { Db } from '../store/db.ts';
import { openStore } from '../store/open.ts';
import { VersionFeed } from '../store/version-feed.ts';
import type { Config } from './config.ts';
import { createLogger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { ResponseCache } from './response-cache.ts';
import { hasRole, stageGroupsOf } from './roles.ts';

/**
 * KAFKA_BROKERS selects the Kafka log, which keeps its outbox and consumer offsets in PostgreSQL: processes of
 * several roles share them, which one PGlite directory (one process) cannot serve.
 */
export function checkLogConfig(config: Config): void {
  if (config.kafkaBrokers.length > 0 && !config.databaseUrl) {
    throw new Error(
      'configuration: KAFKA_BROKERS selects the Kafka log, which needs PostgreSQL: set DATABASE_URL too ' +
        '(or unset KAFKA_BROKERS to run embedded)',
    );
  }
}

/** Everything one process runs, wired together: the composition root. */
export interface System {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  db: Db;
  /** Where the data lives: the PGlite directory or the redacted PostgreSQL URL. */
  location: string;
  log: Log;
  ledger: JobLedger;
  runner: StageRunner;
  /** Answers of the portfolio-scoped analytics, served again while their data is unchanged (one per process). */
  responseCache: ResponseCache;
  /** Resolves once every job in `jobIds` has completed, or after `ms`. */
  waitForJobs(jobIds: readonly string[], ms: number): Promise<void>;
  close(): Promise<void>;
}

export interface SystemOptions {
  logger?: Logger;
  /** Start the stage loops (default true). Tests may drive stages with runner.drain() instead. */
  runStages?: boolean;
  /** An already opened database (tests); otherwise opened from the config, with migrations. */
  db?: Db;
  /** Tests only (never from configuration or HTTP): fail records on purpose to exercise the quarantine. */
  faultInjector?: FaultInjector;
  /** Tests: shorter retries before a record is quarantined. */
  retry?: Partial<RetryPolicy>;
  /** Told each start-up step as it starts (opening, migrating, starting the stages). */
  onStep?: (step: string) => void;
}

export async function createSystem(config: Config, options: SystemOptions = {}): Promise<System> {
  checkLogConfig(config);
  const logger = options.logger ?? createLogger(config.logLevel);
  const metrics = createMetrics();
  const store = options.db
    ? { db: options.db, location: 'external', close: () => options.db!.close() }
    : await openStore(config, { migrate: true, ...(options.onStep ? { onStep: options.onStep } : {}) });
  const { db } = store;
  const kafka = config.kafkaBrokers.length > 0;
  const log = kafka
    ? createKafkaLog(db, {
        brokers: config.kafkaBrokers,
        topicPrefix: config.kafkaTopicPrefix,
        relay: hasRole(config.roles, 'relay'),
        logger,
      })
    : createLocalLog(db);
  const ledger = new JobLedger(log.emitter, SUBSCRIPTIONS);

  const jobWaiters = new Set<() => void>();
  const notifyJobs = () => {
    for (const w of jobWaiters) w();
  };

  // A process that only answers queries writes nothing its answers read: it may trust the database's change
  // notifications instead of reading the versions at every request (response-cache.ts). One that writes reads
  // them, so that a request after its own commit always sees it.
  const versionFeed =
    config.databaseUrl !== undefined && db.kind === 'postgres' && config.roles.every((r) => r === 'query')
      ? await VersionFeed.open(config.databaseUrl, (message) => logger.warn(message))
      : undefined;

  const groups = stageGroupsOf(config.roles);
  const stages = [
    createPersistStage(),
    createPositionStage({ onReplays: (n) => metrics.positionReplays.inc(n) }),
    // The price and FX caches are dropped by the events this process consumes; on Kafka another replica may
    // consume a security's events, so the cache would go stale: off there.
    createSeriesStage({ pivot: config.fxPivot, cache: !kafka }),
  ].filter((stage) => groups.includes(stage.group));
  const runner = new StageRunner(stages, {
    db,
    log,
    ledger,
    logger,
    batchSize: config.stageBatchSize,
    // Only PGlite's single connection makes requests wait for a stage transaction; PostgreSQL has a pool.
    batchTargetMs: db.kind === 'pglite' ? config.stageBatchTargetMs : 0,
    idleMs: config.stageIdleMs,
    ...(options.faultInjector ? { faultInjector: options.faultInjector } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    observer: {
      batchDone(stage, records, seconds) {
        metrics.stageBatchRecords.observe({ stage }, records);
        metrics.stageBatchDuration.observe({ stage }, seconds);
      },
      batchFailed(stage) {
        metrics.stageFailures.inc({ stage });
      },
      recordQuarantined(stage) {
        metrics.quarantinedTotal.inc({ stage });
      },
      jobsCompleted: notifyJobs,
    },
  });
  if ((options.runStages ?? true) && stages.length > 0) {
    options.onStep?.(`starting the stages (${stages.map((s) => s.group).join(', ')})`);
    runner.start();
  }

  async function pendingOf(jobIds: readonly string[]): Promise<number> {
    const rows = await db.query<{ n: number }>(
      `SELECT count(*)::int8 AS n FROM ingestion_jobs WHERE job_id = ANY($1::text[]) AND status = 'accepted'`,
      [jobIds],
    );
    return rows[0]?.n ?? 0;
  }

  return {
    config,
    logger,
    metrics,
    db,
    location: store.location,
    log,
    ledger,
    runner,
    responseCache: new ResponseCache(
      db,
      config.responseCacheBytes,
      {
        hit: (route) => metrics.responseCacheHits.inc({ route }),
        miss: (route) => metrics.responseCacheMisses.inc({ route }),
      },
      versionFeed,
    ),
    async waitForJobs(jobIds, ms) {
      const deadline = Date.now() + ms;
      // Wakes on in-process completions; polls for completions by other processes (distributed mode).
      while ((await pendingOf(jobIds)) > 0 && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            jobWaiters.delete(done);
            resolve();
          };
          const timer = setTimeout(done, Math.min(250, Math.max(0, deadline - Date.now())));
          jobWaiters.add(done);
        });
      }
    },
    async close() {
      await runner.stop();
      await versionFeed?.close();
      await log.close();
      await store.close();
    },
  };
}
