import fs from 'node:fs';
import { Command, Option } from 'commander';
import { DEMO_END_DATE } from '../domain/demo/calendar.ts';
import type { BackupFlags, RestoreFlags } from './backup.ts';
import type { CheckFlags } from './check.ts';
import { INGEST_ENTITY_NAMES } from './client.ts';
import type { DemoFlags } from './demo.ts';
import { reportError } from './errors.ts';
import type { ExportFlags } from './export.ts';
import type { IngestFlags } from './ingest.ts';
import type { CreateFlags, KeysFlags } from './keys.ts';
import { dateOption, integerOption, portOption, type ServerFlags } from './options.ts';

const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Ends the process after a one-shot command, whatever handles (timers, pools) are still open. */
const finish = () => process.exit(process.exitCode ?? 0);

/** Runs an action; any error is printed as `pas: …` (no stack trace for expected errors), exit code 1. */
const guarded =
  <A extends unknown[]>(action: (...args: A) => Promise<'serving' | 'done'>) =>
  async (...args: A) => {
    try {
      if ((await action(...args)) === 'done') finish();
    } catch (error) {
      reportError(error);
      finish();
    }
  };

const serverOptions = (command: Command): Command =>
  command
    .option(
      '--data <dir>',
      'PGlite data directory, when DATABASE_URL is unset (env PAS_DATA_DIR, default ./data)',
    )
    .option(
      '--port <n>',
      'port of the ingest + query API (env PAS_PORT, default 8000; 0 picks a free one)',
      portOption,
    )
    .option('--host <host>', 'address to bind (env PAS_HOST, default 127.0.0.1)')
    .option(
      '--query-port <n>',
      'second port serving the query routes only (env PAS_QUERY_PORT, default 8001; 0 disables)',
      portOption,
    );

export function buildProgram(): Command {
  const program = new Command('pas')
    .description(
      'Portfolio Analytics System: event-driven portfolio analytics, embedded (PGlite) or on PostgreSQL.\n' +
        'Environment variables are described in docs/configuration.md.',
    )
    .version(pkg.version)
    .showHelpAfterError();

  serverOptions(
    program
      .command('start')
      .description(
        "start the API and the stages of this process's roles (default: every role); prints the URL once ready",
      )
      .option(
        '--roles <list>',
        'what this process runs, comma-separated: ingest, query, relay, stage:persist, stage:positions, ' +
          'stage:series (env PAS_ROLES, default all). KAFKA_BROKERS (with DATABASE_URL) selects the Kafka log',
      ),
  ).action(
    guarded(async (flags: ServerFlags) => {
      // Commands load their modules on demand: `pas ingest` and `--help` never load the database or the API.
      const { runStart } = await import('./start.ts');
      await runStart(flags);
      return 'serving';
    }),
  );

  program
    .command('migrate')
    .description('apply the database migrations not yet applied (they also run at start)')
    .option('--data <dir>', 'PGlite data directory, when DATABASE_URL is unset (default ./data)')
    .action(
      guarded(async (flags: { data?: string }) => {
        const { runMigrate } = await import('./migrate.ts');
        await runMigrate(flags);
        return 'done';
      }),
    );

  program
    .command('kafka')
    .description('Kafka administration (KAFKA_BROKERS, PAS_KAFKA_TOPIC_PREFIX, PAS_KAFKA_PARTITIONS)')
    .command('init')
    .description('create the Kafka topics that are missing, with their partitions; says which existed')
    .action(
      guarded(async () => {
        const { runKafkaInit } = await import('./kafka-init.ts');
        await runKafkaInit();
        return 'done';
      }),
    );

  const keys = program
    .command('keys')
    .description('API keys (PAS_AUTH=required): create, list, revoke; written to the store directly');
  const dataOption = '--data <dir>';
  const dataHelp =
    'PGlite data directory, when DATABASE_URL is unset (default ./data; not while pas start uses it)';
  keys
    .command('create')
    .description('create a key and print it once (only its hash is stored)')
    .requiredOption('--name <name>', 'what the key is for (shown by keys list and in the audit)')
    .requiredOption('--scopes <list>', 'comma-separated: read (queries, analytics), ingest, admin')
    .option(
      '--portfolios <list>',
      'comma-separated portfolio ids the key is limited to (default: every portfolio)',
    )
    .option(dataOption, dataHelp)
    .action(
      guarded(async (flags: CreateFlags) => {
        const { runKeysCreate } = await import('./keys.ts');
        await runKeysCreate(flags);
        return 'done';
      }),
    );
  keys
    .command('list')
    .description('list the keys: id, state, name, scopes, portfolios, creation time (never the key)')
    .option(dataOption, dataHelp)
    .action(
      guarded(async (flags: KeysFlags) => {
        const { runKeysList } = await import('./keys.ts');
        await runKeysList(flags);
        return 'done';
      }),
    );
  keys
    .command('revoke')
    .description('revoke a key by its id; running servers refuse it within seconds')
    .argument('<key-id>', 'the key id (the hex part after pas_, as keys list shows it)')
    .option(dataOption, dataHelp)
    .action(
      guarded(async (keyId: string, flags: KeysFlags) => {
        const { runKeysRevoke } = await import('./keys.ts');
        await runKeysRevoke(keyId, flags);
        return 'done';
      }),
    );

  program
    .command('ingest')
    .description(
      'send a JSON or CSV file to a running server: JSON is the endpoint body (or a bare array of records), ' +
        'a .csv file goes through /ingest/uploads/commit',
    )
    .argument('<file>', 'the file to send (.json or .csv)')
    .addOption(
      new Option('--type <entity>', 'what the file holds').choices(INGEST_ENTITY_NAMES).makeOptionMandatory(),
    )
    .option('--url <url>', 'base URL of the server (default http://127.0.0.1:$PAS_PORT, i.e. :8000)')
    .option('--wait', 'wait until the job is complete through every stage')
    .option(
      '--timeout <seconds>',
      'with --wait: give up after this many seconds',
      integerOption(1, 86_400),
      600,
    )
    .option('--idempotency-key <key>', 'X-Idempotency-Key: the same key and body again replays the first job')
    .action(
      guarded(async (file: string, flags: IngestFlags) => {
        const { runIngest } = await import('./ingest.ts');
        await runIngest(file, flags);
        return 'done';
      }),
    );

  serverOptions(
    program
      .command('demo')
      .description(
        'start the system, load a generated, deterministic demo data set through the ingest API, wait for it ' +
          'to be processed, and keep serving',
      )
      .option('--portfolios <n>', 'number of portfolios', integerOption(1, 1000), 5)
      .option('--years <y>', 'years of history, ending at --end-date', integerOption(1, 30), 3)
      .option(
        '--seed <s>',
        'random seed: the same seed gives the same data',
        integerOption(0, 2 ** 32 - 1),
        42,
      )
      .option(
        '--end-date <date>',
        "last day of the data (moved back to a weekday); fixed by default so the docs' examples always match",
        dateOption,
        DEMO_END_DATE,
      )
      .option('--no-serve', 'stop once the data is in, instead of serving it'),
  ).action(
    guarded(async (flags: DemoFlags) => {
      const { runDemo } = await import('./demo.ts');
      return runDemo(flags);
    }),
  );

  program
    .command('export')
    .description(
      'write the warehouse tables (docs/warehouse.md) to a DuckDB file or a directory of Parquet files; ' +
        'embedded: the data directory must not be in use',
    )
    .argument(
      '<target>',
      'the DuckDB file to create (duckdb) or the directory for the .parquet files (parquet)',
    )
    .addOption(
      new Option('--format <format>', 'output format').choices(['duckdb', 'parquet']).makeOptionMandatory(),
    )
    .option('--from <date>', 'first day (YYYY-MM-DD) of dated rows')
    .option('--to <date>', 'last day (YYYY-MM-DD) of dated rows')
    .option('--portfolios <ids>', 'comma-separated portfolio ids (default: all)')
    .option('--data <dir>', 'PGlite data directory, when DATABASE_URL is unset (default ./data)')
    .action(
      guarded(async (target: string, flags: ExportFlags) => {
        const { runExport } = await import('./export.ts');
        await runExport(target, flags);
        return 'done';
      }),
    );

  program
    .command('check')
    .description(
      'run the data-quality checks on the stored facts and derived state; exit code 1 when any fails',
    )
    .option('--data <dir>', 'PGlite data directory, when DATABASE_URL is unset (default ./data)')
    .option('--url <url>', 'ask a running server instead (GET <url>/data-quality)')
    .option('--json', 'print the report as JSON')
    .action(
      guarded(async (flags: CheckFlags) => {
        const { runCheck } = await import('./check.ts');
        await runCheck(flags);
        return 'done';
      }),
    );

  program
    .command('backup')
    .description(
      'write a consistent snapshot of the embedded database to FILE (gzipped tar), while the server runs ' +
        '(through it) or not; PostgreSQL: use pg_dump',
    )
    .argument('<file>', 'the backup file to write (replaced atomically if it exists)')
    .option('--data <dir>', 'PGlite data directory (env PAS_DATA_DIR, default ./data)')
    .option(
      '--url <url>',
      'take it through this running server (default when the directory is in use: PAS_PORT)',
    )
    .action(
      guarded(async (file: string, flags: BackupFlags) => {
        const { runBackup } = await import('./backup.ts');
        await runBackup(file, flags);
        return 'done';
      }),
    );

  program
    .command('restore')
    .description('load a backup from pas backup into the data directory; the server must be stopped')
    .argument('<file>', 'the backup file')
    .option('--data <dir>', 'PGlite data directory to restore into (env PAS_DATA_DIR, default ./data)')
    .option('--force', 'replace a database already in the directory (its files are kept beside it)')
    .action(
      guarded(async (file: string, flags: RestoreFlags) => {
        const { runRestore } = await import('./backup.ts');
        await runRestore(file, flags);
        return 'done';
      }),
    );

  return program;
}

/** Runs the `pas` command line (bin/pas.mjs); importing this module alone runs nothing (tests read the program). */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  await buildProgram().parseAsync([...argv]);
}
