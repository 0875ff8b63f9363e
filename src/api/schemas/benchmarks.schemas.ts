import { BENCHMARK_DIMENSIONS, BENCHMARK_TYPES, RETURN_CONVENTIONS } from '../../domain/records/types.ts';
import {
  currencyCode,
  dateParam,
  decimal,
  isoDate,
  limitParam,
  nullableIsoDate,
  nullableText,
  problemResponse,
  skipParam,
  text,
} from './common.schemas.ts';

/**
 * Benchmarks as facts (issue 6): definitions, daily returns (derived from levels or as given) and composition
 * weights. Returns and weights are float64 decimals (0.01 = 1 %); levels are exact decimal strings.
 */

const FLOAT_DECIMAL = 'A float64 decimal: 0.01 is 1 %.';

export const benchmarkSchema = {
  $id: 'Benchmark',
  type: 'object',
  description: 'A benchmark definition as ingested (current version).',
  required: [
    'benchmark_id',
    'benchmark_name',
    'benchmark_currency',
    'benchmark_type',
    'return_convention',
    'provider',
    'description',
    'version',
  ],
  properties: {
    benchmark_id: text('Benchmark id.'),
    benchmark_name: text('Benchmark name.'),
    benchmark_currency: currencyCode('Currency the benchmark is computed in.'),
    benchmark_type: {
      type: 'string',
      enum: [...BENCHMARK_TYPES],
      description: 'SINGLE_INDEX (one index) or COMPOSITE (a weighted blend).',
    },
    return_convention: {
      type: ['string', 'null'],
      enum: [...RETURN_CONVENTIONS, null],
      description: 'Price-return or total-return index; null when not stated.',
    },
    provider: nullableText('Index provider.'),
    description: nullableText('Free text.'),
    version: { type: 'integer', description: 'Fact version: 1, plus one per correction.' },
  },
} as const;

const benchmarkParams = {
  type: 'object',
  required: ['benchmark_id'],
  properties: { benchmark_id: text('Benchmark id.') },
} as const;

const unknownBenchmark = problemResponse(
  'Nothing is known of the benchmark: no definition, levels, returns or compositions (NOT_FOUND).',
);
const invalid = problemResponse('Invalid query parameters (VALIDATION_FAILED).');

// ─── GET /benchmarks ────────────────────────────────────────────────────────────────────────────────────

export const listBenchmarksSchema = {
  tags: ['benchmarks'],
  summary: 'List benchmarks',
  description: 'Benchmark definitions ordered by benchmark_id.',
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: { skip: skipParam, limit: limitParam(1000, 100) },
  },
  response: {
    200: {
      description: 'One page of the definitions; total counts them all.',
      type: 'object',
      required: ['total', 'skip', 'limit', 'benchmarks'],
      properties: {
        total: { type: 'integer', description: 'Number of benchmark definitions.' },
        skip: { type: 'integer', description: 'Rows skipped before this page.' },
        limit: { type: 'integer', description: 'Page size.' },
        benchmarks: { type: 'array', description: 'The benchmarks, by id.', items: { $ref: 'Benchmark#' } },
      },
    },
    422: invalid,
  },
} as const;

// ─── GET /benchmarks/{benchmark_id} ─────────────────────────────────────────────────────────────────────

const coverage = (what: string) =>
  ({
    type: 'object',
    required: ['count', 'first_date', 'last_date'],
    description: `The ${what} stored for the benchmark.`,
    properties: {
      count: { type: 'integer', description: `Number of ${what}.` },
      first_date: nullableIsoDate('Earliest date; null when there are none.'),
      last_date: nullableIsoDate('Latest date; null when there are none.'),
    },
  }) as const;

export const benchmarkDetailSchema = {
  tags: ['benchmarks'],
  summary: 'One benchmark',
  description:
    'The definition and what is stored: levels, returns and compositions per dimension. Daily returns are ' +
    'served from the levels when there are any (return_source levels), else from the given returns.',
  params: benchmarkParams,
  response: {
    200: {
      type: 'object',
      required: ['benchmark_id', 'definition', 'return_source', 'levels', 'returns', 'compositions'],
      properties: {
        benchmark_id: text('Benchmark id.'),
        definition: {
          anyOf: [{ $ref: 'Benchmark#' }, { type: 'null' }],
          description: 'The definition; null when only series or compositions have arrived so far.',
        },
        return_source: {
          type: ['string', 'null'],
          enum: ['levels', 'returns', null],
          description:
            'Where GET /benchmarks/{benchmark_id}/returns reads from: levels (returns derived from ' +
            'consecutive levels) when any level is stored, else the given returns; null when neither is.',
        },
        levels: coverage('daily levels'),
        returns: coverage('given daily returns'),
        compositions: {
          type: 'array',
          description: 'Composition weights stored, per dimension.',
          items: {
            type: 'object',
            required: ['dimension', 'count', 'dates', 'first_date', 'last_date'],
            properties: {
              dimension: {
                type: 'string',
                enum: [...BENCHMARK_DIMENSIONS],
                description: 'What the weights are of: securities, or values of an instrument attribute.',
              },
              count: { type: 'integer', description: 'Component weights stored, over every date.' },
              dates: { type: 'integer', description: 'Distinct composition dates (snapshots).' },
              first_date: isoDate('Earliest composition date.'),
              last_date: isoDate('Latest composition date.'),
            },
          },
        },
      },
    },
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
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: { start_date: dateParam('First date'), end_date: dateParam('Last date') },
  },
  response: {
    200: {
      type: 'object',
      required: [
        'benchmark_id',
        'source',
        'start_date',
        'end_date',
        'returns',
        'cumulative_return',
        'null_reasons',
        'conventions',
      ],
      properties: {
        benchmark_id: text('Benchmark id.'),
        source: {
          type: ['string', 'null'],
          enum: ['levels', 'returns', null],
          description: 'levels: derived from the stored levels; returns: as given; null: neither is stored.',
        },
        start_date: nullableIsoDate('The range asked for (null: open).'),
        end_date: nullableIsoDate('The range asked for (null: open).'),
        returns: {
          type: 'array',
          description: 'The daily returns in the range, ascending by date.',
          items: {
            type: 'object',
            required: ['date', 'value', 'level'],
            properties: {
              date: isoDate('The day the return is over (from the close of the previous level date).'),
              value: { type: 'number', description: `The day's return. ${FLOAT_DECIMAL}` },
              level: {
                ...decimal('The level at the close of the date.'),
                type: ['string', 'null'],
                description: 'The level at the close of the date, exact; null when the returns were given.',
              },
            },
          },
        },
        cumulative_return: {
          type: ['number', 'null'],
          description: `Π(1 + r) − 1 over the returns listed. ${FLOAT_DECIMAL} null when there are none.`,
        },
        null_reasons: {
          type: 'object',
          additionalProperties: { type: 'string' },
          description: 'Why a figure is null, by its name.',
        },
        conventions: {
          type: 'object',
          required: ['return_unit', 'source_rule', 'level_return', 'cumulative'],
          description: 'The conventions used.',
          properties: {
            return_unit: text('decimal: 0.01 is 1 %.'),
            source_rule: text('Which stored facts the returns come from.'),
            level_return: text('How a return is derived from levels.'),
            cumulative: text('How the cumulative return links the daily ones.'),
          },
        },
      },
    },
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
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      as_of_date: dateParam('As-of date; default: the latest composition of each dimension'),
      dimension: {
        type: 'string',
        enum: [...BENCHMARK_DIMENSIONS],
        description: 'Only this dimension (security, sector, …).',
      },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['benchmark_id', 'as_of_date', 'compositions'],
      properties: {
        benchmark_id: text('Benchmark id.'),
        as_of_date: nullableIsoDate('The date asked for; null: the latest.'),
        compositions: {
          type: 'array',
          description: 'One per dimension with a composition on or before the date; empty when none.',
          items: {
            type: 'object',
            required: ['dimension', 'composition_date', 'total_weight', 'components'],
            properties: {
              dimension: {
                type: 'string',
                enum: [...BENCHMARK_DIMENSIONS],
                description: 'What the weights are of.',
              },
              composition_date: isoDate('The composition date in effect on the as-of date.'),
              total_weight: {
                type: 'number',
                description: `Σ weights; 1 for a complete composition (reported, not enforced). ${FLOAT_DECIMAL}`,
              },
              components: {
                type: 'array',
                description: 'The weights of this composition, with each component’s return when given.',
                items: {
                  type: 'object',
                  required: ['component_id', 'weight', 'component_return'],
                  properties: {
                    component_id: text('A security id (dimension security) or the attribute value.'),
                    weight: {
                      type: 'number',
                      description: `Weight at the start of composition_date. ${FLOAT_DECIMAL}`,
                    },
                    component_return: {
                      type: ['number', 'null'],
                      description: `The component's return over the composition's span, if given. ${FLOAT_DECIMAL}`,
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    404: unknownBenchmark,
    422: invalid,
  },
} as const;
