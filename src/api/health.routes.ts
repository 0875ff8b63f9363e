import type { FastifyInstance } from 'fastify';
import { needsLogBackend, probeLog, refreshSharedGauges } from '../app/scrape.ts';
import type { System } from '../app/system.ts';
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
    // Only what this process's roles use: a query process on Kafka is ready without the broker.
    const [database, log] = await Promise.all([
      check(() => system.db.query('SELECT 1')),
      needsLogBackend(system) ? check(() => probeLog(system)) : Promise.resolve('not_needed' as const),
    ]);
    const state = (failure: string | undefined) =>
      failure === undefined ? 'ok' : failure === 'not_needed' ? 'not_needed' : 'unavailable';
    const errors: Record<string, string> = {};
    if (database) errors.database = database;
    if (log && log !== 'not_needed') errors.log = log;
    const ready = Object.keys(errors).length === 0;
    if (!ready) request.log.warn({ errors }, 'not ready');
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not_ready',
      dependencies: { database: state(database), log: state(log) },
      ...(ready ? {} : { errors }),
    });
  });

  app.get('/metrics', { schema: metricsSchema }, async (request, reply) => {
    // Backlog, lag, outbox and quarantine are properties of the shared state, not of this process: measured
    // when Prometheus asks.
    await refreshSharedGauges(system, (err, what) =>
      request.log.warn({ err }, `${what} unavailable for /metrics`),
    );
    const { registry } = system.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
