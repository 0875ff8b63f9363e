import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getJson, runPas, startPas, tempDir } from './pas-process.ts';

describe('pas start on a data directory already in use', () => {
  const dir = tempDir('lock');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails fast with a clear message and no stack trace, and leaves the first process serving', async () => {
    const first = await startPas(dir);
    try {
      const lock = fs.readFileSync(path.join(dir, 'pas.lock'), 'utf8').split('\n')[0];
      expect(lock).toBe(String(first.proc.child.pid));

      const started = Date.now();
      const second = runPas(['start', '--data', dir, '--port', '0', '--query-port', '0']);
      const code = await second.exited(10_000);
      const seconds = (Date.now() - started) / 1000;
      expect(code).not.toBe(0);
      expect(seconds).toBeLessThan(5);
      expect(second.stderr()).toContain('in use');
      expect(second.stderr()).toContain(`pid ${first.proc.child.pid}`);
      expect(second.stderr()).toMatch(/^pas: data directory /m);
      expect(second.stderr()).not.toMatch(/^\s+at /m); // no stack trace
      expect(second.stdout()).not.toContain('pas ready');

      // `pas migrate` is refused the same way while the server holds the directory.
      const migrate = runPas(['migrate', '--data', dir]);
      expect(await migrate.exited(10_000)).not.toBe(0);
      expect(migrate.stderr()).toContain('in use');

      expect(await getJson(`${first.url}/health/live`)).toMatchObject({ status: 'alive' });
    } finally {
      expect(await first.proc.stop()).toBe(0);
    }
    // A clean shutdown releases the lock: the directory can be opened again.
    expect(fs.existsSync(path.join(dir, 'pas.lock'))).toBe(false);
    const migrate = runPas(['migrate', '--data', dir]);
    expect(await migrate.exited(30_000)).toBe(0);
    expect(migrate.stdout()).toContain('up to date');
  });
});
