import { notFound } from '../../domain/errors.ts';
import type { BenchmarkDimension } from '../../domain/records/types.ts';
import type { Sql } from '../../store/db.ts';
import {
  type DateRange,
  findBenchmark,
  findBenchmarkComposition,
  findBenchmarkReturns,
  findBenchmarks,
} from '../../store/queries/benchmarks.queries.ts';
import { checkDateRange } from './date-range.ts';

// Benchmarks as facts (issue 6): their definitions, daily returns and composition weights.

export type { BenchmarkDimension, DateRange };

const RETURN_CONVENTIONS = {
  return_unit: 'decimal',
  source_rule: 'levels when the benchmark has any level, else the given returns; never a mix of the two',
  level_return: 'level(date) / level(previous level date) − 1, computed in exact decimals, then float64',
  cumulative: 'geometric: Π(1 + r) − 1 over the returns listed',
} as const;

/** Π(1 + r) − 1; null for no returns (an empty product would claim a 0 % return nobody measured). */
export function cumulativeOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((growth, r) => growth * (1 + r), 1) - 1;
}

async function detailOf(db: Sql, benchmarkId: string) {
  const detail = await findBenchmark(db, benchmarkId);
  if (!detail) throw notFound(`benchmark ${benchmarkId} not found`);
  return detail;
}

export async function listBenchmarks(db: Sql, skip: number, limit: number) {
  const page = await findBenchmarks(db, { skip, limit });
  return { total: page.total, skip, limit, benchmarks: page.benchmarks };
}

/** A benchmark's definition and what it holds (levels, returns, compositions); 404 if unknown. */
export async function benchmarkOf(db: Sql, benchmark_id: string) {
  const detail = await detailOf(db, benchmark_id);
  const return_source = detail.levels.count > 0 ? 'levels' : detail.returns.count > 0 ? 'returns' : null;
  return { benchmark_id, return_source, ...detail };
}

/** A benchmark's daily returns over a date range and their geometric link; 404 if unknown. */
export async function benchmarkReturnsOf(db: Sql, benchmark_id: string, range: DateRange) {
  checkDateRange(range);
  await detailOf(db, benchmark_id);
  const { source, returns } = await findBenchmarkReturns(db, benchmark_id, range);
  const cumulative_return = cumulativeOf(returns.map((r) => r.value));
  return {
    benchmark_id,
    source,
    start_date: range.start_date ?? null,
    end_date: range.end_date ?? null,
    returns,
    cumulative_return,
    null_reasons:
      cumulative_return === null ? { cumulative_return: 'no return is dated within the range' } : {},
    conventions: RETURN_CONVENTIONS,
  };
}

/** A benchmark's compositions in effect on a date (all dimensions, or one); 404 if unknown. */
export async function benchmarkCompositionOf(
  db: Sql,
  benchmark_id: string,
  as_of_date: string | undefined,
  dimension: BenchmarkDimension | undefined,
) {
  await detailOf(db, benchmark_id);
  const compositions = await findBenchmarkComposition(db, benchmark_id, as_of_date, dimension);
  return { benchmark_id, as_of_date: as_of_date ?? null, compositions };
}
