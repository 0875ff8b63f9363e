import { ExportError, exportWarehouse } from '../store/warehouse/export.ts';
import { progressFor } from './demo.ts';
import { UserError } from './errors.ts';
import { openStoreFor } from './open-store.ts';

export interface ExportFlags {
  format: 'duckdb' | 'parquet';
  from?: string;
  to?: string;
  portfolios?: string;
  data?: string;
}

/**
 * `pas export --format duckdb FILE | --format parquet DIR`: the warehouse tables of docs/warehouse.md. Reads
 * the store directly: PostgreSQL (DATABASE_URL) at any time; an embedded data directory only while no server
 * holds it (its lock) — export from a backup restored elsewhere otherwise (docs/operations.md).
 */
export async function runExport(target: string, flags: ExportFlags): Promise<void> {
  const portfolios = flags.portfolios
    ?.split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const store = await openStoreFor(
    flags,
    'To export while it runs: pas backup FILE (through the server), pas restore FILE --data <another ' +
      'directory>, then pas export --data <that directory>',
  );
  const progress = progressFor(process.stderr);
  let started = false;
  let shown = 0;
  try {
    const summary = await exportWarehouse(store.db, {
      format: flags.format,
      target,
      from: flags.from,
      to: flags.to,
      portfolios,
      onProgress(done, total, table) {
        if (!started) {
          progress.start('export', total);
          started = true;
        }
        // At most a line a second: off a terminal every update is a line of the log.
        if (done < total && performance.now() - shown < 1000) return;
        shown = performance.now();
        progress.update(done, table);
      },
    });
    progress.stop();
    const rows = summary.tables.reduce((a, t) => a + t.rows, 0);
    process.stdout.write(
      `pas export: ${summary.tables.length} tables, ${rows} rows (${summary.range.first ?? '–'} … ` +
        `${summary.range.last ?? '–'}) to ${summary.target}\n`,
    );
    for (const t of summary.tables) process.stdout.write(`  ${t.name.padEnd(28)} ${t.rows}\n`);
  } catch (error) {
    progress.stop();
    if (error instanceof ExportError) throw new UserError(`export: ${error.message}`);
    throw error;
  } finally {
    await store.close();
  }
}
