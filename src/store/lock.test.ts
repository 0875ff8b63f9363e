import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir, processIdentity } from './lock.ts';

const onLinux = fs.existsSync('/proc/self/stat');

describe('lockDataDir', () => {
  const dirs: string[] = [];
  const children: Array<ReturnType<typeof spawn>> = [];
  const dir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-lock-'));
    dirs.push(d);
    return d;
  };
  /** An unrelated live process (not a pas process, not this one). */
  const other = () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    children.push(child);
    return child.pid!;
  };
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('records the pid and the process identity, and removes the lock on release', () => {
    const d = dir();
    const release = lockDataDir(d);
    const [pid, identity] = fs.readFileSync(path.join(d, 'pas.lock'), 'utf8').split('\n');
    expect(pid).toBe(String(process.pid));
    if (onLinux) expect(identity).toBe(processIdentity(process.pid));
    release();
    expect(fs.existsSync(path.join(d, 'pas.lock'))).toBe(false);
  });

  it('refuses a lock held by a live process that is still the one that took it', () => {
    const d = dir();
    const pid = other();
    fs.writeFileSync(path.join(d, 'pas.lock'), [pid, processIdentity(pid)].filter(Boolean).join('\n'));
    expect(() => lockDataDir(d)).toThrow(DataDirLockedError);
  });

  it.runIf(onLinux)(
    'takes over a lock whose pid now belongs to another process (pid reused after kill -9)',
    () => {
      const d = dir();
      const pid = other();
      const identity = processIdentity(pid)!;
      // The dead holder had this pid but started at another time.
      const stale = identity.replace(/start (\d+)$/, (_, t: string) => `start ${Number(t) - 1}`);
      fs.writeFileSync(path.join(d, 'pas.lock'), `${pid}\n${stale}`);
      const release = lockDataDir(d);
      expect(fs.readFileSync(path.join(d, 'pas.lock'), 'utf8').split('\n')[0]).toBe(String(process.pid));
      release();
    },
  );

  it('takes over a lock whose pid is dead', async () => {
    const d = dir();
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = child.pid!;
    const identity = processIdentity(pid);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    fs.writeFileSync(path.join(d, 'pas.lock'), [pid, identity].filter(Boolean).join('\n'));
    const release = lockDataDir(d);
    release();
  });
});
