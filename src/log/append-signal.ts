/**
 * How in-process readers learn that records were appended: `wait(ms)` settles at the next `wake()` or after
 * `ms`, whichever comes first. Each log adapter keeps one; stages idle on it between fetches.
 */
export function appendSignal(): { wake(): void; wait(ms: number): Promise<void> } {
  const waiters = new Set<() => void>();
  return {
    wake() {
      for (const w of waiters) w();
      waiters.clear();
    },
    wait(ms) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(done);
          resolve();
        }, ms);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.add(done);
      });
    },
  };
}
