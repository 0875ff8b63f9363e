import fs from 'node:fs';
import os from 'node:os';

/**
 * Lowers the CPU priority of every thread of this process to `nice` (Linux keeps a niceness per thread:
 * setpriority on the process id alone would leave V8's and libuv's threads as they were). Threads started
 * later inherit it from the thread that starts them. Elsewhere the process's priority is set. Returns the
 * number of threads lowered (a thread already at or below that priority is left).
 */
export function lowerCpuPriority(nice: number): number {
  if (nice <= 0) return 0;
  let tasks: string[] = [];
  try {
    tasks = fs.readdirSync('/proc/self/task');
  } catch {
    os.setPriority(nice);
    return 1;
  }
  let changed = 0;
  for (const task of tasks) {
    try {
      if (os.getPriority(Number(task)) < nice) {
        os.setPriority(Number(task), nice);
        changed++;
      }
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return changed;
}
