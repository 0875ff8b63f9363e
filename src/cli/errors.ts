import { AppError } from '../domain/errors.ts';
import { DataDirLockedError } from '../store/lock.ts';
import { ApiError, ConnectionError, formatProblem } from './client.ts';

/** A failure the user can act on from its message alone: printed without a stack trace. */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Message lines for an error, and whether it is one of ours (no stack trace needed). */
export function describeError(error: unknown): { lines: string[]; expected: boolean } {
  if (error instanceof ApiError) return { lines: formatProblem(error), expected: true };
  if (
    error instanceof UserError ||
    error instanceof DataDirLockedError ||
    error instanceof ConnectionError ||
    error instanceof AppError
  ) {
    return { lines: [error.message], expected: true };
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error.message.startsWith('configuration:')) return { lines: [error.message], expected: true };
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      return { lines: [`${error.message}: choose another --port / --host`], expected: true };
    }
    return { lines: [error.stack ?? error.message], expected: false };
  }
  return { lines: [String(error)], expected: false };
}

/** Prints an error to stderr as `pas: …` and sets the exit code. */
export function reportError(error: unknown): void {
  const { lines } = describeError(error);
  process.stderr.write(`pas: ${lines.join('\n')}\n`);
  process.exitCode = error instanceof UserError ? error.exitCode : 1;
}
