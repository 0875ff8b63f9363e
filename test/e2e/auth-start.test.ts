import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, runPas, tempDir } from './pas-process.ts';

/**
 * Issue 15 items 1 and 2 through the real `pas` command: binding beyond loopback without auth is refused at
 * start; keys made with `pas keys create` open a server started with PAS_AUTH=required, and `pas keys revoke`
 * closes it again.
 */
describe('pas start with and without auth, pas keys', () => {
  const dir = tempDir('auth');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses to listen on 0.0.0.0 with PAS_AUTH=off, saying why, and starts nothing', async () => {
    for (const host of ['0.0.0.0', '::']) {
      const proc = runPas(['start', '--data', dir, '--host', host, '--port', '0', '--query-port', '0']);
      expect(await proc.exited(30_000)).toBe(1);
      expect(proc.stderr()).toMatch(/^pas: configuration: refusing to listen on .* with PAS_AUTH=off/m);
      expect(proc.stderr()).toContain('PAS_AUTH=required');
      expect(proc.stderr()).not.toMatch(/^\s+at /m); // no stack trace
      expect(proc.stdout()).not.toContain('pas ready');
    }
  }, 120_000);

  it('creates, lists and revokes keys; a server on 0.0.0.0 with PAS_AUTH=required serves a key and refuses none', async () => {
    const create = runPas(['keys', 'create', '--name', 'ops', '--scopes', 'read,ingest', '--data', dir]);
    expect(await create.exited(120_000)).toBe(0);
    const key = create.stdout().trim();
    expect(key).toMatch(/^pas_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const keyId = key.split('_')[1]!;

    const bad = runPas(['keys', 'create', '--name', 'x', '--scopes', 'read,write', '--data', dir]);
    expect(await bad.exited(120_000)).toBe(1);
    expect(bad.stderr()).toContain('"write" is not a scope');

    const list = runPas(['keys', 'list', '--data', dir]);
    expect(await list.exited(120_000)).toBe(0);
    expect(list.stdout()).toContain(`${keyId}  active  name="ops"  scopes=read,ingest  portfolios=*`);
    expect(list.stdout()).not.toContain(key);

    const server = runPas(
      ['start', '--data', dir, '--host', '0.0.0.0', '--port', '0', '--query-port', '0'],
      childEnv({ PAS_AUTH: 'required' }),
    );
    try {
      const url = await server.ready();
      expect((await fetch(`${url}/portfolios`)).status).toBe(401);
      const ok = await fetch(`${url}/portfolios`, { headers: { authorization: `Bearer ${key}` } });
      expect(ok.status).toBe(200);
      expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }

    const revoke = runPas(['keys', 'revoke', keyId, '--data', dir]);
    expect(await revoke.exited(120_000)).toBe(0);
    const after = runPas(['keys', 'list', '--data', dir]);
    expect(await after.exited(120_000)).toBe(0);
    expect(after.stdout()).toMatch(new RegExp(`${keyId}  revoked `));
  }, 600_000);
});
