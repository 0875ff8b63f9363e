import { type Static, Type } from 'typebox';
import type { ContributionBody } from '../../app/services/contribution.service.ts';
import { GROUP_DIMENSIONS, LINKINGS } from '../../domain/analytics/contribution/types.ts';
import { completenessProperties } from './analytics-performance.schemas.ts';
import {
  asOfDateSchema,
  PERIOD_REQUEST_OPTIONS,
  periodAnswerHead,
  periodRequestWithoutBreakdownSchema,
} from './analytics-periods.schemas.ts';
import * as S from './common.schemas.ts';
import { accepts } from './same-type.ts';

/**
 * POST /portfolios/{id}/contribution (docs/analytics/contribution-attribution.md). Returns and weights are
 * float64 decimals (0.05 = 5 %), amounts float64 in the portfolio's base currency; a figure that cannot be
 * computed is null and `null_reasons` says why.
 */

const FIGURE = 'A float64 number; null when it cannot be computed (null_reasons says why).';
export const figure = (description: string) =>
  S.nullable(Type.Number({ description: `${description} ${FIGURE}` }));

export const nullReasonsOf = (names: readonly string[]) =>
  S.closed(Object.fromEntries(names.map((n) => [n, Type.Optional(S.text(`Why ${n} is null.`))])), {
    description: 'For each figure that is null, why (the same name as the figure).',
  });

export const periodBodySchema = S.withOptions(periodRequestWithoutBreakdownSchema, {
  description: `${PERIOD_REQUEST_OPTIONS.description} Default: SI (since the portfolio's open date).`,
});

export const linkingConventionsSchema = S.closed(
  {
    linking: S.defaulted(
      S.stringEnum(LINKINGS, {
        default: 'grap',
        description:
          'How daily effects are linked over the period so that they add up to the geometric period return: ' +
          'grap (Frongello 2002, default) or carino (Carino 1999). Both are exact.',
      }),
    ),
  },
  {
    description: 'Conventions to choose; those left out take their default, and the response lists them all.',
  },
);

const GROUP_BY_DESCRIPTION =
  "The instrument attribute to group by (security: each position its own group). A null or blank attribute is 'UNCLASSIFIED'.";

const FIGURES = {
  average_weight: figure(
    "Mean over the period's active days of the daily weight: the capital at work at the open ÷ the positions' " +
      'total (0 on days not held). The positions’ average weights add up to 1.',
  ),
  return: figure(
    'Its own time-weighted return over the days it had capital at work (daily gain ÷ capital at work, linked ' +
      'geometrically): a position held for part of the period has the return of that part.',
  ),
  contribution: figure(
    "Its contribution to the portfolio's return: the daily gain ÷ the portfolio's capital base, linked over " +
      'the period (conventions.linking). Contributions add up to portfolio_return (less residual).',
  ),
  gain_loss: figure(
    'Σ of its daily gains (EOD − BOD − flows into it, GROSS of FEEs charged on it): an amount in the base currency.',
  ),
} as const;
const FIGURE_NAMES = Object.keys(FIGURES);

const attributeProperties = {
  name: S.nullable(Type.String({ description: 'Instrument name (null when the instrument is unknown).' })),
  asset_class: S.nullable(Type.String({ description: 'Instrument asset class.' })),
  sector: S.nullable(Type.String({ description: 'Instrument sector.' })),
  currency: S.nullable(Type.String({ description: 'Instrument currency (ISO 4217).' })),
  country_of_risk: S.nullable(Type.String({ description: 'Instrument country of risk.' })),
  rating: S.nullable(Type.String({ description: 'Instrument rating.' })),
  product_type: S.nullable(Type.String({ description: 'Instrument product type.' })),
  is_cash: Type.Boolean({ description: 'A cash position (product type or asset class Cash).' }),
} as const;

const positionItem = Type.Object({
  security_id: S.text('Security id.'),
  ...attributeProperties,
  ...FIGURES,
  null_reasons: nullReasonsOf(FIGURE_NAMES),
});

const groupItem = Type.Object({
  key: S.text("The attribute's value ('UNCLASSIFIED' when null or blank)."),
  security_ids: Type.Array(Type.String(), { description: 'The positions in the group.' }),
  ...FIGURES,
  return: figure(
    "The group's time-weighted return: its positions' summed daily gain ÷ summed capital, linked.",
  ),
  contribution: figure("Σ of its positions' contributions."),
  average_weight: figure("Σ of its positions' average weights."),
  null_reasons: nullReasonsOf(FIGURE_NAMES),
});

const TOTAL_NAMES = ['portfolio_return', 'total_contribution', 'residual'];

/** The conventions contribution and attribution share: how daily figures link and what counts as capital. */
export const LINKED_CONVENTIONS = {
  linking: S.stringEnum(LINKINGS, { description: 'The linking used.' }),
  linking_formula: S.text('Its formula.'),
  cash: S.text('How cash positions are treated.'),
  external_flows: S.text("How the portfolio's external flows are treated."),
  mid_period_positions: S.text('How positions opened or closed within the period are treated.'),
  idle_days: S.text('Days without capital at work.'),
};

const contributionConventions = Type.Object(
  {
    currency: S.text('BASE: every figure in the portfolio’s base currency (FX moves are part of the gains).'),
    portfolio_return: S.text('What portfolio_return is: the TWR of /portfolios/{id}/performance.'),
    flow_timing: S.text(
      'as_recorded: BOD flows invested all day, EOD flows not (the daily return’s weights).',
    ),
    net_or_gross: S.text('GROSS: fees booked as external flows do not lower the return.'),
    fee_booking: S.text('external_flow: a FEE paid from cash left the portfolio as an external flow.'),
    capital_at_work: S.text("A position's capital at work on a day: the base of its weight and return."),
    weight: S.text('The daily weight formula.'),
    daily_contribution: S.text('The daily contribution formula.'),
    ...LINKED_CONVENTIONS,
    unclassified: S.text('The group of a null or blank attribute.'),
    residual: S.text('What the residual holds and the tolerance it is expected to stay within.'),
  },
  { description: 'Every convention this answer used.' },
);

export const contributionSchema = {
  tags: ['analytics'],
  summary: 'Contribution to return per position and group',
  description:
    "Each position's (and group's) contribution to the portfolio's time-weighted return over a period, linked " +
    'so that the contributions add up to the return; with weights, own returns and instrument attributes. ' +
    'docs/analytics/contribution-attribution.md.',
  params: S.portfolioParams,
  body: S.partialObject(
    {
      as_of_date: asOfDateSchema,
      period: periodBodySchema,
      group_by: S.stringEnum(GROUP_DIMENSIONS, { description: `${GROUP_BY_DESCRIPTION} Optional.` }),
      conventions: linkingConventionsSchema,
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      ...periodAnswerHead,
      ...completenessProperties,
      group_by: S.nullable(Type.String({ description: 'The grouping dimension requested (null: none).' })),
      portfolio_return: figure(
        "The portfolio's time-weighted return over the period (GROSS; as /portfolios/{id}/performance gives it).",
      ),
      total_contribution: figure("Σ of the positions' contributions."),
      residual: figure('portfolio_return − total_contribution (see conventions.residual).'),
      active_days: Type.Integer({
        description: 'Days of the period on which the portfolio had capital at work (the days linked).',
      }),
      null_reasons: nullReasonsOf(TOTAL_NAMES),
      positions: Type.Array(positionItem, {
        description: 'Every position with a daily series row in the period, by security_id.',
      }),
      groups: S.nullable(
        Type.Array(groupItem, {
          description:
            'The positions grouped by group_by, largest contribution first; null without group_by.',
        }),
      ),
      conventions: contributionConventions,
    }),
    404: S.portfolioNotFound,
    422: S.problemResponse('A bad field (VALIDATION_FAILED); `errors` names each one.'),
  },
} as const;

// What the validator lets through is what the service takes.
accepts<Static<typeof contributionSchema.body>, ContributionBody>();
