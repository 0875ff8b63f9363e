import fs from 'node:fs';
import path from 'node:path';
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { warehouseMetrics } from '../../domain/analytics/warehouse-metrics.ts';
import { dayNumber } from '../../domain/dates.ts';
import type { Db, Row } from '../db.ts';
import { portfolioSeriesOf } from '../queries/analytics-series.queries.ts';
import { appendValue, type ColumnType, duckType, sourceExpression } from './columns.ts';
import { DERIVED_TABLES, METRIC_TABLES, STREAMED_TABLES, type StreamedTable } from './tables.ts';

/**
 * `pas export`: the store's facts, derived state and metrics as an analyst's warehouse (a DuckDB file, or one
 * Parquet file per table). Streamed: each table is read in keyset pages (PAGE_ROWS rows, by its indexed key)
 * and appended to DuckDB page by page, the metrics one portfolio at a time, so memory holds one page or one
 * portfolio's series whatever the size of the store. The file appears only once complete (written under a
 * temporary name, renamed at the end); a failed export leaves nothing behind.
 */

export interface ExportFilter {
  /** First day (inclusive) of dated rows. */
  from?: string | undefined;
  /** Last day (inclusive) of dated rows. */
  to?: string | undefined;
  /** Only these portfolios (portfolio-owned tables). */
  portfolios?: readonly string[] | undefined;
}

export interface ExportOptions extends ExportFilter {
  format: 'duckdb' | 'parquet';
  /** The DuckDB file to create, or the directory to write the Parquet files into. */
  target: string;
  pageRows?: number;
  /** Called after each page: rows written so far of `total`, and the table being written. */
  onProgress?: (done: number, total: number, table: string) => void;
}

export interface ExportSummary {
  target: string;
  tables: { name: string; rows: number }[];
  range: { first: string | null; last: string | null };
}

export class ExportError extends Error {}

const PAGE_ROWS = 5_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function conditions(table: StreamedTable, filter: ExportFilter, params: unknown[]): string[] {
  const where: string[] = [];
  if (table.portfolio && filter.portfolios) {
    params.push(filter.portfolios);
    where.push(`${table.portfolio} = ANY($${params.length}::text[])`);
  }
  if (table.date && filter.from) {
    params.push(filter.from);
    where.push(`${table.date} >= $${params.length}::date`);
  }
  if (table.date && filter.to) {
    params.push(filter.to);
    where.push(`${table.date} <= $${params.length}::date`);
  }
  return where;
}

const fromOf = (table: StreamedTable, range: { first: string; last: string }) =>
  table.from.replaceAll(':first', range.first).replaceAll(':last', range.last);

/** The first and last day the export covers: --from/--to, else the span of the (filtered) portfolio series. */
async function rangeOf(db: Db, filter: ExportFilter): Promise<{ first: string | null; last: string | null }> {
  const params: unknown[] = [];
  const where = filter.portfolios
    ? `WHERE portfolio_id = ANY($${params.push(filter.portfolios)}::text[])`
    : '';
  const [span] = await db.query<{ first: string | null; last: string | null }>(
    `SELECT min(date)::text AS first, max(date)::text AS last FROM portfolio_daily ${where}`,
    params,
  );
  return { first: filter.from ?? span?.first ?? null, last: filter.to ?? span?.last ?? null };
}

async function countOf(db: Db, table: StreamedTable, filter: ExportFilter, from: string): Promise<number> {
  const params: unknown[] = [];
  const where = conditions(table, filter, params);
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int8 AS n FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    params,
  );
  return Number(row?.n ?? 0);
}

/** Streams one table's pages into an appender; returns the rows written. */
async function streamTable(
  db: Db,
  appender: DuckDBAppender,
  table: StreamedTable,
  filter: ExportFilter,
  from: string,
  pageRows: number,
  onPage: (rows: number) => void,
): Promise<number> {
  const select = [
    ...table.columns.map((c, i) => `${sourceExpression(c)} AS c${i}`),
    ...table.key.map((k, i) => `(${k.sql})::text AS k${i}`),
  ].join(', ');
  const order = table.key.map((k) => k.sql).join(', ');
  let after: string[] | undefined;
  let written = 0;
  for (;;) {
    const params: unknown[] = [];
    const where = conditions(table, filter, params);
    if (after) {
      const bounds = table.key.map((k, i) => `$${params.push(after![i])}::${k.cast}`);
      where.push(`(${order}) > (${bounds.join(', ')})`);
    }
    let rows: Row[];
    try {
      rows = await db.query(
        `SELECT ${select} FROM ${from} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ` +
          `ORDER BY ${order} LIMIT ${pageRows}`,
        params,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ExportError(
        /overflow/i.test(message)
          ? `${table.name}: a value does not fit DECIMAL(38,18) (more than 20 integer digits): ${message}`
          : `${table.name}: ${message}`,
      );
    }
    for (const row of rows) {
      table.columns.forEach((c, i) => {
        appendValue(appender, c.type, row[`c${i}`]);
      });
      appender.endRow();
    }
    written += rows.length;
    onPage(rows.length);
    if (rows.length < pageRows) return written;
    const last = rows[rows.length - 1]!;
    after = table.key.map((_, i) => String(last[`k${i}`]));
  }
}

const createTable = (name: string, columns: readonly { name: string; type: ColumnType }[]) =>
  `CREATE TABLE ${name} (${columns.map((c) => `${c.name} ${duckType(c.type)}`).join(', ')})`;

/** The four metric tables, one portfolio's series at a time. Returns the rows written per table. */
async function writeMetrics(
  db: Db,
  conn: DuckDBConnection,
  filter: ExportFilter,
  range: { first: string; last: string },
  onPage: (rows: number) => void,
): Promise<Record<keyof typeof METRIC_TABLES, number>> {
  const appenders = {
    daily_returns: await conn.createAppender('daily_returns'),
    cumulative_returns: await conn.createAppender('cumulative_returns'),
    drawdown: await conn.createAppender('drawdown'),
    rolling_volatility: await conn.createAppender('rolling_volatility'),
  };
  const counts = { daily_returns: 0, cumulative_returns: 0, drawdown: 0, rolling_volatility: 0 };
  const append = (name: keyof typeof appenders, values: readonly unknown[]) => {
    const appender = appenders[name];
    METRIC_TABLES[name].columns.forEach((c, i) => {
      appendValue(appender, c.type, values[i]);
    });
    appender.endRow();
    counts[name]++;
  };
  const pct = (x: number | null) => (x === null ? null : x * 100);
  const params: unknown[] = [];
  const where = filter.portfolios
    ? `WHERE portfolio_id = ANY($${params.push(filter.portfolios)}::text[])`
    : '';
  const ids = await db.query<{ portfolio_id: string }>(
    `SELECT portfolio_id FROM series_versions ${where} ORDER BY portfolio_id`,
    params,
  );
  for (const { portfolio_id: id } of ids) {
    const { rows } = await portfolioSeriesOf(db, id, range.first, range.last);
    const metrics = warehouseMetrics(rows);
    for (const d of metrics.days) {
      const day = dayNumber(d.date);
      append('daily_returns', [id, day, d.daily_return, pct(d.daily_return), d.note]);
      append('cumulative_returns', [id, day, d.cumulative_return, pct(d.cumulative_return)]);
      append('drawdown', [
        id,
        day,
        d.wealth_index,
        d.peak_index,
        d.drawdown,
        pct(d.drawdown),
        pct(d.max_drawdown),
      ]);
    }
    for (const v of metrics.volatility) {
      append('rolling_volatility', [
        id,
        dayNumber(v.date),
        v.observations,
        v.volatility,
        v.annualized_volatility,
        pct(v.annualized_volatility),
      ]);
    }
    onPage(rows.length);
  }
  for (const appender of Object.values(appenders)) appender.closeSync();
  return counts;
}

/** Seed 003 queried its models through dbt's schemas (main_facts.fact_portfolio_value_daily, …): same names here. */
const SEED_SCHEMAS: Record<string, readonly string[]> = {
  main_dimensions: ['dim_account', 'dim_symbol', 'dim_date'],
  main_facts: ['fact_trades', 'fact_positions_daily', 'fact_portfolio_value_daily', 'fact_pnl_daily'],
  main_metrics: Object.keys(METRIC_TABLES),
};

const quoteLiteral = (s: string) => `'${s.replaceAll("'", "''")}'`;

function validate(options: ExportOptions): void {
  for (const [flag, value] of [
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value !== undefined && (!ISO_DATE.test(value) || Number.isNaN(dayNumber(value)))) {
      throw new ExportError(`${flag} must be a date YYYY-MM-DD, got ${value}`);
    }
  }
  if (options.from && options.to && options.from > options.to) {
    throw new ExportError(`--from ${options.from} is after --to ${options.to}`);
  }
  if (options.portfolios?.length === 0) throw new ExportError('--portfolios names no portfolio');
  if (options.format === 'duckdb' && fs.existsSync(options.target)) {
    throw new ExportError(`${options.target} exists: choose another file or remove it first`);
  }
  if (
    options.format === 'parquet' &&
    fs.existsSync(options.target) &&
    fs.readdirSync(options.target).length > 0
  ) {
    throw new ExportError(`${options.target} is not empty: choose an empty or new directory`);
  }
}

export async function exportWarehouse(db: Db, options: ExportOptions): Promise<ExportSummary> {
  validate(options);
  const filter: ExportFilter = { from: options.from, to: options.to, portfolios: options.portfolios };
  const pageRows = options.pageRows ?? PAGE_ROWS;
  if (filter.portfolios) {
    const known = await db.query<{ portfolio_id: string }>(
      'SELECT portfolio_id FROM portfolios WHERE portfolio_id = ANY($1::text[])',
      [filter.portfolios],
    );
    const unknown = filter.portfolios.filter((p) => !known.some((k) => k.portfolio_id === p));
    if (unknown.length > 0) throw new ExportError(`--portfolios: no portfolio ${unknown.join(', ')}`);
  }
  const range = await rangeOf(db, filter);
  const dated = range.first !== null && range.last !== null && range.first <= range.last;
  const bounds = { first: range.first ?? '1900-01-01', last: range.last ?? '1900-01-01' };
  const counts = await Promise.all(
    STREAMED_TABLES.map((t) =>
      t.name === 'dim_date' && !dated
        ? 0
        : countOf(db, t, filter, fromOf({ ...t, from: t.countFrom ?? t.from }, bounds)),
    ),
  );
  const seriesDays = dated
    ? counts[STREAMED_TABLES.findIndex((t) => t.name === 'fact_portfolio_value_daily')]!
    : 0;
  const total = counts.reduce((a, b) => a + b, 0) + seriesDays;
  let done = 0;
  const onPage = (table: string) => (rows: number) => {
    done += rows;
    options.onProgress?.(done, total, table);
  };

  const target = path.resolve(options.target);
  const file =
    options.format === 'duckdb'
      ? `${target}.partial-${process.pid}`
      : path.join(path.dirname(target), `.${path.basename(target)}.partial-${process.pid}.duckdb`);
  const parquetFiles: string[] = [];
  const cleanup = () => {
    for (const f of [file, `${file}.wal`]) fs.rmSync(f, { force: true });
  };
  cleanup();
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  const tables: { name: string; rows: number }[] = [];
  try {
    await conn.run("SET TimeZone = 'UTC'"); // trade_date = the UTC date of the instant, as everywhere
    for (const table of STREAMED_TABLES) {
      await conn.run(createTable(table.name, table.columns));
      const appender = await conn.createAppender(table.name);
      const rows =
        table.name === 'dim_date' && !dated
          ? 0
          : await streamTable(
              db,
              appender,
              table,
              filter,
              fromOf(table, bounds),
              pageRows,
              onPage(table.name),
            );
      appender.closeSync();
      tables.push({ name: table.name, rows });
    }
    for (const metric of Object.values(METRIC_TABLES))
      await conn.run(createTable(metric.name, metric.columns));
    const metricRows = dated
      ? await writeMetrics(db, conn, filter, bounds, onPage('metrics'))
      : { daily_returns: 0, cumulative_returns: 0, drawdown: 0, rolling_volatility: 0 };
    for (const [name, rows] of Object.entries(metricRows)) tables.push({ name, rows });
    for (const derived of DERIVED_TABLES) {
      await conn.run(`CREATE TABLE ${derived.name} AS ${derived.select}`);
      const reader = await conn.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM ${derived.name}`);
      tables.push({ name: derived.name, rows: Number(reader.getRowObjectsJS()[0]?.n ?? 0) });
    }
    if (options.format === 'duckdb') {
      for (const [schema, names] of Object.entries(SEED_SCHEMAS)) {
        await conn.run(`CREATE SCHEMA ${schema}`);
        for (const name of names)
          await conn.run(`CREATE VIEW ${schema}.${name} AS SELECT * FROM main.${name}`);
      }
    } else {
      fs.mkdirSync(target, { recursive: true });
      for (const { name } of tables) {
        const out = path.join(target, `${name}.parquet`);
        parquetFiles.push(out);
        await conn.run(`COPY ${name} TO ${quoteLiteral(out)} (FORMAT parquet)`);
      }
    }
    conn.closeSync();
    instance.closeSync();
    if (options.format === 'duckdb') fs.renameSync(file, target);
    else cleanup();
  } catch (error) {
    conn.closeSync();
    instance.closeSync();
    cleanup();
    for (const f of parquetFiles) fs.rmSync(f, { force: true });
    throw error;
  }
  return { target, tables, range };
}
