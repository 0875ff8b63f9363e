import type { Sql } from '../db.ts';

/** What Prometheus is told about the pipeline's state at a scrape: a property of the database, not the process. */
export interface PipelineState {
  jobs: Array<{ status: string; n: number }>;
  /** Seconds since the oldest job still accepted was submitted; 0 when none is. */
  oldestAcceptedJobAge: number;
  blockedKeys: number;
}

export async function pipelineState(db: Sql): Promise<PipelineState> {
  const jobs = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int8 AS n FROM ingestion_jobs GROUP BY status ORDER BY status',
  );
  const [row] = await db.query<{ age: number; blocked: number }>(
    `SELECT coalesce(extract(epoch FROM now() - (SELECT min(submitted_at) FROM ingestion_jobs
                                                WHERE status = 'accepted')), 0)::float8 AS age,
            (SELECT count(*) FROM position_keys WHERE status = 'BLOCKED')::int8 AS blocked`,
  );
  return { jobs, oldestAcceptedJobAge: row?.age ?? 0, blockedKeys: row?.blocked ?? 0 };
}
