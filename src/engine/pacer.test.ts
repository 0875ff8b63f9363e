import { describe, expect, it } from 'vitest';
import { pacer } from './pacer.ts';

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // synchronous work, as a stage's hashing or replaying
  }
};

describe('pacer', () => {
  it('lets the event loop run between slices of a long synchronous loop', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const pace = pacer(10);
    for (let i = 0; i < 40; i++) {
      busy(2);
      await pace();
    }
    clearInterval(timer);
    // 80 ms of work in 10 ms slices: the timer ran between them (without a pacer it could not run at all).
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('does not yield while the slice is not used up', async () => {
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    const pace = pacer(60_000);
    for (let i = 0; i < 100; i++) expect(pace()).toBeUndefined();
    expect(ran).toBe(false);
  });
});
