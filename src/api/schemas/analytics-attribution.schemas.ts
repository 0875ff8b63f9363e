import { type Static, Type } from 'typebox';
import type { AttributionBody } from '../../app/services/attribution.service.ts';
import { GROUP_DIMENSIONS } from '../../domain/analytics/contribution/types.ts';
import {
  figure,
  LINKED_CONVENTIONS,
  linkingConventionsSchema,
  nullReasonsOf,
  periodBodySchema,
} from './analytics-contribution.schemas.ts';
import { completenessProperties } from './analytics-performance.schemas.ts';
import { asOfDateSchema, resolvedPeriodSchema } from './analytics-periods.schemas.ts';
import * as S from './common.schemas.ts';
import { accepts } from './same-type.ts';

/**
 * POST /portfolios/{id}/attribution: Brinson–Fachler by a dimension against a benchmark
 * (docs/analytics/contribution-attribution.md). Returns, weights and effects are float64 decimals.
 */

const segmentInput = S.closed(
  {
    key: Type.String({
      minLength: 1,
      description: "The segment: a value of the group_by attribute ('Technology'), matched exactly.",
    }),
    weight: Type.Number({
      minimum: 0,
      maximum: 1,
      description:
        'Its weight at the open of the snapshot’s first day, a decimal; a snapshot’s add up to 1 (± 1e-6).',
    }),
    return: Type.Number({
      exclusiveMinimum: -1,
      description: 'Its return over the snapshot’s span, a decimal above −1.',
    }),
  },
  { description: 'One benchmark segment.' },
);

const segmentsInput = Type.Array(segmentInput, {
  minItems: 1,
  maxItems: 1000,
  description: 'The segments, each key once.',
});

const inlineBenchmark = S.partialObject(
  {
    segments: S.withOptions(segmentsInput, {
      description: 'Weights at the period’s start and returns over the whole period.',
    }),
    by_date: Type.Array(
      S.closed(
        { date: S.isoDate('The first day it holds for.'), segments: segmentsInput },
        { description: 'One snapshot.' },
      ),
      {
        minItems: 1,
        maxItems: 10000,
        description:
          'Snapshots in increasing date order; the first dated on or before the period’s start. With one a day, ' +
          'each return is the day’s.',
      },
    ),
  },
  {
    additionalProperties: false,
    description:
      'A benchmark given in the request: `segments` for the whole period, or `by_date`, snapshots each holding ' +
      'from its date until the day before the next one (the last until the period’s end). Exactly one of the two.',
  },
);

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

const segmentItem = Type.Object({
  key: S.text("The segment ('UNCLASSIFIED' for a null or blank attribute)."),
  security_ids: Type.Array(Type.String(), { description: "The portfolio's positions in it." }),
  ...SEGMENT_FIGURES,
  null_reasons: nullReasonsOf(SEGMENT_FIGURE_NAMES),
});

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

const conventions = Type.Object(
  {
    method: S.text('BRINSON_FACHLER.'),
    currency: S.text('BASE: the portfolio’s base currency.'),
    portfolio_return: S.text('What portfolio_return is.'),
    flow_timing: S.text('as_recorded.'),
    net_or_gross: S.text('GROSS.'),
    fee_booking: S.text('external_flow.'),
    capital_at_work: S.text("A position's capital at work on a day."),
    weight: S.text('The portfolio segment weight formula.'),
    segment_contribution: S.text('The portfolio segment contribution formula.'),
    single_period: S.text('The single-period (daily) formulas.'),
    benchmark_days: S.text("How the benchmark's snapshots become daily weights and returns."),
    missing_segments: S.text('How a segment held by one side only is treated.'),
    ...LINKED_CONVENTIONS,
    unclassified: S.text('The segment of a null or blank attribute.'),
    residual: S.text('What the residual holds and the tolerance it is expected to stay within.'),
  },
  { description: 'Every convention this answer used.' },
);

export const attributionSchema = {
  tags: ['analytics'],
  summary: 'Brinson–Fachler attribution against a benchmark',
  description:
    'Allocation, selection and interaction per segment of a dimension and in total, day by day and linked over ' +
    'the period so that they add up to the portfolio’s return less the benchmark’s. The benchmark is a stored ' +
    'one (`benchmark_id`: its compositions by the dimension with their component returns) or given inline ' +
    '(`benchmark`). docs/analytics/contribution-attribution.md.',
  params: S.portfolioParams,
  body: S.closed({
    as_of_date: Type.Optional(asOfDateSchema),
    period: Type.Optional(periodBodySchema),
    group_by: S.stringEnum(GROUP_DIMENSIONS, {
      description:
        "The dimension segments are taken along: an instrument attribute (security: each position). A null or blank attribute is 'UNCLASSIFIED'.",
    }),
    benchmark_id: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          "A stored benchmark: its compositions of dimension group_by in effect during the period, each with every component's component_return. Or give `benchmark`.",
      }),
    ),
    benchmark: Type.Optional(inlineBenchmark),
    conventions: Type.Optional(linkingConventionsSchema),
  }),
  response: {
    200: Type.Object({
      portfolio_id: S.text('Portfolio id.'),
      base_currency: S.text('Base currency.'),
      as_of_date: S.isoDate('The as-of date used.'),
      period: resolvedPeriodSchema,
      ...completenessProperties,
      group_by: S.text('The dimension.'),
      benchmark: Type.Object(
        {
          source: S.stringEnum(['stored', 'inline'] as const, {
            description: 'Stored (benchmark_id) or inline.',
          }),
          benchmark_id: S.nullable(Type.String({ description: 'The stored benchmark (null: inline).' })),
          snapshot_dates: Type.Array(Type.String({ format: 'date' }), {
            description: 'The dates of the snapshots (compositions) whose spans meet the period.',
          }),
        },
        { description: 'The benchmark used.' },
      ),
      ...TOTALS,
      active_days: Type.Integer({
        description: 'Days with capital at work in the portfolio: the days linked.',
      }),
      null_reasons: nullReasonsOf(TOTAL_NAMES),
      segments: Type.Array(segmentItem, {
        description: 'Every segment of the portfolio or the benchmark, by key.',
      }),
      conventions,
    }),
    404: S.portfolioNotFound,
    422: S.problemResponse(
      'A bad field or an unusable benchmark (VALIDATION_FAILED); `errors` names each field.',
    ),
  },
} as const;

// What the validator lets through is what the service takes.
accepts<Static<typeof attributionSchema.body>, AttributionBody>();
