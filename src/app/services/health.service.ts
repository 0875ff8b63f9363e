import { needsLogBackend, probeLog, refreshSharedGauges } from '../scrape.ts';
import type { System } from '../system.ts';

// Readiness (can what this process's roles use answer?) and the gauges measured when Prometheus asks.

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

/**
 * Whether the database and the log answer, and if not why (the messages are for the log, not the client).
 * Only what this process's roles use: a query process on Kafka is ready without the broker.
 */
export async function readiness(system: System) {
  const logNeeded = needsLogBackend(system);
  const [database, log] = await Promise.all([
    check(() => system.db.query('SELECT 1')),
    logNeeded ? check(() => probeLog(system)) : Promise.resolve(undefined),
  ]);
  const errors: Record<string, string> = {};
  if (database) errors.database = database;
  if (log) errors.log = log;
  const ready = !database && !log;
  return {
    ready,
    errors,
    answer: {
      status: ready ? 'ready' : 'not_ready',
      dependencies: {
        database: database ? 'unavailable' : 'ok',
        log: !logNeeded ? 'not_needed' : log ? 'unavailable' : 'ok',
      },
      ...(ready ? {} : { errors }),
    },
  };
}

/**
 * The Prometheus text, with the gauges that describe shared state (backlog, lag, outbox, quarantine, jobs,
 * blocked keys) measured now. A gauge that cannot be measured is reported to `warn` and kept.
 */
export async function metricsText(system: System, warn: (err: unknown, message: string) => void) {
  await refreshSharedGauges(system, (err, what) => warn(err, `${what} unavailable for /metrics`));
  const { registry } = system.metrics;
  return { contentType: registry.contentType, text: await registry.metrics() };
}
