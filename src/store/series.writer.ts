import type { IsoDate } from '../domain/records/types.ts';
import type { PortfolioDay, PositionDay } from '../domain/valuation/types.ts';
import type { Sql } from './db.ts';
import { jsonRow, jsonRows, type Shape } from './json-rows.ts';
import { WriteQueue } from './write-queue.ts';

/**
 * What one rebuild of a portfolio writes: its rows dated on or after `from` (null: all) replace the stored ones —
 * the portfolio rows, and the position rows of `securities` (null: every security).
 */
export interface SeriesWrite {
  portfolio_id: string;
  from: IsoDate | null;
  /** The last date rewritten (null: every row from `from` on). */
  to: IsoDate | null;
  securities: readonly string[] | null;
  positions: readonly PositionDay[];
  portfolio: readonly PortfolioDay[];
}

const POSITION_COLUMNS = [
  ['portfolio_id', 'text'],
  ['security_id', 'text'],
  ['date', 'date'],
  ['quantity', 'float8'],
  ['cost_basis', 'float8'],
  ['cost_basis_local', 'float8'],
  ['market_price', 'float8'],
  ['price_date', 'date'],
  ['valuation_status', 'text'],
  ['fx_rate', 'float8'],
  ['fx_date', 'date'],
  ['bod_market_value_local', 'float8'],
  ['eod_market_value_local', 'float8'],
  ['bod_market_value', 'float8'],
  ['eod_market_value', 'float8'],
  ['bod_cashflow_local', 'float8'],
  ['eod_cashflow_local', 'float8'],
  ['bod_cashflow', 'float8'],
  ['eod_cashflow', 'float8'],
  ['income', 'float8'],
  ['fees', 'float8'],
  ['unrealized_gain_loss_local', 'float8'],
  ['unrealized_gain_loss', 'float8'],
  ['incomplete_reason', 'text'],
] as const;

const PORTFOLIO_COLUMNS = [
  ['portfolio_id', 'text'],
  ['date', 'date'],
  ['bod_market_value', 'float8'],
  ['eod_market_value', 'float8'],
  ['bod_cashflow', 'float8'],
  ['eod_cashflow', 'float8'],
  ['fees', 'float8'],
  ['income', 'float8'],
  ['realized_gain_loss', 'float8'],
  ['complete', 'boolean'],
  ['incomplete_reason', 'text'],
] as const;

/** One INSERT per chunk of rows, sent as one JSON parameter (json-rows.ts). */
function insertSql(table: string, columns: Shape): string {
  return `INSERT INTO ${table} (${columns.map(([n]) => n).join(', ')}) SELECT * FROM ${jsonRows(columns)}`;
}

const POSITION_INSERT = insertSql('position_daily', POSITION_COLUMNS);
const PORTFOLIO_INSERT = insertSql('portfolio_daily', PORTFOLIO_COLUMNS);

/** A rebuilt row of `columns` as JSON, its portfolio id from the rebuild it belongs to. */
const rowOf =
  (columns: Shape) =>
  ({ portfolio_id, row }: { portfolio_id: string; row: object }): Record<string, unknown> => {
    const values = row as Record<string, unknown>;
    return jsonRow(
      columns,
      columns.map(([name]) => (name === 'portfolio_id' ? portfolio_id : values[name])),
    );
  };

/**
 * Deletes the rows a rebuild replaces: whole portfolios, or (by 'position') single positions, from a date on or
 * entirely. Each key is a parameterised index scan (LATERAL … OFFSET 0 keeps the planner from flattening it into
 * a hash join over the whole table, which it otherwise picks: it cannot see that a date range selects few rows),
 * and the rows found are deleted by ctid. Measured on PGlite with 900k rows: 23 ms instead of 909 ms for 100
 * portfolios' last day.
 */
function deleteReplaced(
  writes: WriteQueue,
  table: 'position_daily' | 'portfolio_daily',
  by: 'portfolio' | 'position',
  keys: ReadonlyArray<{
    portfolio_id: string;
    security_id?: string;
    from: IsoDate | null;
    to: IsoDate | null;
  }>,
): void {
  if (keys.length === 0) return;
  const columns =
    by === 'position' ? (['portfolio_id', 'security_id'] as const) : (['portfolio_id'] as const);
  const keyArrays = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const match = columns.map((c) => `r.${c} = k.${c}`).join(' AND ');
  writes.push(
    `DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
       SELECT x.ctid FROM unnest(${keyArrays}, $${columns.length + 1}::date[], $${columns.length + 2}::date[])
                          AS k(${columns.join(', ')}, from_date, to_date)
       CROSS JOIN LATERAL (SELECT r.ctid FROM ${table} r
                           WHERE ${match} AND r.date >= coalesce(k.from_date, '-infinity'::date)
                             AND r.date <= coalesce(k.to_date, 'infinity'::date) OFFSET 0) x))`,
    [...columns.map((c) => keys.map((k) => k[c])), keys.map((k) => k.from), keys.map((k) => k.to)],
  );
}

/**
 * Writes the rebuilds of a batch, set-based: DELETEs for every portfolio of the batch, then chunked INSERTs,
 * each chunk encoded while the statements before it run (write-queue.ts). Rows of securities a rebuild did not
 * change stay as they are (a back-dated trade rewrites its own position and the totals, not every position of
 * the portfolio). Returns the rows written.
 */
export async function writeSeries(tx: Sql, series: readonly SeriesWrite[]): Promise<number> {
  if (series.length === 0) return 0;
  const writes = new WriteQueue(tx);
  writes.push(
    `INSERT INTO series_versions (portfolio_id, version)
     SELECT DISTINCT p, txid_current() FROM unnest($1::text[]) AS p ORDER BY 1
     ON CONFLICT (portfolio_id) DO UPDATE SET version = excluded.version`,
    [series.map((w) => w.portfolio_id)],
  );
  deleteReplaced(writes, 'portfolio_daily', 'portfolio', series);
  deleteReplaced(
    writes,
    'position_daily',
    'portfolio',
    series.filter((w) => w.securities === null),
  );
  deleteReplaced(
    writes,
    'position_daily',
    'position',
    series.flatMap((w) =>
      (w.securities ?? []).map((security_id) => ({
        portfolio_id: w.portfolio_id,
        security_id,
        from: w.from,
        to: w.to,
      })),
    ),
  );
  const keep = (w: SeriesWrite) => (r: { date: IsoDate }) =>
    (w.from === null || r.date >= w.from) && (w.to === null || r.date <= w.to);
  const positions = series.flatMap((w) => {
    const securities = w.securities === null ? null : new Set(w.securities);
    return w.positions
      .filter((r) => keep(w)(r) && (securities === null || securities.has(r.security_id)))
      .map((row) => ({ portfolio_id: w.portfolio_id, row }));
  });
  const portfolio = series.flatMap((w) =>
    w.portfolio.filter(keep(w)).map((row) => ({ portfolio_id: w.portfolio_id, row })),
  );
  await writes.pushRows(POSITION_INSERT, positions, rowOf(POSITION_COLUMNS));
  await writes.pushRows(PORTFOLIO_INSERT, portfolio, rowOf(PORTFOLIO_COLUMNS));
  await writes.done();
  return positions.length + portfolio.length;
}
