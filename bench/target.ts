import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export type Mode = 'embedded' | 'postgres' | 'kafka';
export const MODES: readonly Mode[] = ['embedded', 'postgres', 'kafka'];

/** Where one workload runs: a fresh store, removed again by dispose(). */
export interface Target {
  /** Config overrides: dataDir (embedded) or databaseUrl (postgres). */
  config: { dataDir?: string; databaseUrl?: string };
  dispose(): Promise<void>;
}

/** A PostgreSQL server to create databases on: DATABASE_URL, else a throwaway cluster (scripts/pg-throwaway.sh). */
export interface PgServer {
  adminUrl: string;
  /** 'DATABASE_URL' or 'throwaway cluster'. */
  source: string;
  stop(): Promise<void>;
}

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'pg-throwaway.sh');

export async function pgServer(): Promise<PgServer> {
  const url = process.env.DATABASE_URL;
  if (url) return { adminUrl: url, source: 'DATABASE_URL', stop: async () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-bench-pg-'));
  fs.chmodSync(dir, 0o777);
  const out = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8' }).trim().split('\n');
  return {
    adminUrl: out[out.length - 1]!,
    source: 'throwaway cluster (scripts/pg-throwaway.sh)',
    async stop() {
      execFileSync('bash', [script, 'stop', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

export async function openTarget(mode: Mode, server: PgServer | undefined): Promise<Target> {
  if (mode === 'kafka') {
    throw new Error('--mode kafka is not available yet: the Kafka mode comes with a later issue');
  }
  if (mode === 'embedded') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-bench-'));
    return {
      config: { dataDir },
      async dispose() {
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (!server) throw new Error('postgres mode needs a server');
  const name = `pas_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(server.adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(server.adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { databaseUrl: url.toString() },
    async dispose() {
      await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
