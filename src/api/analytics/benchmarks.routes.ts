import type { FastifyInstance } from 'fastify';
import {
  type BenchmarkDimension,
  benchmarkCompositionOf,
  benchmarkOf,
  benchmarkReturnsOf,
  type DateRange,
  listBenchmarks,
} from '../../app/services/benchmarks.service.ts';
import type { System } from '../../app/system.ts';
import {
  benchmarkCompositionSchema,
  benchmarkDetailSchema,
  benchmarkReturnsSchema,
  benchmarkSchema,
  listBenchmarksSchema,
} from '../schemas/benchmarks.schemas.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import { getList } from '../trailing-slash.ts';

type BenchmarkParams = { Params: { benchmark_id: string } };

/** Benchmarks as facts (issue 6): their definitions, daily returns and composition weights. Served on both ports. */
export function registerBenchmarkRoutes(app: FastifyInstance, system: System) {
  addSharedSchemas(app, [benchmarkSchema]);
  const { db } = system;

  getList<{ skip: number; limit: number }>(app, '/benchmarks', listBenchmarksSchema, (query) =>
    listBenchmarks(db, query.skip, query.limit),
  );

  app.get<BenchmarkParams>('/benchmarks/:benchmark_id', { schema: benchmarkDetailSchema }, async (request) =>
    benchmarkOf(db, request.params.benchmark_id),
  );

  app.get<BenchmarkParams & { Querystring: DateRange }>(
    '/benchmarks/:benchmark_id/returns',
    { schema: benchmarkReturnsSchema },
    async (request) => benchmarkReturnsOf(db, request.params.benchmark_id, request.query),
  );

  app.get<BenchmarkParams & { Querystring: { as_of_date?: string; dimension?: BenchmarkDimension } }>(
    '/benchmarks/:benchmark_id/composition',
    { schema: benchmarkCompositionSchema },
    async (request) => {
      const { as_of_date, dimension } = request.query;
      return benchmarkCompositionOf(db, request.params.benchmark_id, as_of_date, dimension);
    },
  );
}
