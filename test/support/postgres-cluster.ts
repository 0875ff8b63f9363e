import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PgServer {
  url: string;
  stop(): Promise<void>;
}

function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/** DATABASE_URL if set; else a throwaway cluster via scripts/pg-throwaway.sh; else undefined (or throw on CI). */
export async function ensurePostgres(): Promise<PgServer | undefined> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const bin = findPgBin();
  if (!bin) {
    if (process.env.CI) throw new Error('CI: DATABASE_URL is not set and no PostgreSQL binaries were found');
    console.warn(
      '\n[pas tests] no PostgreSQL found: the PostgreSQL variants of the store suites are left out\n',
    );
    return undefined;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-pgtest-'));
  const script = path.resolve('scripts/pg-throwaway.sh');
  const out = execFileSync('bash', [script, 'start', dir], { encoding: 'utf8' });
  const url = out.trim().split('\n').pop()!;
  return {
    url,
    async stop() {
      spawnSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
