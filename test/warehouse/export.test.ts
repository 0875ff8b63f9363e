import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Decimal } from 'decimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { exportWarehouse } from '../../src/store/warehouse/export.ts';
import { DERIVED_TABLES, METRIC_TABLES, STREAMED_TABLES } from '../../src/store/warehouse/tables.ts';
import { ingestDemo, openPositions, type PositionsHarness } from '../positions/positions-harness.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';

/**
 * `pas export` of the demo (2 portfolios × 1 year): the DuckDB file opens with every table, its counts are the
 * store's, and a few values equal what the API answers (exact decimals to 18 places, the cumulative return to
 * the TWR of POST /performance).
 */

const ALL_TABLES = [
  ...STREAMED_TABLES.map((t) => t.name),
  ...Object.keys(METRIC_TABLES),
  ...DERIVED_TABLES.map((t) => t.name),
];
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-export-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

type Rows = Record<string, unknown>[];
async function duck(file: string, sql: string): Promise<Rows> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Rows;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
const count = async (file: string, table: string) =>
  Number((await duck(file, `SELECT count(*) AS n FROM ${table}`))[0]!.n);

describe.each(stores())('pas export of the demo on $kind', (store) => {
  const h: PositionsHarness = forSuite(
    () => openPositions(store),
    () => ingestDemo(h, { seed: 42, portfolios: 2, years: 1, endDate: '2025-06-30' }),
  );

  it('writes every table into a DuckDB file with the store’s counts', async () => {
    const file = path.join(tempDir(), 'w.duckdb');
    const progress: number[] = [];
    const summary = await exportWarehouse(h.db, {
      format: 'duckdb',
      target: file,
      pageRows: 700, // several pages per table: the keyset paging is exercised
      onProgress: (done) => progress.push(done),
    });
    expect(fs.existsSync(file)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['w.duckdb']);
    const tables = (
      await duck(file, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")
    ).map((r) => r.table_name);
    expect(tables.sort()).toEqual([...ALL_TABLES].sort());
    const source = async (sql: string) => Number((await h.db.query<{ n: number }>(sql))[0]!.n);
    const expected: Record<string, number> = {
      dim_account: await source('SELECT count(*) AS n FROM portfolios'),
      dim_symbol: await source('SELECT count(*) AS n FROM instruments'),
      transactions: await source('SELECT count(*) AS n FROM transactions'),
      lots: await source('SELECT count(*) AS n FROM lots'),
      fact_positions_daily: await source('SELECT count(*) AS n FROM position_daily'),
      fact_pnl_daily: await source('SELECT count(*) AS n FROM position_daily'),
      fact_portfolio_value_daily: await source('SELECT count(*) AS n FROM portfolio_daily'),
      daily_returns: await source('SELECT count(*) AS n FROM portfolio_daily'),
      dim_date: await source('SELECT (max(date) - min(date) + 1) AS n FROM portfolio_daily'),
      fact_trades: await source(
        "SELECT count(*) AS n FROM transactions WHERE transaction_type IN ('BUY', 'SELL')",
      ),
    };
    expect(expected.fact_positions_daily).toBeGreaterThan(1000);
    for (const [table, n] of Object.entries(expected)) expect(await count(file, table), table).toBe(n);
    for (const t of summary.tables) expect(await count(file, t.name), t.name).toBe(t.rows);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.at(-1)).toBe(progress.reduce((a, b) => Math.max(a, b), 0));

    // Seed 003's own example query runs unchanged (its dbt schema names are views here).
    const seedRows = await duck(
      file,
      "SELECT account_id, value_date, total_value, cash_balance, positions_value FROM main_facts.fact_portfolio_value_daily WHERE account_id = 'DEMO_001_USD' ORDER BY value_date DESC LIMIT 30",
    );
    expect(seedRows).toHaveLength(30);
    for (const r of seedRows) {
      expect(Number(r.cash_balance) + Number(r.positions_value)).toBeCloseTo(Number(r.total_value), 6);
    }
  });

  it('holds the API’s values: exact booked costs, daily values, and the TWR as cumulative return', async () => {
    const file = path.join(tempDir(), 'v.duckdb');
    await exportWarehouse(h.db, { format: 'duckdb', target: file });
    const id = 'DEMO_002_EUR';
    // Booked costs: exact decimals to 18 places; the API shows the same numbers rounded half-even to 10.
    const api = await h.get(`/portfolios/${id}/transactions?limit=1000`);
    const sells = (api.transactions as Rows).filter(
      (t) => t.transaction_type === 'SELL' && t.realized_gain_loss,
    );
    expect(sells.length).toBeGreaterThan(0);
    const exported = new Map(
      (
        await duck(
          file,
          `SELECT transaction_id, CAST(realized_gain_loss AS VARCHAR) AS r, CAST(quantity AS VARCHAR) AS q FROM transactions WHERE portfolio_id = '${id}'`,
        )
      ).map((r) => [r.transaction_id, r]),
    );
    for (const t of sells) {
      const row = exported.get(t.transaction_id)!;
      expect(
        new Decimal(String(row.r))
          .toDecimalPlaces(10, Decimal.ROUND_HALF_EVEN)
          .eq(new Decimal(String(t.realized_gain_loss))),
      ).toBe(true);
      expect(new Decimal(String(row.q)).eq(new Decimal(String(t.quantity)))).toBe(true);
    }
    // The daily value series is the one GET /portfolios/{id}/timeseries serves.
    const series = await h.get(`/portfolios/${id}/timeseries`);
    const last = (series.rows as Rows).at(-1)!;
    const [day] = await duck(
      file,
      `SELECT total_value, bod_market_value, net_flow FROM fact_portfolio_value_daily WHERE account_id = '${id}' AND value_date = DATE '${last.date}'`,
    );
    expect(Number(day!.total_value)).toBeCloseTo(Number(last.eod_market_value), 6);
    expect(Number(day!.bod_market_value)).toBeCloseTo(Number(last.bod_market_value), 6);
    // The cumulative return on the last day is the TWR since inception of POST /performance (NET).
    const perf = await h.app.inject({
      method: 'POST',
      url: `/portfolios/${id}/performance`,
      payload: { periods: [{ type: 'SI' }] },
    });
    expect(perf.statusCode, perf.body).toBe(200);
    const twr = perf.json().summary.SI.cumulative_return as number;
    const [cumulative] = await duck(
      file,
      `SELECT cumulative_return FROM cumulative_returns WHERE account_id = '${id}' ORDER BY value_date DESC LIMIT 1`,
    );
    expect(Number(cumulative!.cumulative_return)).toBeCloseTo(twr, 10);
    // Drawdown and volatility recomputed independently in DuckDB from the exported returns.
    const [check] = await duck(
      file,
      `WITH w AS (SELECT value_date, wealth_index, max(wealth_index) OVER (ORDER BY value_date) AS running
                  FROM drawdown WHERE account_id = '${id}' AND wealth_index IS NOT NULL)
       SELECT max(abs(d.drawdown - (w.wealth_index / greatest(w.running, 1) - 1))) AS err
       FROM w JOIN drawdown d ON d.account_id = '${id}' AND d.value_date = w.value_date`,
    );
    expect(Number(check!.err)).toBeLessThan(1e-12);
  });

  it('filters by portfolio and dates, and writes Parquet files', async () => {
    const dir = path.join(tempDir(), 'pq');
    await exportWarehouse(h.db, {
      format: 'parquet',
      target: dir,
      portfolios: ['DEMO_001_USD'],
      from: '2025-01-01',
      to: '2025-03-31',
    });
    expect(fs.readdirSync(dir).sort()).toEqual(ALL_TABLES.map((t) => `${t}.parquet`).sort());
    const q = async (sql: string) => Number((await h.db.query<{ n: number }>(sql))[0]!.n);
    const pq = async (table: string, extra = '') => {
      const instance = await DuckDBInstance.create(':memory:');
      const conn = await instance.connect();
      try {
        const rows = (
          await conn.runAndReadAll(
            `SELECT count(*) AS n ${extra} FROM read_parquet('${path.join(dir, `${table}.parquet`)}')`,
          )
        ).getRowObjectsJS();
        return rows[0]!;
      } finally {
        conn.closeSync();
        instance.closeSync();
      }
    };
    expect(Number((await pq('dim_account')).n)).toBe(1);
    expect(Number((await pq('dim_date')).n)).toBe(90);
    expect(Number((await pq('fact_positions_daily')).n)).toBe(
      await q(
        "SELECT count(*) AS n FROM position_daily WHERE portfolio_id = 'DEMO_001_USD' AND date BETWEEN '2025-01-01' AND '2025-03-31'",
      ),
    );
    expect(Number((await pq('transactions')).n)).toBe(
      await q(
        "SELECT count(*) AS n FROM transactions WHERE portfolio_id = 'DEMO_001_USD' AND (transaction_date AT TIME ZONE 'UTC')::date BETWEEN '2025-01-01' AND '2025-03-31'",
      ),
    );
    const accounts = await pq(
      'daily_returns',
      ', count(DISTINCT account_id) AS a, min(value_date)::VARCHAR AS f',
    );
    expect(Number(accounts.n)).toBe(90);
    expect(Number(accounts.a)).toBe(1);
    expect(accounts.f).toBe('2025-01-01');
  });

  it('fails naming the table when an exact value does not fit DECIMAL(38,18), leaving no file', async () => {
    const dir = tempDir();
    await h.db.query(
      "INSERT INTO benchmark_levels (benchmark_id, series_date, level, content_hash) VALUES ('HUGE', '2025-01-02', 1e25, 'x')",
    );
    try {
      await expect(
        exportWarehouse(h.db, { format: 'duckdb', target: path.join(dir, 'h.duckdb') }),
      ).rejects.toThrow(/benchmark_levels: a value does not fit DECIMAL\(38,18\)/);
      expect(fs.readdirSync(dir)).toEqual([]);
    } finally {
      await h.db.query("DELETE FROM benchmark_levels WHERE benchmark_id = 'HUGE'");
    }
  });

  it('refuses an existing file and leaves nothing behind on a bad filter', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.duckdb');
    fs.writeFileSync(file, 'keep');
    await expect(exportWarehouse(h.db, { format: 'duckdb', target: file })).rejects.toThrow(/exists/);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep');
    await expect(
      exportWarehouse(h.db, { format: 'duckdb', target: path.join(dir, 'y.duckdb'), from: '2025-13-01' }),
    ).rejects.toThrow(/--from/);
    await expect(
      exportWarehouse(h.db, { format: 'duckdb', target: path.join(dir, 'z.duckdb'), portfolios: ['NOPE'] }),
    ).rejects.toThrow(/no portfolio NOPE/);
    expect(fs.readdirSync(dir)).toEqual(['x.duckdb']);
  });
});
