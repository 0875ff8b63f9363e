import fs from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  readonly dataDir: string;
  readonly pid: number;
  constructor(dataDir: string, pid: number) {
    super(
      `data directory ${dataDir} is in use by another pas process (pid ${pid}); ` +
        'stop it first, or start this one with --data <another directory>',
    );
    this.dataDir = dataDir;
    this.pid = pid;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOr(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * Which process a pid is, beyond its number: the boot and the start time in clock ticks since boot (Linux,
 * /proc/<pid>/stat field 22). After a kill -9 and a restart the dead holder's pid may belong to another
 * process — in a container the same small pids come back at every start — so a live pid alone does not prove
 * the lock is held. Undefined where /proc is not available: the pid alone decides there.
 */
export function processIdentity(pid: number): string | undefined {
  const stat = readOr(`/proc/${pid}/stat`);
  const boot = readOr('/proc/sys/kernel/random/boot_id');
  if (stat === undefined || boot === undefined) return undefined;
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  return start ? `boot ${boot} start ${start}` : undefined;
}

/** The lock file's text: the holder's pid on the first line, its identity (when known) on the second. */
const lockText = (pid: number) => [String(pid), processIdentity(pid)].filter(Boolean).join('\n');

/** The holder of a lock still runs: its pid is alive and, when the lock recorded it, is the same process. */
function holderRuns(pid: number, identity: string | undefined): boolean {
  if (!isAlive(pid)) return false;
  if (identity === undefined) return true;
  const now = processIdentity(pid);
  return now === undefined || now === identity;
}

/**
 * Takes the exclusive lock on a PGlite data directory. PGlite has no cross-process lock of its own (the
 * postmaster.pid it writes is ignored when it opens the directory again) and two writers on one directory
 * silently lose commits, so a second process must fail at once. A lock left by a process that died (kill -9)
 * is taken over: its pid is no longer alive, or is now another process (the start time differs).
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'pas.lock');
  const mine = lockText(process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, mine, { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === mine) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidLine, identity] = fs.readFileSync(lockPath, 'utf8').trim().split('\n');
      const holder = Number(pidLine);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && holderRuns(holder, identity)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      fs.rmSync(lockPath, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`could not take the lock ${lockPath}`);
}
