import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startPas, tempDir } from './pas-process.ts';

/** Issue 14: `pas start` says what it is doing before it is ready, first start and later ones. */
const STEPS = [
  /^pas: (creating|opening) the embedded database in /m,
  /^pas: migrating the database …$/m,
  /^pas: starting the stages \(persist, positions, series\) …$/m,
  /^pas: starting the HTTP API …$/m,
];

function expectStepsInOrder(stderr: string) {
  let at = -1;
  for (const step of STEPS) {
    const found = stderr.search(step);
    expect(found, `${step} in:\n${stderr}`).toBeGreaterThan(at);
    at = found;
  }
}

describe('pas start prints its steps', () => {
  const dir = tempDir('steps');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creating the database on a first start (saying it takes a while), opening it on the next', async () => {
    const first = await startPas(dir);
    const firstLog = first.proc.stderr();
    expect(await first.proc.stop()).toBe(0);
    expectStepsInOrder(firstLog);
    expect(firstLog).toMatch(/^pas: creating the embedded database in .* \(first start: about 5–20 s/m);

    const second = await startPas(dir);
    const secondLog = second.proc.stderr();
    expect(await second.proc.stop()).toBe(0);
    expectStepsInOrder(secondLog);
    expect(secondLog).toMatch(/^pas: opening the embedded database in /m);
  }, 120_000);
});
