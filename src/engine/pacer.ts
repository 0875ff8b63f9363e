import { setImmediate as turn } from 'node:timers/promises';

/**
 * A stage computes over a whole batch in memory between two statements (hashing records, replaying keys,
 * valuing portfolios): 100–450 ms of synchronous work for a batch sized to ~500 ms, during which the process
 * answers nothing, not even /health/live. A pacer, called between items, gives the event loop a turn once
 * `sliceMs` of work has run since the last one; below that it costs a clock read.
 */
export function pacer(sliceMs = 20): () => Promise<void> | undefined {
  let last = performance.now();
  return () => {
    if (performance.now() - last < sliceMs) return undefined;
    return turn().then(() => {
      last = performance.now();
    });
  };
}
