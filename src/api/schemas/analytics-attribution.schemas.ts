import { GROUP_DIMENSIONS, LINKINGS } from '../../domain/analytics/contribution/types.ts';
import {
  figure,
  linkingConventionsSchema,
  nullReasonsOf,
  periodBodySchema,
  portfolioParams,
} from './analytics-contribution.schemas.ts';
import { COMPLETENESS_REQUIRED, completenessProperties } from './analytics-performance.schemas.ts';
import { asOfDateSchema, resolvedPeriodSchema } from './analytics-periods.schemas.ts';
import { isoDate, problemResponse, text } from './common.schemas.ts';

/**
 * POST /portfolios/{id}/attribution: Brinson–Fachler by a dimension against a benchmark
 * (docs/analytics/contribution-attribution.md). Returns, weights and effects are float64 decimals.
 */

const segmentInput = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'weight', 'return'],
  description: 'One benchmark segment.',
  properties: {
    key: {
      type: 'string',
      minLength: 1,
      description: "The segment: a value of the group_by attribute ('Technology'), matched exactly.",
    },
    weight: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      description:
        'Its weight at the open of the snapshot’s first day, a decimal; a snapshot’s add up to 1 (± 1e-6).',
    },
    return: {
      type: 'number',
      exclusiveMinimum: -1,
      description: 'Its return over the snapshot’s span, a decimal above −1.',
    },
  },
} as const;

const segmentsInput = {
  type: 'array',
  minItems: 1,
  maxItems: 1000,
  items: segmentInput,
  description: 'The segments, each key once.',
} as const;

const inlineBenchmark = {
  type: 'object',
  additionalProperties: false,
  description:
    'A benchmark given in the request: `segments` for the whole period, or `by_date`, snapshots each holding ' +
    'from its date until the day before the next one (the last until the period’s end). Exactly one of the two.',
  properties: {
    segments: {
      ...segmentsInput,
      description: 'Weights at the period’s start and returns over the whole period.',
    },
    by_date: {
      type: 'array',
      minItems: 1,
      maxItems: 10000,
      description:
        'Snapshots in increasing date order; the first dated on or before the period’s start. With one a day, ' +
        'each return is the day’s.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['date', 'segments'],
        description: 'One snapshot.',
        properties: {
          date: isoDate('The first day it holds for.'),
          segments: segmentsInput,
        },
      },
    },
  },
} as const;

const EFFECTS = {
  allocation: figure('Allocation effect, Σ_t f_t (w_s,t − W_s,t)(b_s,t − B_t).'),
  selection: figure('Selection effect, Σ_t f_t W_s,t (r_s,t − b_s,t).'),
  interaction: figure('Interaction effect, Σ_t f_t (w_s,t − W_s,t)(r_s,t − b_s,t).'),
} as const;

const SEGMENT_FIGURES = {
  portfolio_weight: figure("Mean over the active days of the segment's daily weight in the portfolio."),
  benchmark_weight: figure('Mean over the active days of its daily weight in the benchmark (0 when absent).'),
  portfolio_return: figure(
    "The segment's time-weighted return in the portfolio over the days it held capital (null: never held).",
  ),
  benchmark_return: figure('Its return in the benchmark over the days it was in it (null: never in it).'),
  ...EFFECTS,
  total_effect: figure('allocation + selection + interaction.'),
} as const;
const SEGMENT_FIGURE_NAMES = Object.keys(SEGMENT_FIGURES);

const segmentItem = {
  type: 'object',
  required: ['key', 'security_ids', ...SEGMENT_FIGURE_NAMES, 'null_reasons'],
  properties: {
    key: text("The segment ('UNCLASSIFIED' for a null or blank attribute)."),
    security_ids: {
      type: 'array',
      items: { type: 'string' },
      description: "The portfolio's positions in it.",
    },
    ...SEGMENT_FIGURES,
    null_reasons: nullReasonsOf(SEGMENT_FIGURE_NAMES),
  },
} as const;

const TOTALS = {
  portfolio_return: figure("The portfolio's time-weighted return (GROSS; as /portfolios/{id}/performance)."),
  benchmark_return: figure(
    "The benchmark's return over the same days, Π_t (1 + B_t) − 1 with B_t = Σ_s W_s,t b_s,t.",
  ),
  active_return: figure('portfolio_return − benchmark_return.'),
  allocation: figure('Σ of the segments’ allocation effects.'),
  selection: figure('Σ of the segments’ selection effects.'),
  interaction: figure('Σ of the segments’ interaction effects.'),
  residual: figure('active_return − (allocation + selection + interaction) (see conventions.residual).'),
} as const;
const TOTAL_NAMES = Object.keys(TOTALS);

const conventions = {
  type: 'object',
  description: 'Every convention this answer used.',
  required: [
    'method',
    'currency',
    'portfolio_return',
    'flow_timing',
    'net_or_gross',
    'fee_booking',
    'capital_at_work',
    'weight',
    'segment_contribution',
    'single_period',
    'benchmark_days',
    'missing_segments',
    'linking',
    'linking_formula',
    'cash',
    'external_flows',
    'mid_period_positions',
    'idle_days',
    'unclassified',
    'residual',
  ],
  properties: {
    method: text('BRINSON_FACHLER.'),
    currency: text('BASE: the portfolio’s base currency.'),
    portfolio_return: text('What portfolio_return is.'),
    flow_timing: text('as_recorded.'),
    net_or_gross: text('GROSS.'),
    fee_booking: text('external_flow.'),
    capital_at_work: text("A position's capital at work on a day."),
    weight: text('The portfolio segment weight formula.'),
    segment_contribution: text('The portfolio segment contribution formula.'),
    single_period: text('The single-period (daily) formulas.'),
    benchmark_days: text("How the benchmark's snapshots become daily weights and returns."),
    missing_segments: text('How a segment held by one side only is treated.'),
    linking: { type: 'string', enum: [...LINKINGS], description: 'The linking used.' },
    linking_formula: text('Its formula.'),
    cash: text('How cash positions are treated.'),
    external_flows: text("How the portfolio's external flows are treated."),
    mid_period_positions: text('How positions opened or closed within the period are treated.'),
    idle_days: text('Days without capital at work.'),
    unclassified: text('The segment of a null or blank attribute.'),
    residual: text('What the residual holds and the tolerance it is expected to stay within.'),
  },
} as const;

export const attributionSchema = {
  tags: ['analytics'],
  summary: 'Brinson–Fachler attribution against a benchmark',
  description:
    'Allocation, selection and interaction per segment of a dimension and in total, day by day and linked over ' +
    'the period so that they add up to the portfolio’s return less the benchmark’s. The benchmark is a stored ' +
    'one (`benchmark_id`: its compositions by the dimension with their component returns) or given inline ' +
    '(`benchmark`). docs/analytics/contribution-attribution.md.',
  params: portfolioParams,
  body: {
    type: 'object',
    additionalProperties: false,
    required: ['group_by'],
    properties: {
      as_of_date: asOfDateSchema,
      period: periodBodySchema,
      group_by: {
        type: 'string',
        enum: [...GROUP_DIMENSIONS],
        description:
          "The dimension segments are taken along: an instrument attribute (security: each position). A null or blank attribute is 'UNCLASSIFIED'.",
      },
      benchmark_id: {
        type: 'string',
        minLength: 1,
        description:
          "A stored benchmark: its compositions of dimension group_by in effect during the period, each with every component's component_return. Or give `benchmark`.",
      },
      benchmark: inlineBenchmark,
      conventions: linkingConventionsSchema,
    },
  },
  response: {
    200: {
      type: 'object',
      required: [
        'portfolio_id',
        'base_currency',
        'as_of_date',
        'period',
        ...COMPLETENESS_REQUIRED,
        'group_by',
        'benchmark',
        ...TOTAL_NAMES,
        'active_days',
        'null_reasons',
        'segments',
        'conventions',
      ],
      properties: {
        portfolio_id: text('Portfolio id.'),
        base_currency: text('Base currency.'),
        as_of_date: isoDate('The as-of date used.'),
        period: resolvedPeriodSchema,
        ...completenessProperties,
        group_by: text('The dimension.'),
        benchmark: {
          type: 'object',
          required: ['source', 'benchmark_id', 'snapshot_dates'],
          description: 'The benchmark used.',
          properties: {
            source: {
              type: 'string',
              enum: ['stored', 'inline'],
              description: 'Stored (benchmark_id) or inline.',
            },
            benchmark_id: { type: ['string', 'null'], description: 'The stored benchmark (null: inline).' },
            snapshot_dates: {
              type: 'array',
              items: { type: 'string', format: 'date' },
              description: 'The dates of the snapshots (compositions) whose spans meet the period.',
            },
          },
        },
        ...TOTALS,
        active_days: {
          type: 'integer',
          description: 'Days with capital at work in the portfolio: the days linked.',
        },
        null_reasons: nullReasonsOf(TOTAL_NAMES),
        segments: {
          type: 'array',
          items: segmentItem,
          description: 'Every segment of the portfolio or the benchmark, by key.',
        },
        conventions,
      },
    },
    404: problemResponse('The portfolio is not known (NOT_FOUND).'),
    422: problemResponse(
      'A bad field or an unusable benchmark (VALIDATION_FAILED); `errors` names each field.',
    ),
  },
} as const;
