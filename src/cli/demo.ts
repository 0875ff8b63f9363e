import cliProgress from 'cli-progress';
import pino from 'pino';
import { createApiKey } from '../app/api-keys.ts';
import { createLogger } from '../app/logger.ts';
import { latestWeekdayOnOrBefore } from '../domain/demo/calendar.ts';
import { type DemoDataSet, demoCounts, generateDemo } from '../domain/demo/generate.ts';
import { type IngestEntity, PasClient } from './client.ts';
import { UserError } from './errors.ts';
import { configFrom, dataFlagNote, type ServerFlags } from './options.ts';
import { closeOnSignals, readyLine, serve } from './serve.ts';
import { stepPrinter } from './steps.ts';

export interface DemoFlags extends ServerFlags {
  portfolios: number;
  years: number;
  seed: number;
  /** Last day of the data (YYYY-MM-DD), moved back to the latest weekday on or before it. */
  endDate: string;
  /** false with --no-serve: shut down once the data is in. */
  serve: boolean;
}

/** Records per ingest request: well under the server's limit, small enough to show progress. */
export const DEMO_CHUNK = 5_000;
/** How long the demo waits for its jobs to complete before giving up. */
const JOB_TIMEOUT_MS = 30 * 60_000;

/** The order the demo sends its lists in: reference data first, then market data, then transactions. */
const PLAN: ReadonlyArray<[keyof DemoDataSet, Exclude<IngestEntity, 'portfolio-bundle'>]> = [
  ['business_dates', 'business-dates'],
  ['portfolios', 'portfolios'],
  ['instruments', 'instruments'],
  ['market_prices', 'market-prices'],
  ['fx_rates', 'fx-rates'],
  ['benchmarks', 'benchmarks'],
  ['benchmark_levels', 'benchmark-levels'],
  ['benchmark_compositions', 'benchmark-compositions'],
  ['transactions', 'transactions'],
];

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A progress display: a bar on a terminal, plain lines otherwise (CI logs, pipes). */
export interface Progress {
  start(phase: string, total: number): void;
  update(value: number, detail: string): void;
  stop(): void;
}

export function progressFor(stream: NodeJS.WriteStream): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: '  {phase} [{bar}] {percentage}% | {value}/{total} records | {detail}',
        hideCursor: true,
        stream,
      },
      cliProgress.Presets.shades_classic,
    );
    let phase = '';
    return {
      start(p, total) {
        phase = p;
        bar.start(total, 0, { phase, detail: '' });
      },
      update(value, detail) {
        bar.update(value, { phase, detail });
      },
      stop() {
        bar.stop();
      },
    };
  }
  let phase = '';
  let total = 0;
  return {
    start(p, t) {
      phase = p;
      total = t;
    },
    update(value, detail) {
      stream.write(`  ${phase} ${value}/${total} records | ${detail}\n`);
    },
    stop() {},
  };
}

const fmtInt = (n: number) => n.toLocaleString('en-US');

/** Sends the data set through the ingest API in chunks and waits for every job. Returns the timings. */
export async function ingestDemo(
  client: PasClient,
  data: DemoDataSet,
  progress: Progress,
): Promise<{ acceptedSeconds: number; totalSeconds: number; records: number; jobs: number }> {
  const started = performance.now();
  const counts = demoCounts(data);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const jobs: Array<{ id: string; count: number; entity: string }> = [];

  progress.start('ingest ', total);
  let sent = 0;
  for (const [list, entity] of PLAN) {
    for (const part of chunk(data[list] as readonly unknown[], DEMO_CHUNK)) {
      const receipt = await client.ingestRecords(entity, part);
      jobs.push({ id: receipt.job_id, count: part.length, entity: list });
      sent += part.length;
      progress.update(sent, `${list} → ${receipt.job_id}`);
    }
  }
  progress.stop();
  const acceptedSeconds = (performance.now() - started) / 1000;

  progress.start('process', total);
  let done = 0;
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (const job of jobs) {
    const state = await client.waitForJob(job.id, Math.max(1_000, deadline - Date.now()));
    if (state.status === 'failed') {
      progress.stop();
      throw new UserError(
        `job ${job.id} (${job.entity}) failed: ${state.failure_reason ?? 'no reason given'}`,
      );
    }
    done += job.count;
    progress.update(done, `${job.entity} ${state.status}`);
  }
  progress.stop();
  return {
    acceptedSeconds,
    totalSeconds: (performance.now() - started) / 1000,
    records: total,
    jobs: jobs.length,
  };
}

/**
 * `pas demo`: starts the system like `pas start`, generates the deterministic demo data set ending at the
 * latest weekday on or before --end-date (by default the fixed DEMO_END_DATE, which the docs' examples use), ingests it over HTTP, waits for every job, prints a summary and
 * keeps serving (or, with --no-serve, shuts down cleanly).
 */
export async function runDemo(flags: DemoFlags): Promise<'serving' | 'done'> {
  const out = (line = '') => process.stdout.write(`${line}\n`);
  const config = configFrom(flags);
  const note = dataFlagNote(flags, config);
  if (note) process.stderr.write(`${note}\n`);

  const endDate = latestWeekdayOnOrBefore(flags.endDate);
  const generated = performance.now();
  const data = generateDemo({ seed: flags.seed, portfolios: flags.portfolios, years: flags.years, endDate });
  const counts = demoCounts(data);
  out(
    `pas demo: ${flags.portfolios} portfolio(s), ${flags.years} year(s) to ${endDate}, seed ${flags.seed}: ` +
      `generated in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
  );

  // The demo's own output is the story; server logs go to stderr, warnings and errors only unless asked for.
  const logger = createLogger(process.env.PAS_LOG_LEVEL ?? 'warn', pino.destination(2));
  const steps = stepPrinter(out, 'pas demo');
  const running = await serve(config, { logger, onStep: steps.onStep }).finally(steps.done);
  out(`pas demo: serving ${running.url}, data in ${running.system.location}`);
  try {
    // With PAS_AUTH=required the demo loads its data with a key of its own (an audited key_create).
    const loader =
      config.auth === 'required'
        ? await createApiKey(
            running.system.db,
            { name: 'pas demo loader', scopes: ['ingest', 'read'] },
            { keyId: null, correlationId: `PAS:demo-${flags.seed}` },
          )
        : undefined;
    const client = new PasClient(running.url, {
      headers: {
        'x-correlation-id': `PAS:demo-${flags.seed}`,
        ...(loader ? { authorization: `Bearer ${loader.key}` } : {}),
      },
    });
    const result = await ingestDemo(client, data, progressFor(process.stdout));
    const rate = result.records / result.totalSeconds;
    out();
    out(
      `pas demo: ${fmtInt(result.records)} records in ${result.jobs} jobs: accepted in ${result.acceptedSeconds.toFixed(1)} s, ` +
        `all complete in ${result.totalSeconds.toFixed(1)} s (${fmtInt(Math.round(rate))} records/s)`,
    );
    const width = Math.max(...Object.keys(counts).map((k) => k.length));
    for (const [list, n] of Object.entries(counts)) out(`  ${list.padEnd(width)}  ${fmtInt(n).padStart(8)}`);
  } catch (error) {
    await running.close();
    throw error;
  }

  if (!flags.serve) {
    await running.close();
    out('pas demo: done (--no-serve): stopped');
    return 'done';
  }
  closeOnSignals(running, (line) => process.stderr.write(`${line}\n`));
  out();
  out(`Dashboard: ${running.url}/`);
  out(`Try:  curl ${running.url}/portfolios`);
  out(`      curl '${running.url}/portfolios/${data.portfolios[0]!.portfolio_id}/transactions?limit=5'`);
  out(`      curl ${running.url}/portfolios/${data.portfolios[0]!.portfolio_id}/positions`);
  out(`      open ${running.url}/docs   (OpenAPI)`);
  out('Ctrl-C stops the server.');
  out(readyLine(running));
  return 'serving';
}
