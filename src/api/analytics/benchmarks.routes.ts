import type { FastifyInstance } from 'fastify';
import type { System } from '../../app/system.ts';
import { notFound } from '../../domain/errors.ts';
import type { BenchmarkDimension } from '../../domain/records/types.ts';
import {
  type DateRange,
  findBenchmark,
  findBenchmarkComposition,
  findBenchmarkReturns,
  findBenchmarks,
} from '../../store/queries/benchmarks.queries.ts';
import {
  benchmarkCompositionSchema,
  benchmarkDetailSchema,
  benchmarkReturnsSchema,
  benchmarkSchema,
  listBenchmarksSchema,
} from '../schemas/benchmarks.schemas.ts';
import { addSharedSchemas, checkDateRange } from '../schemas/common.schemas.ts';
import { withTrailingSlash } from '../trailing-slash.ts';

type BenchmarkParams = { Params: { benchmark_id: string } };

const RETURN_CONVENTIONS = {
  return_unit: 'decimal',
  source_rule: 'levels when the benchmark has any level, else the given returns; never a mix of the two',
  level_return: 'level(date) / level(previous level date) − 1, computed in exact decimals, then float64',
  cumulative: 'geometric: Π(1 + r) − 1 over the returns listed',
} as const;

/** Π(1 + r) − 1; null for no returns (an empty product would claim a 0 % return nobody measured). */
function cumulativeOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((growth, r) => growth * (1 + r), 1) - 1;
}

/** Benchmarks as facts (issue 6): their definitions, daily returns and composition weights. Served on both ports. */
export function registerBenchmarkRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [benchmarkSchema]);
  const { db } = system;
  const detailOf = async (benchmarkId: string) => {
    const detail = await findBenchmark(db, benchmarkId);
    if (!detail) throw notFound(`benchmark ${benchmarkId} not found`);
    return detail;
  };

  withTrailingSlash('/benchmarks', (url, hide) =>
    app.get<{ Querystring: { skip: number; limit: number } }>(
      url,
      { schema: { ...listBenchmarksSchema, hide } },
      async (request) => {
        const { skip, limit } = request.query;
        const page = await findBenchmarks(db, { skip, limit });
        return { total: page.total, skip, limit, benchmarks: page.benchmarks };
      },
    ),
  );

  app.get<BenchmarkParams>(
    '/benchmarks/:benchmark_id',
    { schema: benchmarkDetailSchema },
    async (request) => {
      const { benchmark_id } = request.params;
      const detail = await detailOf(benchmark_id);
      const return_source = detail.levels.count > 0 ? 'levels' : detail.returns.count > 0 ? 'returns' : null;
      return { benchmark_id, return_source, ...detail };
    },
  );

  app.get<BenchmarkParams & { Querystring: DateRange }>(
    '/benchmarks/:benchmark_id/returns',
    { schema: benchmarkReturnsSchema },
    async (request) => {
      const { benchmark_id } = request.params;
      checkDateRange(request.query);
      await detailOf(benchmark_id);
      const { source, returns } = await findBenchmarkReturns(db, benchmark_id, request.query);
      const cumulative_return = cumulativeOf(returns.map((r) => r.value));
      return {
        benchmark_id,
        source,
        start_date: request.query.start_date ?? null,
        end_date: request.query.end_date ?? null,
        returns,
        cumulative_return,
        null_reasons:
          cumulative_return === null ? { cumulative_return: 'no return is dated within the range' } : {},
        conventions: RETURN_CONVENTIONS,
      };
    },
  );

  app.get<BenchmarkParams & { Querystring: { as_of_date?: string; dimension?: BenchmarkDimension } }>(
    '/benchmarks/:benchmark_id/composition',
    { schema: benchmarkCompositionSchema },
    async (request) => {
      const { benchmark_id } = request.params;
      const { as_of_date, dimension } = request.query;
      await detailOf(benchmark_id);
      const compositions = await findBenchmarkComposition(db, benchmark_id, as_of_date, dimension);
      return { benchmark_id, as_of_date: as_of_date ?? null, compositions };
    },
  );
}
