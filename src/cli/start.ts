import { configFrom, dataFlagNote, type ServerFlags } from './options.ts';
import { closeOnSignals, readyLine, serve } from './serve.ts';
import { stepPrinter } from './steps.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);

/**
 * `pas start`: one process serving the ingest and query API over every stage. Embedded (PGlite in the data
 * directory, locked) unless DATABASE_URL is set. Prints the ready line on stdout once both ports listen.
 */
export async function runStart(flags: ServerFlags): Promise<void> {
  const config = configFrom(flags);
  const note = dataFlagNote(flags, config);
  if (note) say(note);
  const steps = stepPrinter(say, 'pas');
  const running = await serve(config, { onStep: steps.onStep }).finally(steps.done);
  closeOnSignals(running, say);
  process.stdout.write(`${readyLine(running)}\n`);
}
