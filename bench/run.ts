import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { loadConfig } from '../src/app/config.ts';
import { createLogger } from '../src/app/logger.ts';
import { ROLES } from '../src/app/roles.ts';
import { ConnectionError, INGEST_ENTITIES, PasClient } from '../src/cli/client.ts';
import { chunk, DEMO_CHUNK } from '../src/cli/demo.ts';
import { type Running, serve } from '../src/cli/serve.ts';
import type { Batch } from './data.ts';
import { type FloorResult, measureFloor } from './floor.ts';
import type { LoadResult, LoadSpec } from './load-worker.ts';
import { currentXid, diffSeconds, rowsWrittenSince, rssSampler, stageSeconds } from './measure.ts';
import type { ProbeSeries, ProbeSpec } from './probe-worker.ts';
import { type Cluster, startCluster, startRoleProcess } from './processes.ts';
import {
  type KafkaServer,
  kafkaServer,
  type Mode,
  openTarget,
  type PgServer,
  pgServer,
  type Target,
} from './target.ts';
import type { ProbePlan, QueryPlan, Workload } from './workload.ts';

/** One timed phase of a workload: ingest call → every job complete through every stage. */
export interface PhaseReport {
  workload: string;
  phase: string;
  mode: Mode;
  scale: number;
  /** Records sent in the phase. */
  records: number;
  jobs: number;
  /** Every job of the phase reached 'complete' (none failed, none timed out). */
  completed: boolean;
  failures: string[];
  /** From the first ingest call until the last job was answered complete by GET /ingestion/jobs/{id}?wait=. */
  endToEndSeconds: number;
  /** Until the last ingest request was answered 202. */
  acceptedSeconds: number;
  /** Sum of committed batch wall times per stage during the phase (stages overlap: not additive). */
  stageSeconds: Record<string, number>;
  /** Rows written per table in the phase (see rowsWrittenSince). */
  rowsWritten: Record<string, number>;
  rowsWrittenTotal: number;
  floor: FloorResult;
  /** endToEndSeconds / floor.seconds. */
  ratio: number | null;
  /** Peak RSS of this (bench + system) process during the phase; in postgres mode the server is separate. */
  peakRssMb: number;
}

export interface QueryReport {
  workload: string;
  endpoint: string;
  path: string;
  mode: Mode;
  scale: number;
  requests: number;
  concurrency: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Mean response body size. */
  bytes: number;
  peakRssMb: number;
}

/** A path probed on a fixed schedule while a phase ran (see bench/probe-worker.ts). */
export interface ProbeReport {
  workload: string;
  phase: string;
  endpoint: string;
  path: string;
  mode: Mode;
  scale: number;
  intervalMs: number;
  /** Scheduled slots, each one request. */
  samples: number;
  errors: number;
  /** Latency from each slot's due time to its answer. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface BenchReport {
  date: string;
  command: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  mode: Mode;
  scale: number;
  seed: number;
  postgres?: string;
  kafka?: string;
  phases: PhaseReport[];
  queries: QueryReport[];
  probes: ProbeReport[];
  /** Setup seconds per workload (untimed data loaded before the phases). */
  setupSeconds: Record<string, number>;
  /** The machine's 1-minute load average when the run started and when it ended (2 cores: 2 is busy). */
  loadAverage: number[];
  /** Stage replicas in Kafka mode (1 elsewhere). */
  replicas: number;
  /** Ingest sent while the query clients ran (the queries workload's `during` batches). */
  ingestDuringQueries?: IngestDuringQueries;
}

export interface IngestDuringQueries {
  /** Records accepted while the clients ran, in how many requests (jobs). */
  records: number;
  jobs: number;
  /** Rounds of the `during` batches begun (the last one cut short when the clients finished). */
  rounds: number;
  /** Of those jobs, how many were complete when the last client finished: fewer than `jobs` = still busy. */
  completeAtEnd: number;
}

export interface BenchOptions {
  workloads: readonly Workload[];
  mode: Mode;
  scale: number;
  seed?: number;
  command?: string;
  /** Progress lines (stderr by default). */
  say?: (line: string) => void;
  /** Job timeout per phase, ms. */
  timeoutMs?: number;
  /** Kafka mode: these brokers instead of KAFKA_BROKERS or a throwaway broker (tests). */
  kafkaBrokers?: readonly string[];
  /** Kafka mode: processes each of stage:positions and stage:series (default 1). */
  replicas?: number;
  /** Kafka mode: CPU niceness of the pipeline's processes, every role but query (PAS_CPU_NICE; default 10). */
  pipelineNice?: number;
}

interface SendResult {
  records: number;
  jobs: number;
  acceptedSeconds: number;
  failures: string[];
}

/**
 * One ingest request under an idempotency key, sent again once if the connection broke. A phase can hold the
 * event loop for minutes (PGlite runs a statement synchronously: the floor of a 12-million-row phase takes 5
 * minutes), after which the first request may meet a keep-alive socket the server has just closed; sent again
 * with the same key and body, the server answers with the job it already took, never a second one.
 */
async function ingestOnce(client: PasClient, entity: Batch['entity'], records: readonly unknown[]) {
  const key = randomUUID();
  const body = { [INGEST_ENTITIES[entity].list]: records };
  try {
    return await client.ingestJson(entity, body, key);
  } catch (error) {
    if (!(error instanceof ConnectionError)) throw error;
    return client.ingestJson(entity, body, key);
  }
}

/** Sends the batches in requests of `requestRecords` records while `go()` holds; the jobs and records sent. */
async function ingest(
  client: PasClient,
  batches: readonly Batch[],
  requestRecords = DEMO_CHUNK,
  go: () => boolean = () => true,
) {
  const jobs: Array<{ id: string; entity: string }> = [];
  let records = 0;
  for (const batch of batches) {
    for (const part of chunk(batch.records, requestRecords)) {
      if (!go()) return { jobs, records };
      const receipt = await ingestOnce(client, batch.entity, part);
      jobs.push({ id: receipt.job_id, entity: batch.entity });
      records += part.length;
    }
  }
  return { jobs, records };
}

/**
 * Sends round 0, 1, … of `during` while `go()` holds (the queries workload's ingest beside its clients), each
 * round once the previous one's jobs are complete: ingest at the pipeline's pace, not a growing backlog.
 */
async function ingestRounds(
  client: PasClient,
  during: ((round: number) => Batch[]) | undefined,
  go: () => boolean,
) {
  const jobs: Array<{ id: string; entity: string }> = [];
  let records = 0;
  let rounds = 0;
  while (during && go()) {
    const sent = await ingest(client, during(rounds), DEMO_CHUNK, go);
    jobs.push(...sent.jobs);
    records += sent.records;
    rounds++;
    for (const job of sent.jobs) {
      while (go() && (await client.job(job.id, 1)).status === 'accepted') {}
    }
  }
  return { jobs, records, rounds };
}

/** Sends the batches in requests of `requestRecords` records, then waits for every job. */
async function send(
  client: PasClient,
  batches: readonly Batch[],
  timeoutMs: number,
  requestRecords = DEMO_CHUNK,
): Promise<SendResult> {
  const started = performance.now();
  const { jobs, records } = await ingest(client, batches, requestRecords);
  const acceptedSeconds = (performance.now() - started) / 1000;
  const deadline = Date.now() + timeoutMs;
  const failures: string[] = [];
  for (const job of jobs) {
    try {
      const state = await client.waitForJob(job.id, Math.max(1_000, deadline - Date.now()));
      if (state.status !== 'complete') {
        failures.push(`${job.entity} job ${job.id}: ${state.status} ${state.failure_reason ?? ''}`.trim());
      }
    } catch (error) {
      failures.push(`${job.entity} job ${job.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { records, jobs: jobs.length, acceptedSeconds, failures };
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Runs the load generator in a worker thread and waits for its result. */
function load(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.ts', import.meta.url), { workerData: spec });
    worker.once('message', (result: LoadResult) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

/**
 * `requests` requests of each query by `concurrency` concurrent clients, from a worker thread (the clients do not
 * share the server's event loop; they do share the machine's two cores).
 */
async function runQueries(url: string, plan: QueryPlan, pids: readonly number[]) {
  const results: Array<Omit<QueryReport, 'workload' | 'mode' | 'scale' | 'peakRssMb'> & { rss: number }> = [];
  for (const query of plan.paths) {
    const rss = rssSampler(pids);
    const result = await load({
      url: `${url}${query.path}`,
      method: query.body === undefined ? 'GET' : 'POST',
      body: query.body,
      requests: plan.requests,
      concurrency: plan.concurrency,
      warmup: 5,
    });
    if (result.firstError !== undefined) throw new Error(`${query.name}: ${result.firstError}`);
    const latencies = result.latenciesMs.sort((a, b) => a - b);
    results.push({
      endpoint: query.name,
      path: query.body === undefined ? query.path : `POST ${query.path}`,
      requests: latencies.length,
      concurrency: plan.concurrency,
      errors: result.errors,
      seconds: result.seconds,
      requestsPerSecond: latencies.length / result.seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[latencies.length - 1] ?? 0,
      bytes: Math.round(result.bytes / Math.max(1, latencies.length)),
      rss: rss.stop(),
    });
  }
  return results;
}

/** Starts the probe worker and waits until it polls; stop() ends it and returns what it measured. */
async function startProbe(url: string, plan: ProbePlan): Promise<{ stop(): Promise<ProbeSeries[]> }> {
  const spec: ProbeSpec = {
    baseUrl: url,
    paths: plan.paths.map((p) => ({ ...p, intervalMs: plan.intervalMs[p.name] ?? 100 })),
  };
  const worker = new Worker(new URL('./probe-worker.ts', import.meta.url), { workerData: spec });
  const result = new Promise<ProbeSeries[]>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (message !== 'ready') resolve(message as ProbeSeries[]);
    });
    worker.once('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (message: unknown) => {
      if (message === 'ready') resolve();
    });
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const series = await result;
      await worker.terminate();
      return series;
    },
  };
}

/**
 * The system in this process: every role (embedded, postgres), or in Kafka mode only the query role, for the
 * measurements' reads of the database (the pipeline runs in its own processes: startCluster).
 */
async function startSystem(target: Target['config']): Promise<Running> {
  const config = loadConfig(process.env, {
    roles: target.kafkaBrokers ? ['query'] : ROLES,
    dataDir: target.dataDir ?? loadConfig().dataDir,
    databaseUrl: target.databaseUrl,
    // On Kafka through the broker: the mode of the target, never the environment.
    kafkaBrokers: target.kafkaBrokers ?? [],
    kafkaTopicPrefix: target.kafkaTopicPrefix ?? '',
    host: '127.0.0.1',
    port: 0,
    queryPort: 0,
    logLevel: process.env.PAS_LOG_LEVEL ?? 'error',
    // The load generators send far more than a client would: the benchmark measures the system, not the limiter.
    rateLimitMax: 0,
    // The responsiveness workload sends its batch as one request of up to PAS_MAX_BATCH_RECORDS transactions
    // (~20 MB), measured before the JSON body limit came down to 32 MiB: kept, so runs stay comparable.
    maxBodyBytes: Number(process.env.PAS_MAX_BODY_BYTES || 64 * 1024 * 1024),
  });
  return serve(config, { logger: createLogger(config.logLevel, pino.destination(2)) });
}

/** Runs the workloads one after the other, each on a fresh store, and returns the report. */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const { mode, scale } = options;
  const seed = options.seed ?? 42;
  const say = options.say ?? ((line: string) => process.stderr.write(`${line}\n`));
  const timeoutMs = options.timeoutMs ?? 60 * 60_000;
  const replicas = mode === 'kafka' ? (options.replicas ?? 1) : 1;
  const pipelineNice = options.pipelineNice ?? 10;
  if (!Number.isInteger(replicas) || replicas < 1)
    throw new Error(`replicas must be a positive integer, got ${replicas}`);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number, got ${scale}`);
  const cpus = os.cpus();
  const report: BenchReport = {
    date: new Date().toISOString(),
    command: options.command ?? '',
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    mode,
    scale,
    seed,
    phases: [],
    queries: [],
    probes: [],
    setupSeconds: {},
    loadAverage: [os.loadavg()[0]!],
    replicas,
  };
  let server: PgServer | undefined;
  let kafka: KafkaServer | undefined;
  if (mode === 'postgres' || mode === 'kafka') {
    server = await pgServer();
    report.postgres = `${server.source}; the server is a separate process: its memory and CPU are not in peak RSS`;
  }
  if (mode === 'kafka') {
    kafka = options.kafkaBrokers
      ? { brokers: [...options.kafkaBrokers], source: 'given brokers', stop: async () => {} }
      : await kafkaServer();
    report.kafka =
      `${kafka.source}; ingest, relay, stage:persist and ${replicas} × stage:positions and stage:series each ` +
      `in its own process (their RSS is in peak RSS; all at PAS_CPU_NICE=${pipelineNice}), queries ` +
      'on a separate query-role process; the broker is a separate process';
  }
  try {
    for (const workload of options.workloads) {
      const plan = workload.plan(scale, seed);
      const target = await openTarget(mode, server, kafka);
      let running: Running | undefined;
      let cluster: Cluster | undefined;
      try {
        running = await startSystem(target.config);
        const { system } = running;
        // Kafka mode: every role of the pipeline in its own process, as a deployment runs them.
        if (mode === 'kafka') cluster = await startCluster(target.config, replicas, pipelineNice);
        const stagesNow = () => cluster?.stageSeconds() ?? stageSeconds(system.metrics);
        const pids = cluster?.processes.map((p) => p.pid) ?? [];
        const client = new PasClient(cluster?.ingestUrl ?? running.url);
        const setupStarted = performance.now();
        const setup = await send(client, plan.setup, timeoutMs);
        if (setup.failures.length > 0)
          throw new Error(`${workload.name} setup failed: ${setup.failures.join('; ')}`);
        report.setupSeconds[workload.name] = (performance.now() - setupStarted) / 1000;
        say(
          `bench ${workload.name}: setup ${setup.records} records in ${report.setupSeconds[workload.name]!.toFixed(1)} s`,
        );

        for (const phase of plan.phases) {
          const xid = await currentXid(system.db);
          const stagesBefore = await stagesNow();
          const rss = rssSampler(pids);
          const probe = plan.probe ? await startProbe(running.url, plan.probe) : undefined;
          const started = performance.now();
          const sent = await send(client, phase.batches, timeoutMs, phase.requestRecords);
          const endToEndSeconds = (performance.now() - started) / 1000;
          const probed = (await probe?.stop()) ?? [];
          const peakRssMb = rss.stop();
          const stages = diffSeconds(await stagesNow(), stagesBefore);
          const rowsWritten = await rowsWrittenSince(system.db, xid);
          const rowsWrittenTotal = Object.values(rowsWritten).reduce((a, b) => a + b, 0);
          const floor = await measureFloor(system.db, rowsWrittenTotal);
          const entry: PhaseReport = {
            workload: workload.name,
            phase: phase.name,
            mode,
            scale,
            records: sent.records,
            jobs: sent.jobs,
            completed: sent.failures.length === 0,
            failures: sent.failures,
            endToEndSeconds,
            acceptedSeconds: sent.acceptedSeconds,
            stageSeconds: stages,
            rowsWritten,
            rowsWrittenTotal,
            floor,
            ratio: floor.seconds > 0 ? endToEndSeconds / floor.seconds : null,
            peakRssMb,
          };
          report.phases.push(entry);
          for (const series of probed) {
            const latencies = series.latenciesMs.sort((a, b) => a - b);
            const p: ProbeReport = {
              workload: workload.name,
              phase: phase.name,
              endpoint: series.name,
              path: series.path,
              mode,
              scale,
              intervalMs: plan.probe!.intervalMs[series.name] ?? 100,
              samples: latencies.length,
              errors: series.errors,
              p50Ms: percentile(latencies, 50),
              p99Ms: percentile(latencies, 99),
              maxMs: latencies[latencies.length - 1] ?? 0,
            };
            report.probes.push(p);
            say(
              `bench ${workload.name}/${phase.name} probe ${p.endpoint}: ${p.samples} samples, p50 ${p.p50Ms.toFixed(1)} ms, ` +
                `p99 ${p.p99Ms.toFixed(1)} ms, max ${p.maxMs.toFixed(1)} ms, ${p.errors} errors`,
            );
          }
          say(
            `bench ${workload.name}/${phase.name}: ${sent.records} records, ${endToEndSeconds.toFixed(2)} s end to end, ` +
              `${rowsWrittenTotal} rows, floor ${floor.seconds.toFixed(2)} s${entry.completed ? '' : ' — NOT COMPLETE'}`,
          );
        }
        if (plan.queries) {
          // Kafka mode: a separate query-role process answers, as in a deployment, while the `during` batches
          // go to the ingest process.
          const queryProcess = mode === 'kafka' ? await startRoleProcess(target.config, 'query') : undefined;
          let answered: Awaited<ReturnType<typeof runQueries>>;
          let clientsRun = true;
          const during = ingestRounds(client, plan.queries.during, () => clientsRun);
          during.catch(() => {}); // awaited below; if the clients failed, their error is the one reported

          try {
            answered = await runQueries(queryProcess?.url ?? running.url, plan.queries, [
              ...pids,
              ...(queryProcess ? [queryProcess.pid] : []),
            ]);
          } finally {
            clientsRun = false;
            await queryProcess?.stop();
          }
          const sent = await during;
          if (plan.queries.during) {
            const states = await Promise.all(sent.jobs.map((j) => client.job(j.id)));
            report.ingestDuringQueries = {
              records: sent.records,
              jobs: sent.jobs.length,
              rounds: sent.rounds,
              completeAtEnd: states.filter((s) => s.status === 'complete').length,
            };
            say(
              `bench ${workload.name}: ${sent.records} records ingested while the clients ran, ` +
                `${report.ingestDuringQueries.completeAtEnd} of ${sent.jobs.length} jobs complete at their end`,
            );
          }
          for (const q of answered) {
            const { rss, ...rest } = q;
            report.queries.push({ workload: workload.name, mode, scale, ...rest, peakRssMb: rss });
            say(
              `bench ${workload.name}/${q.endpoint}: p50 ${q.p50Ms.toFixed(1)} ms, p99 ${q.p99Ms.toFixed(1)} ms`,
            );
          }
        }
      } finally {
        await cluster?.stop();
        await running?.close();
        await target.dispose();
      }
    }
  } finally {
    await server?.stop();
    await kafka?.stop();
  }
  report.loadAverage.push(os.loadavg()[0]!);
  return report;
}
