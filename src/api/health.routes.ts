import type { FastifyInstance } from 'fastify';
import type { System } from '../app/system.ts';
import { JOB_STATUSES } from '../engine/jobs.ts';
import { SUBSCRIPTIONS } from '../engine/topology.ts';
import { quarantinedCounts } from '../store/quarantine.ts';
import { pipelineState } from '../store/queries/pipeline-state.queries.ts';
import { liveSchema, metricsSchema, readySchema } from './schemas/health.schemas.ts';

/** A dependency that does not answer within this time counts as unavailable: a probe must not hang. */
const CHECK_TIMEOUT_MS = 5_000;

async function check(probe: () => Promise<unknown>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: FastifyInstance, system: System) {
  app.get('/health/live', { schema: liveSchema }, async () => ({ status: 'alive' }));

  app.get('/health/ready', { schema: readySchema }, async (request, reply) => {
    const [database, log] = await Promise.all([
      check(() => system.db.query('SELECT 1')),
      check(() => system.log.backlog(SUBSCRIPTIONS)),
    ]);
    const errors: Record<string, string> = {};
    if (database) errors.database = database;
    if (log) errors.log = log;
    const ready = !database && !log;
    if (!ready) request.log.warn({ errors }, 'not ready');
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not_ready',
      dependencies: { database: database ? 'unavailable' : 'ok', log: log ? 'unavailable' : 'ok' },
      ...(ready ? {} : { errors }),
    });
  });

  app.get('/metrics', { schema: metricsSchema }, async (request, reply) => {
    // The backlog is a property of the log, not of this process: measure it when Prometheus asks.
    try {
      const backlog = await system.log.backlog(SUBSCRIPTIONS);
      system.metrics.logBacklog.reset();
      for (const b of backlog) system.metrics.logBacklog.set({ group: b.group, topic: b.topic }, b.lag);
    } catch (err) {
      request.log.warn({ err }, 'log backlog unavailable for /metrics');
    }
    try {
      const counts = await quarantinedCounts(system.db);
      system.metrics.quarantined.reset();
      for (const stage of SUBSCRIPTIONS) system.metrics.quarantined.set({ stage: stage.group }, 0);
      for (const c of counts) system.metrics.quarantined.set({ stage: c.stage }, c.n);
    } catch (err) {
      request.log.warn({ err }, 'quarantine count unavailable for /metrics');
    }
    try {
      const state = await pipelineState(system.db);
      const { jobs, oldestAcceptedJobAge, blockedKeys } = system.metrics;
      jobs.reset();
      for (const status of JOB_STATUSES) jobs.set({ status }, 0);
      for (const j of state.jobs) jobs.set({ status: j.status }, j.n);
      oldestAcceptedJobAge.set(state.oldestAcceptedJobAge);
      blockedKeys.set(state.blockedKeys);
    } catch (err) {
      request.log.warn({ err }, 'pipeline state unavailable for /metrics');
    }
    const { registry } = system.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
