import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackup, runRestore } from '../../src/cli/backup.ts';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { runChecks } from '../../src/store/quality/checks.ts';
import { type Bundle, DERIVED_TABLES, ingestDemo, openPositions } from '../positions/positions-harness.ts';
import { demoBundle } from '../support/demo-bundle.ts';
import { stores } from '../support/stores.ts';

/**
 * `pas backup` / `pas restore` of the embedded mode: a backup taken through a running server and one of a
 * stopped directory restore every table row for row after the directory is destroyed; a snapshot taken while
 * the stages work restores a consistent state that, once resumed, ends where the original ended.
 */

const EMBEDDED: Record<string, string | undefined> = {}; // the CLI's environment: no DATABASE_URL
const dirs: string[] = [];
const temp = (name: string) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pas-backup-${name}-`));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const onDisk = (dir: string) => ({
  kind: 'pglite' as const,
  async open() {
    const db = await openPglite(dir);
    await migrate(db);
    return db;
  },
});

/** Every table of the schema, its rows in a total order, as JSON: two databases compare equal row for row. */
async function contents(db: Db, only?: readonly string[]): Promise<Record<string, string>> {
  const tables = (
    await db.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    )
  )
    .map((t) => t.table_name)
    .filter((t) => !only || only.includes(t));
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [{ n }] = (await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
      ['public', table],
    )) as [{ n: number }];
    const order = Array.from({ length: n }, (_, i) => i + 1).join(', ');
    out[table] = JSON.stringify(await db.query(`SELECT * FROM ${table} ORDER BY ${order}`));
  }
  return out;
}

async function contentsOf(dir: string, only?: readonly string[]) {
  const db = await openPglite(dir);
  try {
    return await contents(db, only);
  } finally {
    await db.close();
  }
}

const DEMO = { seed: 11, portfolios: 1, years: 1, endDate: '2025-06-30' };

// Each test opens and loads on-disk PGlite databases several times: minutes on a loaded machine.
describe('pas backup and pas restore (embedded)', { timeout: 300_000 }, () => {
  const dataDir = temp('data');
  const files = temp('files');
  let before: Record<string, string>;

  it('backs up a running server, the directory is destroyed, the restore has every table row for row', async () => {
    const h = await openPositions(onDisk(dataDir));
    try {
      await ingestDemo(h, DEMO);
      before = await contents(h.db);
      expect(Object.keys(before).length).toBeGreaterThan(25);
      expect(JSON.parse(before.position_daily!).length).toBeGreaterThan(1000);
      const url = await h.app.listen({ port: 0, host: '127.0.0.1' });
      await runBackup(path.join(files, 'running.tar.gz'), { url }, EMBEDDED);
      // Work after the backup is not in it.
      await h.ingestAndSettle({
        portfolios: [{ ...generateDemo(DEMO).portfolios[0]!, portfolio_id: 'AFTER_BACKUP' }],
      } as unknown as Bundle);
    } finally {
      await h.close();
    }
    fs.rmSync(dataDir, { recursive: true });
    await runRestore(path.join(files, 'running.tar.gz'), { data: dataDir }, EMBEDDED);
    expect(fs.existsSync(path.join(dataDir, 'pas.lock'))).toBe(false);
    const restored = await contentsOf(dataDir);
    expect(Object.keys(restored)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(restored[table], table).toBe(before[table]);
  });

  it('backs up a stopped directory under its lock; restore refuses a database unless --force, and keeps it aside', async () => {
    const file = path.join(files, 'stopped.tar.gz');
    await runBackup(file, { data: dataDir }, EMBEDDED);
    expect(fs.existsSync(path.join(dataDir, 'pas.lock'))).toBe(false); // released
    const other = temp('other');
    fs.rmSync(other, { recursive: true });
    await runRestore(file, { data: other }, EMBEDDED);
    expect(await contentsOf(other)).toEqual(before);

    await expect(runRestore(file, { data: dataDir }, EMBEDDED)).rejects.toThrow(
      /already holds a database.*--force/,
    );
    await runRestore(file, { data: dataDir, force: true }, EMBEDDED);
    const aside = fs
      .readdirSync(path.dirname(dataDir))
      .filter((f) => f.startsWith(`${path.basename(dataDir)}.before-restore-`));
    expect(aside).toHaveLength(1);
    dirs.push(path.join(path.dirname(dataDir), aside[0]!));
    expect(await contentsOf(dataDir)).toEqual(before);
  });

  it('refuses what is not a backup, and PostgreSQL mode', async () => {
    const junk = path.join(files, 'junk.tar.gz');
    fs.writeFileSync(junk, 'not a backup');
    const target = temp('junk');
    await expect(runRestore(junk, { data: target }, EMBEDDED)).rejects.toThrow(/not a pas backup/);
    expect(fs.readdirSync(target)).toEqual([]); // nothing written, lock released
    const pg = { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none' };
    await expect(runBackup(path.join(files, 'pg.tar.gz'), {}, pg)).rejects.toThrow(/pg_dump/);
    await expect(runRestore(junk, {}, pg)).rejects.toThrow(/pg_restore/);
  });

  it('a snapshot taken while the stages work is consistent and, resumed, ends where the original ended', async () => {
    const live = temp('live');
    const h = await openPositions(onDisk(live));
    const file = path.join(files, 'busy.tar.gz');
    // The derived rows; the keys' bookkeeping (replay counts, series versions) differs by design.
    const derived = DERIVED_TABLES.filter((t) => t !== 'position_keys' && t !== 'series_versions');
    let final: Record<string, string>;
    try {
      await h.ingest(demoBundle(generateDemo(DEMO)) as unknown as Bundle);
      const drained = h.drain();
      // The stages are at work: the facts are in, the derived state is not complete yet.
      while (
        Number((await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM position_history'))[0]!.n) ===
        0
      ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const res = await h.app.inject({ method: 'POST', url: '/admin/backup' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/gzip');
      fs.writeFileSync(file, res.rawPayload);
      await drained;
      final = await contents(h.db, derived);
    } finally {
      await h.close();
    }
    const copy = temp('copy');
    fs.rmSync(copy, { recursive: true });
    await runRestore(file, { data: copy }, EMBEDDED);
    const resumed = await openPositions(onDisk(copy));
    try {
      expect((await runChecks(resumed.db)).status).toBe('pass');
      const [{ pending }] = (await resumed.db.query<{ pending: number }>(
        'SELECT coalesce(sum(pending), 0)::int AS pending FROM job_pending',
      )) as [{ pending: number }];
      expect(pending).toBeGreaterThan(0); // it was taken mid-way
      await resumed.drain();
      expect(await contents(resumed.db, derived)).toEqual(final!);
    } finally {
      await resumed.close();
    }
  });
});

describe.each(stores().filter((s) => s.kind === 'postgres'))('POST /admin/backup on $kind', (store) => {
  it('answers 409 NOT_EMBEDDED', async () => {
    const h = await openPositions(store);
    try {
      const res = await h.app.inject({ method: 'POST', url: '/admin/backup' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'NOT_EMBEDDED' });
      expect(res.json().detail).toMatch(/pg_dump/);
    } finally {
      await h.close();
    }
  });
});
