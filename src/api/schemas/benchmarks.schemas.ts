import { Type } from 'typebox';
import { BENCHMARK_DIMENSIONS, BENCHMARK_TYPES, RETURN_CONVENTIONS } from '../../domain/records/types.ts';
import * as S from './common.schemas.ts';

/**
 * Benchmarks as facts (issue 6): definitions, daily returns (derived from levels or as given) and composition
 * weights. Returns and weights are float64 decimals (0.01 = 1 %); levels are exact decimal strings.
 */

const FLOAT_DECIMAL = 'A float64 decimal: 0.01 is 1 %.';

export const benchmarkSchema = S.fact('Benchmark', 'A benchmark definition as ingested (current version).', {
  benchmark_id: S.text('Benchmark id.'),
  benchmark_name: S.text('Benchmark name.'),
  benchmark_currency: S.currencyCode('Currency the benchmark is computed in.'),
  benchmark_type: S.stringEnum(BENCHMARK_TYPES, {
    description: 'SINGLE_INDEX (one index) or COMPOSITE (a weighted blend).',
  }),
  return_convention: S.nullable(
    S.stringEnum([...RETURN_CONVENTIONS, null] as const, {
      description: 'Price-return or total-return index; null when not stated.',
    }),
  ),
  provider: S.nullableText('Index provider.'),
  description: S.nullableText('Free text.'),
});

const benchmarkParams = Type.Object({ benchmark_id: S.text('Benchmark id.') });

const unknownBenchmark = S.problemResponse(
  'Nothing is known of the benchmark: no definition, levels, returns or compositions (NOT_FOUND).',
);
const invalid = S.problemResponse('Invalid query parameters (VALIDATION_FAILED).');

// ─── GET /benchmarks ────────────────────────────────────────────────────────────────────────────────────

export const listBenchmarksSchema = {
  tags: ['benchmarks'],
  summary: 'List benchmarks',
  description: 'Benchmark definitions ordered by benchmark_id.',
  querystring: S.closed({ ...S.pageParams(1000, 100) }),
  response: {
    200: Type.Object(
      {
        total: Type.Integer({ description: 'Number of benchmark definitions.' }),
        skip: Type.Integer({ description: 'Rows skipped before this page.' }),
        limit: Type.Integer({ description: 'Page size.' }),
        benchmarks: Type.Array({ $ref: 'Benchmark#' }, { description: 'The benchmarks, by id.' }),
      },
      { description: 'One page of the definitions; total counts them all.' },
    ),
    422: invalid,
  },
} as const;

// ─── GET /benchmarks/{benchmark_id} ─────────────────────────────────────────────────────────────────────

const coverage = (what: string) =>
  Type.Object(
    {
      count: Type.Integer({ description: `Number of ${what}.` }),
      first_date: S.nullableIsoDate('Earliest date; null when there are none.'),
      last_date: S.nullableIsoDate('Latest date; null when there are none.'),
    },
    { description: `The ${what} stored for the benchmark.` },
  );

export const benchmarkDetailSchema = {
  tags: ['benchmarks'],
  summary: 'One benchmark',
  description:
    'The definition and what is stored: levels, returns and compositions per dimension. Daily returns are ' +
    'served from the levels when there are any (return_source levels), else from the given returns.',
  params: benchmarkParams,
  response: {
    200: Type.Object({
      benchmark_id: S.text('Benchmark id.'),
      definition: {
        anyOf: [{ $ref: 'Benchmark#' }, Type.Null()],
        description: 'The definition; null when only series or compositions have arrived so far.',
      },
      return_source: S.nullable(
        S.stringEnum(['levels', 'returns', null] as const, {
          description:
            'Where GET /benchmarks/{benchmark_id}/returns reads from: levels (returns derived from ' +
            'consecutive levels) when any level is stored, else the given returns; null when neither is.',
        }),
      ),
      levels: coverage('daily levels'),
      returns: coverage('given daily returns'),
      compositions: Type.Array(
        Type.Object({
          dimension: S.stringEnum(BENCHMARK_DIMENSIONS, {
            description: 'What the weights are of: securities, or values of an instrument attribute.',
          }),
          count: Type.Integer({ description: 'Component weights stored, over every date.' }),
          dates: Type.Integer({ description: 'Distinct composition dates (snapshots).' }),
          first_date: S.isoDate('Earliest composition date.'),
          last_date: S.isoDate('Latest composition date.'),
        }),
        { description: 'Composition weights stored, per dimension.' },
      ),
    }),
    404: unknownBenchmark,
  },
} as const;

// ─── GET /benchmarks/{benchmark_id}/returns ─────────────────────────────────────────────────────────────

export const benchmarkReturnsSchema = {
  tags: ['benchmarks'],
  summary: 'Daily returns of a benchmark',
  description:
    'The daily returns dated within the range. From levels: the return of a level date is level / previous ' +
    'level − 1, the previous level being the latest stored before that date (so the first date of the range ' +
    'has its return when an earlier level exists; the very first level has none). Otherwise the returns as ' +
    'given. Dates are the benchmark’s own.',
  params: benchmarkParams,
  querystring: S.closed(S.dateRangeParams),
  response: {
    200: Type.Object({
      benchmark_id: S.text('Benchmark id.'),
      source: S.nullable(
        S.stringEnum(['levels', 'returns', null] as const, {
          description: 'levels: derived from the stored levels; returns: as given; null: neither is stored.',
        }),
      ),
      start_date: S.nullableIsoDate('The range asked for (null: open).'),
      end_date: S.nullableIsoDate('The range asked for (null: open).'),
      returns: Type.Array(
        Type.Object({
          date: S.isoDate('The day the return is over (from the close of the previous level date).'),
          value: Type.Number({ description: `The day's return. ${FLOAT_DECIMAL}` }),
          level: S.nullable(
            S.withOptions(S.decimal(''), {
              description: 'The level at the close of the date, exact; null when the returns were given.',
            }),
          ),
        }),
        { description: 'The daily returns in the range, ascending by date.' },
      ),
      cumulative_return: S.nullable(
        Type.Number({
          description: `Π(1 + r) − 1 over the returns listed. ${FLOAT_DECIMAL} null when there are none.`,
        }),
      ),
      null_reasons: S.mapOf(Type.String(), { description: 'Why a figure is null, by its name.' }),
      conventions: Type.Object(
        {
          return_unit: S.text('decimal: 0.01 is 1 %.'),
          source_rule: S.text('Which stored facts the returns come from.'),
          level_return: S.text('How a return is derived from levels.'),
          cumulative: S.text('How the cumulative return links the daily ones.'),
        },
        { description: 'The conventions used.' },
      ),
    }),
    404: unknownBenchmark,
    422: invalid,
  },
} as const;

// ─── GET /benchmarks/{benchmark_id}/composition ─────────────────────────────────────────────────────────

export const benchmarkCompositionSchema = {
  tags: ['benchmarks'],
  summary: 'Composition weights of a benchmark as of a date',
  description:
    'Per dimension, the components of its latest composition date on or before as_of_date, heaviest first. ' +
    'Each composition date is a complete snapshot of its dimension.',
  params: benchmarkParams,
  querystring: S.partialObject(
    {
      as_of_date: S.dateParam('As-of date; default: the latest composition of each dimension'),
      dimension: S.stringEnum(BENCHMARK_DIMENSIONS, {
        description: 'Only this dimension (security, sector, …).',
      }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      benchmark_id: S.text('Benchmark id.'),
      as_of_date: S.nullableIsoDate('The date asked for; null: the latest.'),
      compositions: Type.Array(
        Type.Object({
          dimension: S.stringEnum(BENCHMARK_DIMENSIONS, { description: 'What the weights are of.' }),
          composition_date: S.isoDate('The composition date in effect on the as-of date.'),
          total_weight: Type.Number({
            description: `Σ weights; 1 for a complete composition (reported, not enforced). ${FLOAT_DECIMAL}`,
          }),
          components: Type.Array(
            Type.Object({
              component_id: S.text('A security id (dimension security) or the attribute value.'),
              weight: Type.Number({
                description: `Weight at the start of composition_date. ${FLOAT_DECIMAL}`,
              }),
              component_return: S.nullable(
                Type.Number({
                  description: `The component's return over the composition's span, if given. ${FLOAT_DECIMAL}`,
                }),
              ),
            }),
            { description: 'The weights of this composition, with each component’s return when given.' },
          ),
        }),
        { description: 'One per dimension with a composition on or before the date; empty when none.' },
      ),
    }),
    404: unknownBenchmark,
    422: invalid,
  },
} as const;
