import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, type PasProcess, startDemo, tempDir } from './pas-process.ts';

/**
 * Every `curl` example of README.md and docs/**\/*.md, run as written (bash and the real curl) against one
 * `pas demo` server (the docs name the demo's ids and dates: the demo's end date is fixed). A shell block is
 * run whole, so a block may set a variable one curl prints and the next uses. Each curl must answer 2xx;
 * a block preceded by `<!-- expect 422 -->` shows an error: its last curl must answer that status.
 * A block preceded by `<!-- docs-examples: skip (reason) -->` is not run (the walk-through, which
 * test/e2e/walkthrough.test.ts runs on an empty server; the distributed deployment, which needs Kafka).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Example {
  file: string;
  line: number;
  code: string;
  /** The status the block's last curl must answer; undefined: 2xx. */
  expect?: number;
  skip?: string;
}

function markdownFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? markdownFiles(path.join(dir, e.name))
        : e.name.endsWith('.md')
          ? [path.join(dir, e.name)]
          : [],
    );
}

/** The shell blocks with a curl in them, each with the HTML comment just before it (if any). */
function curlExamples(file: string, text: string): Example[] {
  const examples: Example[] = [];
  const fence = /(?:<!--([^>]*)-->\s*\n)?```(?:sh|bash|shell)\n([\s\S]*?)```/g;
  for (const m of text.matchAll(fence)) {
    const code = m[2]!;
    if (!/\bcurl\b/.test(code)) continue;
    const note = (m[1] ?? '').trim();
    const line = text.slice(0, m.index).split('\n').length;
    const skip = /^docs-examples: skip\b(.*)$/.exec(note)?.[1]?.trim();
    const walkthrough = note.startsWith('walkthrough:start')
      ? 'the walk-through has its own test'
      : undefined;
    const status = /^expect (\d{3})$/.exec(note)?.[1];
    examples.push({
      file: path.relative(ROOT, file),
      line,
      code,
      ...(status ? { expect: Number(status) } : {}),
      ...((skip ?? walkthrough) !== undefined ? { skip: skip || walkthrough } : {}),
    });
  }
  return examples;
}

const examples = [path.join(ROOT, 'README.md'), ...markdownFiles(path.join(ROOT, 'docs'))].flatMap((f) =>
  curlExamples(f, fs.readFileSync(f, 'utf8')),
);

/** curl, reporting each answer's status on a line of its own after the body. */
const CURL_SHIM = `curl() { command curl "$@" -w '\\n@@status %{http_code}@@\\n'; }\n`;

describe('the curl examples of README.md and docs/', () => {
  const dataDir = tempDir('docs-ex');
  const work = tempDir('docs-ex-work');
  let proc: PasProcess | undefined;
  let main = '';

  beforeAll(async () => {
    ({ proc, url: main } = await startDemo(dataDir));
  }, 250_000);

  afterAll(async () => {
    if (proc) expect(await proc.stop()).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('finds the examples, and every skipped one says why', () => {
    expect(examples.filter((e) => !e.skip).length).toBeGreaterThanOrEqual(15);
    for (const e of examples.filter((x) => x.skip)) expect(e.skip, `${e.file}:${e.line}`).toMatch(/\w{3}/);
  });

  it.each(examples.filter((e) => !e.skip).map((e) => [`${e.file}:${e.line}`, e] as const))(
    '%s runs as written',
    (_where, example) => {
      const code = example.code
        .replaceAll('http://127.0.0.1:8000', main)
        .replaceAll('http://127.0.0.1:8001', main) // the query port's routes are all on the main port too
        .replaceAll('localhost:8000', main);
      const run = spawnSync('bash', ['-euo', 'pipefail', '-c', CURL_SHIM + code], {
        cwd: work,
        env: childEnv(),
        encoding: 'utf8',
        timeout: 120_000,
      });
      const shown = `${example.file}:${example.line}\n${code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
      expect(run.status, shown).toBe(0);
      const statuses = [...run.stdout.matchAll(/@@status (\d{3})@@/g)].map((m) => Number(m[1]));
      expect(statuses.length, shown).toBeGreaterThan(0);
      const last = statuses.pop()!;
      const success = (status: number) => status >= 200 && status < 300;
      expect(
        statuses.filter((s) => !success(s)),
        shown,
      ).toEqual([]);
      if (example.expect !== undefined) expect(last, shown).toBe(example.expect);
      else expect(success(last), `HTTP ${last}\n${shown}`).toBe(true);
    },
    130_000,
  );
});
