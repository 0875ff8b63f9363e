import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../src/domain/demo/generate.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { demoBundle } from '../support/demo-bundle.ts';
import { childEnv, getJson, runPas, startPas, tempDir } from './pas-process.ts';

/**
 * The operator's commands as real processes: `pas backup` of a running server (through it, the directory being
 * locked), `pas check` (exit 0 when every check passes, 1 with the failing check named after a row is
 * corrupted), `pas restore` and `pas export` of the restored copy.
 */
describe('pas backup, restore, check and export', () => {
  const dir = tempDir('ops');
  const copy = `${dir}-copy`;
  const backup = `${dir}.tar.gz`;
  afterAll(() => {
    for (const d of [dir, copy, backup]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('backs up a running server, restores the copy, checks and exports it', async () => {
    const server = await startPas(dir);
    try {
      const bundle = demoBundle(generateDemo({ seed: 5, portfolios: 1, years: 1, endDate: '2025-06-30' }));
      const res = await fetch(`${server.url}/ingest/portfolio-bundle`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(bundle),
      });
      expect(res.status).toBe(202);
      const { job_id } = (await res.json()) as { job_id: string };
      expect(await getJson(`${server.url}/ingestion/jobs/${job_id}?wait=240`)).toMatchObject({
        status: 'complete',
      });

      const locked = runPas(['check', '--data', dir]);
      expect(await locked.exited()).toBe(1);
      expect(locked.stderr()).toMatch(/in use.*--url/s);

      const asked = runPas(['check', '--url', server.url]);
      expect(await asked.exited()).toBe(0);
      expect(asked.stdout()).toMatch(/passed, 0 failed/);

      const port = new URL(server.url).port;
      const taken = runPas(['backup', backup, '--data', dir], childEnv({ PAS_PORT: port }));
      expect(await taken.exited(120_000), taken.stderr()).toBe(0);
      expect(taken.stderr()).toContain('asking the server');
      expect(fs.statSync(backup).size).toBeGreaterThan(1000);

      const exportLocked = runPas([
        'export',
        '--format',
        'duckdb',
        path.join(copy, 'x.duckdb'),
        '--data',
        dir,
      ]);
      expect(await exportLocked.exited()).toBe(1);
      expect(exportLocked.stderr()).toContain('pas backup');
    } finally {
      expect(await server.proc.stop()).toBe(0);
    }

    const restore = runPas(['restore', backup, '--data', copy]);
    expect(await restore.exited(120_000), restore.stderr()).toBe(0);
    const warehouse = `${copy}.duckdb`;
    const exported = runPas(['export', '--format', 'duckdb', warehouse, '--data', copy]);
    expect(await exported.exited(120_000), exported.stderr()).toBe(0);
    expect(exported.stdout()).toMatch(/fact_portfolio_value_daily\s+36[56]/);
    fs.rmSync(warehouse);

    const db = await openPglite(copy);
    await db.query(
      "UPDATE transactions SET portfolio_id = 'GONE' WHERE transaction_id = (SELECT min(transaction_id) FROM transactions)",
    );
    await db.close();
    const check = runPas(['check', '--data', copy]);
    expect(await check.exited(120_000)).toBe(1);
    expect(check.stdout()).toContain('FAIL  relationships_transactions_portfolio_id — 1 failing');
    expect(check.stdout()).toMatch(/pas check: \d+ passed, 1 failed/);
  }, 400_000);
});
