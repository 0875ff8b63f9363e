import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApi } from '../../src/api/server.ts';
import { type Config, loadConfig } from '../../src/app/config.ts';
import { createSystem, type System } from '../../src/app/system.ts';
import type { StoreFactory } from '../support/stores.ts';

/** Limits small enough to hit in a test, large enough for the seed bundle (6,343 records, ~540 KB). */
export const LIMITS: Partial<Config> = {
  maxBatchRecords: 10_000,
  maxBodyBytes: 1_000_000,
  maxUploadBytes: 1_000_000,
};

export interface IngestHarness {
  system: System;
  app: FastifyInstance;
  /** Empties the log and the jobs, so each test starts from nothing written. */
  reset(): Promise<void>;
  /** Rows on the log and jobs created. */
  written(): Promise<{ log: number; jobs: number }>;
  logRecords(topic?: string): Promise<LoggedRecord[]>;
  close(): Promise<void>;
}

export interface LoggedRecord {
  topic: string;
  key: string;
  value: Record<string, unknown>;
  headers: { correlation_id?: string; job_ids?: string[] };
  [k: string]: unknown;
}

/** One system per store with stages stopped: what the ingest side wrote stays on the log to be inspected. */
export async function openIngest(store: StoreFactory): Promise<IngestHarness> {
  const system = await createSystem(loadConfig({}, LIMITS), {
    db: await store.open(),
    runStages: false,
    logger: pino({ level: 'silent' }),
  });
  const app = await buildApi(system);
  const { db } = system;
  return {
    system,
    app,
    async reset() {
      await db.exec('TRUNCATE log_records, log_topics, ingestion_jobs, job_pending, transactions');
    },
    async written() {
      const [row] = await db.query<{ log: number; jobs: number }>(
        'SELECT (SELECT count(*) FROM log_records)::int8 AS log, (SELECT count(*) FROM ingestion_jobs)::int8 AS jobs',
      );
      return { log: row!.log, jobs: row!.jobs };
    },
    logRecords(topic) {
      return db.query<LoggedRecord>(
        `SELECT topic, key, value, headers FROM log_records WHERE $1::text IS NULL OR topic = $1
         ORDER BY topic, "offset"`,
        [topic ?? null],
      );
    },
    async close() {
      await app.close();
      await system.close();
    },
  };
}

/**
 * The original system's demo pack, when this checkout sits beside the shared material (../shared, as in
 * design.md); PAS_SEED_BUNDLE names it elsewhere. Without it the tests that need it are left out, except on CI, where they fail.
 */
export function seedBundlePath(): string | undefined {
  const candidates = [process.env.PAS_SEED_BUNDLE, path.resolve('../shared/data/seed-demo-bundle.json')];
  return candidates.find((p): p is string => !!p && fs.existsSync(p));
}
