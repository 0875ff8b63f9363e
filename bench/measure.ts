import fs from 'node:fs';
import type { Metrics } from '../src/app/metrics.ts';
import type { Db } from '../src/store/db.ts';

/** Resident set size of another process in bytes, from /proc (0 where /proc is absent or the process is gone). */
export function rssOfPid(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return 0;
  }
}

/**
 * Samples the RSS of this process plus that of `pids` (the role processes in Kafka mode) every `ms` until
 * stopped; returns the peak of the sum in MB.
 */
export function rssSampler(pids: readonly number[] = [], ms = 100): { stop(): number } {
  const sample = () => pids.reduce((sum, pid) => sum + rssOfPid(pid), process.memoryUsage().rss);
  let peak = sample();
  const timer = setInterval(() => {
    peak = Math.max(peak, sample());
  }, ms);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, sample());
      return Math.round(peak / (1024 * 1024));
    },
  };
}

/** Sum of the committed stage batches' wall time by stage (pas_stage_batch_duration_seconds sums). */
export async function stageSeconds(metrics: Metrics): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of (await metrics.stageBatchDuration.get()).values) {
    if (!v.metricName?.endsWith('_sum')) continue;
    const stage = String(v.labels.stage);
    out[stage] = (out[stage] ?? 0) + v.value;
  }
  return out;
}

export function diffSeconds(after: Record<string, number>, before: Record<string, number>) {
  const out: Record<string, number> = {};
  for (const [stage, s] of Object.entries(after)) {
    const d = s - (before[stage] ?? 0);
    if (d > 0) out[stage] = d;
  }
  return out;
}

/** The current transaction id (a fresh database: no wraparound epoch, so xmin compares directly). */
export async function currentXid(db: Db): Promise<number> {
  const rows = await db.query<{ x: string }>('SELECT txid_current()::text AS x');
  return Number(rows[0]!.x);
}

/**
 * Rows written per table since transaction `sinceXid`: live row versions whose xmin is at or after it (rows
 * inserted or updated, including rows deleted and inserted again, as the series stage rewrites them). Rows
 * written and deleted again in the same phase (consumed job bookkeeping) are not counted.
 */
export async function rowsWrittenSince(db: Db, sinceXid: number): Promise<Record<string, number>> {
  const tables = await db.query<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'bench_%'
     ORDER BY table_name`,
  );
  const out: Record<string, number> = {};
  for (const { t } of tables) {
    const rows = await db.query<{ n: number }>(
      `SELECT count(*)::int8 AS n FROM "${t}" WHERE xmin::text::int8 >= $1`,
      [sinceXid],
    );
    const n = rows[0]?.n ?? 0;
    if (n > 0) out[t] = n;
  }
  return out;
}
