import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const module = fileURLToPath(new URL('./cpu-priority.ts', import.meta.url));

/** The niceness of every thread of a child process that lowered its priority, then started a worker thread. */
function nicenessOfThreads(nice: number): number[] {
  const script = `
    import fs from 'node:fs';
    import { Worker } from 'node:worker_threads';
    const { lowerCpuPriority } = await import(${JSON.stringify(module)});
    lowerCpuPriority(${nice});
    const worker = new Worker('setInterval(() => {}, 1000)', { eval: true });
    await new Promise((resolve) => worker.once('online', resolve));
    // Field 19 of /proc/<pid>/task/<tid>/stat is the thread's niceness (after the command in parentheses).
    const nices = fs.readdirSync('/proc/self/task').map((t) =>
      Number(fs.readFileSync('/proc/self/task/' + t + '/stat', 'utf8').split(') ')[1].split(' ')[16]));
    console.log(JSON.stringify(nices));
    process.exit(0);
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout) as number[];
}

describe('PAS_CPU_NICE', () => {
  it.runIf(fs.existsSync('/proc/self/task'))(
    'lowers every thread of the process, and the threads started after inherit it',
    () => {
      const nices = nicenessOfThreads(7);
      expect(nices.length).toBeGreaterThan(3);
      expect(new Set(nices)).toEqual(new Set([7]));
    },
  );

  it('is 0 (unchanged) by default, 0–19 otherwise', () => {
    expect(loadConfig({}).cpuNice).toBe(0);
    expect(loadConfig({ PAS_CPU_NICE: '10' }).cpuNice).toBe(10);
    expect(() => loadConfig({ PAS_CPU_NICE: '20' })).toThrow(/PAS_CPU_NICE must be 0–19/);
    expect(() => loadConfig({ PAS_CPU_NICE: '-5' })).toThrow(/PAS_CPU_NICE/);
  });
});
