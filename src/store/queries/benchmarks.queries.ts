import type { BenchmarkDimension, BenchmarkRecord } from '../../domain/records/types.ts';
import type { Sql } from '../db.ts';
import { filterOf } from './sql-filter.ts';

/**
 * Benchmarks as the API and the analytics read them. Definitions and levels are facts and keep their exact
 * decimals (strings); returns and weights are analytics inputs and come as float64 numbers (design §2.5).
 * Returns and weights are decimals: 0.01 is 1 %.
 */

/** An inclusive date range; either end may be open. Dates are 'YYYY-MM-DD'. */
export interface DateRange {
  start_date?: string | undefined;
  end_date?: string | undefined;
}

export type BenchmarkView = BenchmarkRecord & { version: number; [k: string]: unknown };

const COLUMNS = `benchmark_id, benchmark_name, benchmark_currency::text AS benchmark_currency, benchmark_type,
  return_convention, provider, description, version`;

export async function findBenchmarks(
  db: Sql,
  page: { skip: number; limit: number },
): Promise<{ total: number; benchmarks: BenchmarkView[] }> {
  const [count] = await db.query<{ total: number }>('SELECT count(*)::int8 AS total FROM benchmarks');
  const benchmarks = await db.query<BenchmarkView>(
    `SELECT ${COLUMNS} FROM benchmarks ORDER BY benchmark_id LIMIT $1 OFFSET $2`,
    [page.limit, page.skip],
  );
  return { total: count?.total ?? 0, benchmarks };
}

/** First and last date and count of one kind of dated benchmark fact. */
export interface Coverage {
  count: number;
  first_date: string | null;
  last_date: string | null;
  [k: string]: unknown;
}

export interface CompositionCoverage extends Coverage {
  dimension: BenchmarkDimension;
  /** Distinct composition dates (each one a complete snapshot of the dimension). */
  dates: number;
}

export interface BenchmarkDetail {
  /** Null when only series or compositions are known (they may arrive before the definition). */
  definition: BenchmarkView | null;
  levels: Coverage;
  returns: Coverage;
  compositions: CompositionCoverage[];
}

/** The definition and what is stored for the benchmark; undefined when nothing at all is. */
export async function findBenchmark(db: Sql, benchmarkId: string): Promise<BenchmarkDetail | undefined> {
  const [definition] = await db.query<BenchmarkView>(
    `SELECT ${COLUMNS} FROM benchmarks WHERE benchmark_id = $1`,
    [benchmarkId],
  );
  const series = await db.query<Coverage & { kind: 'levels' | 'returns' }>(
    `SELECT 'levels' AS kind, count(*)::int8 AS count, min(series_date) AS first_date, max(series_date) AS last_date
     FROM benchmark_levels WHERE benchmark_id = $1
     UNION ALL
     SELECT 'returns', count(*)::int8, min(series_date), max(series_date)
     FROM benchmark_returns WHERE benchmark_id = $1`,
    [benchmarkId],
  );
  const compositions = await db.query<CompositionCoverage>(
    `SELECT dimension, count(*)::int8 AS count, count(DISTINCT composition_date)::int8 AS dates,
            min(composition_date) AS first_date, max(composition_date) AS last_date
     FROM benchmark_compositions WHERE benchmark_id = $1 GROUP BY dimension ORDER BY dimension`,
    [benchmarkId],
  );
  const coverageOf = (kind: 'levels' | 'returns'): Coverage => {
    const row = series.find((s) => s.kind === kind);
    return { count: row?.count ?? 0, first_date: row?.first_date ?? null, last_date: row?.last_date ?? null };
  };
  const levels = coverageOf('levels');
  const returns = coverageOf('returns');
  if (!definition && levels.count === 0 && returns.count === 0 && compositions.length === 0) return undefined;
  return { definition: definition ?? null, levels, returns, compositions };
}

/** Where a benchmark's daily returns come from: its levels when it has any, else its given returns. */
export type ReturnSource = 'levels' | 'returns';

export interface BenchmarkReturn {
  date: string;
  /** The return over `date`, from the close of the previous level date (levels) or as given (returns). */
  value: number;
  /** The level at the close of `date`, exact; null when the returns were given. */
  level: string | null;
  [k: string]: unknown;
}

export interface BenchmarkReturns {
  /** null: the benchmark has neither levels nor returns. */
  source: ReturnSource | null;
  returns: BenchmarkReturn[];
}

/**
 * A benchmark's daily returns dated within the range (inclusive), in date order. With levels, the return of a
 * level date is level / previous level − 1, the previous level being the latest one before that date (before
 * the range too, so the range's first date has its return); the first level ever has none. A benchmark with
 * levels is read from its levels only, even where returns were also given: one source per benchmark, never a
 * mix of two that may disagree. Dates are the benchmark's own (its business days); aligning them with a
 * portfolio's dates is the caller's business.
 */
export async function findBenchmarkReturns(
  db: Sql,
  benchmarkId: string,
  range: DateRange = {},
): Promise<BenchmarkReturns> {
  const [has] = await db.query<{ levels: boolean; returns: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM benchmark_levels WHERE benchmark_id = $1) AS levels,
            EXISTS (SELECT 1 FROM benchmark_returns WHERE benchmark_id = $1) AS returns`,
    [benchmarkId],
  );
  const start = range.start_date ?? null;
  const end = range.end_date ?? null;
  if (has?.levels) {
    // (level − previous) / previous keeps the return's own significant digits; level / previous − 1 would
    // spend them on the leading 1 of the quotient.
    const returns = await db.query<BenchmarkReturn>(
      `WITH anchor AS (
         SELECT max(series_date) AS d FROM benchmark_levels
         WHERE benchmark_id = $1 AND series_date < $2::date
       ),
       lv AS (
         SELECT series_date, level, lag(level) OVER (ORDER BY series_date) AS previous
         FROM benchmark_levels
         WHERE benchmark_id = $1
           AND ($2::date IS NULL OR series_date >= coalesce((SELECT d FROM anchor), $2::date))
           AND ($3::date IS NULL OR series_date <= $3::date)
       )
       SELECT series_date AS date, ((level - previous) / previous)::float8 AS value, trim_scale(level)::text AS level
       FROM lv
       WHERE previous IS NOT NULL AND ($2::date IS NULL OR series_date >= $2::date)
       ORDER BY series_date`,
      [benchmarkId, start, end],
    );
    return { source: 'levels', returns };
  }
  if (has?.returns) {
    const { where, params } = filterOf([
      ['benchmark_id = ?', benchmarkId],
      ['series_date >= ?::date', range.start_date],
      ['series_date <= ?::date', range.end_date],
    ]);
    const returns = await db.query<BenchmarkReturn>(
      `SELECT series_date AS date, daily_return::float8 AS value, NULL::text AS level
       FROM benchmark_returns ${where} ORDER BY series_date`,
      params,
    );
    return { source: 'returns', returns };
  }
  return { source: null, returns: [] };
}

export interface CompositionComponent {
  component_id: string;
  weight: number;
  /** The component's return over the composition's span, when it was given. */
  component_return: number | null;
  [k: string]: unknown;
}

/** One dimension's composition: every component of its latest composition date on or before the as-of date. */
export interface Composition {
  dimension: BenchmarkDimension;
  composition_date: string;
  /** Σ weights: 1 for a complete composition; reported, not enforced. */
  total_weight: number;
  components: CompositionComponent[];
}

interface CompositionRow extends CompositionComponent {
  dimension: BenchmarkDimension;
  composition_date: string;
}

function groupCompositions(rows: readonly CompositionRow[]): Composition[] {
  const out: Composition[] = [];
  for (const { dimension, composition_date, ...component } of rows) {
    let last = out.at(-1);
    if (!last || last.dimension !== dimension || last.composition_date !== composition_date) {
      last = { dimension, composition_date, total_weight: 0, components: [] };
      out.push(last);
    }
    last.components.push(component);
    last.total_weight += component.weight;
  }
  return out;
}

const COMPONENT_COLUMNS = `c.dimension, c.composition_date, c.component_id, c.weight::float8 AS weight,
  c.component_return::float8 AS component_return`;

/**
 * The benchmark's composition weights as of a date: per dimension (security, sector, …) the components of its
 * latest composition date on or before `asOfDate` (undefined: its latest of all), heaviest first. Each
 * composition date is a complete snapshot of its dimension: a component absent from the latest snapshot is not
 * in the benchmark. `dimension` limits the answer to one dimension. Empty when nothing is known on or before
 * the date.
 */
export async function findBenchmarkComposition(
  db: Sql,
  benchmarkId: string,
  asOfDate: string | undefined,
  dimension?: BenchmarkDimension,
): Promise<Composition[]> {
  // benchmark_id first: it is $1 in the outer query too.
  const { where, params } = filterOf([
    ['benchmark_id = ?', benchmarkId],
    ['composition_date <= ?::date', asOfDate],
    ['dimension = ?', dimension],
  ]);
  const rows = await db.query<CompositionRow>(
    `WITH latest AS (
       SELECT dimension, max(composition_date) AS composition_date FROM benchmark_compositions ${where}
       GROUP BY dimension
     )
     SELECT ${COMPONENT_COLUMNS}
     FROM benchmark_compositions c JOIN latest l USING (dimension, composition_date)
     WHERE c.benchmark_id = $1
     ORDER BY c.dimension, c.weight DESC, c.component_id`,
    params,
  );
  return groupCompositions(rows);
}

/**
 * Every composition of one dimension in effect during the range: the one in effect on its first date (the
 * latest on or before it) and each later one up to its last date, in date order. For analytics over a period
 * (attribution), where the weights change within it.
 */
export async function findBenchmarkCompositions(
  db: Sql,
  benchmarkId: string,
  dimension: BenchmarkDimension,
  range: DateRange,
): Promise<Composition[]> {
  const rows = await db.query<CompositionRow>(
    `WITH first AS (
       SELECT max(composition_date) AS d FROM benchmark_compositions
       WHERE benchmark_id = $1 AND dimension = $2 AND composition_date <= $3::date
     )
     SELECT ${COMPONENT_COLUMNS}
     FROM benchmark_compositions c
     WHERE c.benchmark_id = $1 AND c.dimension = $2
       AND ($3::date IS NULL OR c.composition_date >= coalesce((SELECT d FROM first), $3::date))
       AND ($4::date IS NULL OR c.composition_date <= $4::date)
     ORDER BY c.composition_date, c.weight DESC, c.component_id`,
    [benchmarkId, dimension, range.start_date ?? null, range.end_date ?? null],
  );
  return groupCompositions(rows);
}
