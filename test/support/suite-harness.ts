import { afterAll, beforeAll } from 'vitest';

/**
 * A harness opened before a suite's tests (`setup` then run) and closed after them. The object returned is
 * filled in by that beforeAll, so a suite holds it in a const and reads it in its hooks and tests only.
 */
export function forSuite<H extends { close(): Promise<void> }>(
  open: () => Promise<H>,
  setup: () => Promise<unknown> = async () => undefined,
): H {
  const h = {} as H;
  beforeAll(async () => {
    Object.assign(h, await open());
    await setup();
  });
  // Closes only what was opened: a failed open leaves nothing to close.
  afterAll(async () => {
    if (typeof h.close === 'function') await h.close();
  });
  return h;
}
