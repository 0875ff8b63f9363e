import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Helpers for the end-to-end suites: run the real `pas` command (bin/pas.mjs) as a child process. */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'pas.mjs');

/**
 * The child's environment: ours without DATABASE_URL and PAS_* (so the child runs embedded on its own data
 * directory even on CI, where DATABASE_URL points at PostgreSQL), with quieter logs.
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'DATABASE_URL' || k.startsWith('PAS_') || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, PAS_LOG_LEVEL: 'warn', ...extra };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `pas-e2e-${prefix}-`));
}

export interface PasProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the main URL once the `pas ready:` line is printed; rejects if the process exits first. */
  ready(timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  exited(timeoutMs?: number): Promise<number | string>;
  /** SIGTERM and wait for the exit (SIGKILL if it does not come). */
  stop(timeoutMs?: number): Promise<number | string>;
}

const READY = /^pas ready: (http:\/\/\S+)/m;

export function runPas(args: readonly string[], env: NodeJS.ProcessEnv = childEnv()): PasProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exit = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  let ended = false;
  void exit.then(() => {
    ended = true;
  });

  const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what}: timed out after ${ms} ms\nstdout:\n${out}\nstderr:\n${err}`)),
        ms,
      );
      promise.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e);
        },
      );
    });

  const proc: PasProcess = {
    child,
    stdout: () => out,
    stderr: () => err,
    ready(timeoutMs = 60_000) {
      const seen = new Promise<string>((resolve, reject) => {
        const check = () => {
          const m = READY.exec(out);
          if (m) {
            child.stdout!.off('data', check);
            resolve(m[1]!);
          }
        };
        child.stdout!.on('data', check);
        check();
        void exit.then((code) =>
          reject(new Error(`pas exited (${code}) before it was ready\nstderr:\n${err}`)),
        );
      });
      return withTimeout(seen, timeoutMs, `pas ${args.join(' ')} ready`);
    },
    exited(timeoutMs = 60_000) {
      return withTimeout(exit, timeoutMs, `pas ${args.join(' ')} exit`);
    },
    async stop(timeoutMs = 30_000) {
      if (!ended) child.kill('SIGTERM');
      try {
        return await proc.exited(timeoutMs);
      } catch (error) {
        child.kill('SIGKILL');
        throw error;
      }
    },
  };
  return proc;
}

/** `pas start` on a data directory, a free port, no query port; resolves once ready. */
export async function startPas(dataDir: string): Promise<{ proc: PasProcess; url: string }> {
  const proc = runPas(['start', '--data', dataDir, '--port', '0', '--query-port', '0']);
  const url = await proc.ready();
  return { proc, url };
}

/** `pas demo` (small: 2 portfolios over the year to the demo's fixed end date) on a data directory and a free port. */
export async function startDemo(dataDir: string): Promise<{ proc: PasProcess; url: string }> {
  const proc = runPas([
    'demo',
    '--portfolios',
    '2',
    '--years',
    '1',
    '--data',
    dataDir,
    '--port',
    '0',
    '--query-port',
    '0',
  ]);
  const url = await proc.ready(240_000);
  return { proc, url };
}

export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
