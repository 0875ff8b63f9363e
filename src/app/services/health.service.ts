import { SUBSCRIPTIONS } from '../../engine/topology.ts';
import { quarantinedCounts } from '../../store/quarantine.ts';
import type { System } from '../system.ts';

// Readiness (can the database and the log answer?) and the gauges measured when Prometheus asks.

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

/** Whether the database and the log answer, and if not why (the messages are for the log, not the client). */
export async function readiness(system: System) {
  const [database, log] = await Promise.all([
    check(() => system.db.query('SELECT 1')),
    check(() => system.log.backlog(SUBSCRIPTIONS)),
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
      dependencies: { database: database ? 'unavailable' : 'ok', log: log ? 'unavailable' : 'ok' },
      ...(ready ? {} : { errors }),
    },
  };
}

/**
 * The Prometheus text with the log backlog and quarantine counts measured now: they are properties of the
 * log and the database, not of this process. A gauge that cannot be measured is reported to `warn` and kept.
 */
export async function metricsText(system: System, warn: (err: unknown, message: string) => void) {
  try {
    const backlog = await system.log.backlog(SUBSCRIPTIONS);
    system.metrics.logBacklog.reset();
    for (const b of backlog) system.metrics.logBacklog.set({ group: b.group, topic: b.topic }, b.lag);
  } catch (err) {
    warn(err, 'log backlog unavailable for /metrics');
  }
  try {
    const counts = await quarantinedCounts(system.db);
    system.metrics.quarantined.reset();
    for (const stage of SUBSCRIPTIONS) system.metrics.quarantined.set({ stage: stage.group }, 0);
    for (const c of counts) system.metrics.quarantined.set({ stage: c.stage }, c.n);
  } catch (err) {
    warn(err, 'quarantine count unavailable for /metrics');
  }
  const { registry } = system.metrics;
  return { contentType: registry.contentType, text: await registry.metrics() };
}
