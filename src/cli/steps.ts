/**
 * Start-up steps as they happen (issue 14: a fresh start must not be silent for long): each step is printed
 * when it starts, and a step still running after HEARTBEAT_MS is printed again with its time so far.
 */
const HEARTBEAT_MS = 2_000;

export function stepPrinter(say: (line: string) => void, prefix: string) {
  let current: { text: string; started: number } | undefined;
  const timer = setInterval(() => {
    // A step that blocks the event loop (PGlite creating a database) lets a late tick through: not a heartbeat.
    if (current === undefined || Date.now() - current.started < HEARTBEAT_MS) return;
    const seconds = Math.round((Date.now() - current.started) / 1000);
    say(`${prefix}: still ${current.text} (${seconds} s)`);
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    onStep(text: string) {
      current = { text, started: Date.now() };
      say(`${prefix}: ${text} …`);
    },
    /** The last step is over (the ready line follows, or an error). */
    done() {
      current = undefined;
      clearInterval(timer);
    },
  };
}
