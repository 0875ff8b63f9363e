import { JOB_STATUSES } from '../engine/jobs.ts';
import { SUBSCRIPTIONS } from '../engine/topology.ts';
import { quarantinedCounts } from '../store/quarantine.ts';
import { pipelineState } from '../store/queries/pipeline-state.queries.ts';
import type { System } from './system.ts';

/** Where a dependency stands for this process: `not_needed` when none of its roles uses it. */
export type DependencyState = 'ok' | 'unavailable' | 'not_needed';

/**
 * Whether the process's roles need the log's own backend to be reachable. The local log is the database. On
 * Kafka, ingest writes the outbox (the database) and queries read the database: only the relay and the stages
 * talk to the broker.
 */
export function needsLogBackend(system: System): boolean {
  if (system.log.kind === 'local') return true;
  return system.config.roles.some((r) => r === 'relay' || r.startsWith('stage:'));
}

/** Probes the log: the backlog touches the database and, on Kafka, the broker (high watermarks). */
export const probeLog = (system: System) => system.log.backlog(SUBSCRIPTIONS);

/**
 * Refreshes the gauges that describe shared state rather than this process (backlog, lag, outbox, quarantine, jobs, blocked keys),
 * when Prometheus scrapes. A source that fails is reported to `warn` and its gauges keep their last values.
 */
export async function refreshSharedGauges(system: System, warn: (error: unknown, what: string) => void) {
  const { metrics, log } = system;
  try {
    const backlog = await probeLog(system);
    metrics.logBacklog.reset();
    for (const b of backlog) metrics.logBacklog.set({ group: b.group, topic: b.topic }, b.lag);
  } catch (error) {
    warn(error, 'log backlog');
  }
  if (log.partitionLag) {
    try {
      const lags = await log.partitionLag(SUBSCRIPTIONS);
      metrics.kafkaConsumerLag.reset();
      for (const l of lags) {
        metrics.kafkaConsumerLag.set(
          { group: l.group, topic: l.topic, partition: String(l.partition) },
          l.lag,
        );
      }
    } catch (error) {
      warn(error, 'Kafka consumer lag');
    }
  }
  if (log.relayState) metrics.relayActive.set(log.relayState() === 'active' ? 1 : 0);
  if (log.outbox) {
    try {
      const outbox = await log.outbox();
      metrics.relayBacklog.set(outbox.records);
      metrics.relayOldestAge.set(outbox.oldestAgeSeconds ?? 0);
    } catch (error) {
      warn(error, 'relay backlog');
    }
  }
  try {
    const counts = await quarantinedCounts(system.db);
    metrics.quarantined.reset();
    for (const stage of SUBSCRIPTIONS) metrics.quarantined.set({ stage: stage.group }, 0);
    for (const c of counts) metrics.quarantined.set({ stage: c.stage }, c.n);
  } catch (error) {
    warn(error, 'quarantine count');
  }
  try {
    const state = await pipelineState(system.db);
    metrics.jobs.reset();
    for (const status of JOB_STATUSES) metrics.jobs.set({ status }, 0);
    for (const j of state.jobs) metrics.jobs.set({ status: j.status }, j.n);
    metrics.oldestAcceptedJobAge.set(state.oldestAcceptedJobAge);
    metrics.blockedKeys.set(state.blockedKeys);
  } catch (error) {
    warn(error, 'pipeline state');
  }
}
