import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, startPas, tempDir } from './pas-process.ts';

/**
 * README's "Your own data in five minutes", run as written (bash, curl and the real `pas`) against a fresh
 * server, and its answers checked against the hand calculation the README gives (the newcomer's month,
 * test/positions/newcomer-month.ts): 60 ACME and 2,056.2 EUR of cash, March's TWR 5,113.80 / 4,509 − 1.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function walkthrough(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /<!-- walkthrough:start[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(
    readme,
  );
  if (!block) throw new Error('README.md has no walkthrough block');
  return block[1]!;
}

/** The JSON documents curl printed one after another (no newline between them), in order. */
function jsonDocuments(stdout: string): unknown[] {
  const docs: unknown[] = [];
  for (const start of [...stdout.matchAll(/\{"portfolio_id"/g)].map((m) => m.index!)) {
    const rest = stdout.slice(start);
    for (let end = rest.indexOf('}') + 1; end > 0; end = rest.indexOf('}', end) + 1) {
      try {
        docs.push(JSON.parse(rest.slice(0, end)));
        break;
      } catch {}
    }
  }
  return docs;
}

describe('README: your own data in five minutes', () => {
  const dataDir = tempDir('walk-data');
  const work = tempDir('walk-work');
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('runs as written and gives the hand-computed positions and month TWR', async () => {
    const { proc, url } = await startPas(dataDir);
    try {
      // `pas` on the PATH, as `npm link` would put it.
      const bin = path.join(work, 'bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(
        path.join(bin, 'pas'),
        `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'bin', 'pas.mjs')}" "$@"\n`,
        { mode: 0o755 },
      );
      const env = childEnv({ PAS_URL: url, PATH: `${bin}:${process.env.PATH}` });
      const run = spawnSync('bash', ['-euo', 'pipefail', '-c', walkthrough()], {
        cwd: work,
        env,
        encoding: 'utf8',
      });
      expect(run.status, run.stderr + run.stdout).toBe(0);

      const [positions, performance] = jsonDocuments(run.stdout) as [
        { positions: Array<{ security_id: string; quantity: string }> },
        { summary: { March: { cumulative_return: number } }; data_warnings?: Array<{ code: string }> },
      ];
      const quantity = (id: string) => positions.positions.find((p) => p.security_id === id)?.quantity;
      expect(quantity('ACME')).toBe('60');
      expect(quantity('CASH_EUR')).toBe('2056.2');
      expect(performance.summary.March.cumulative_return).toBeCloseTo(5113.8 / 4509 - 1, 10);
      expect(performance.data_warnings?.map((w) => w.code)).toEqual(['DEFAULT_CALENDAR']);
    } finally {
      expect(await proc.stop()).toBe(0);
    }
  }, 180_000);
});
