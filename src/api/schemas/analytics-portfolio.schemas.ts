import { type Static, Type } from 'typebox';
import { REBALANCE_DEFAULTS, type RebalanceBody } from '../../app/services/rebalance.service.ts';
import { REBALANCE_DIMENSIONS, type RebalanceResult } from '../../domain/rebalance/types.ts';
import * as S from './common.schemas.ts';
import { accepts, describes } from './same-type.ts';

/**
 * Per-portfolio analytics computed from the daily position series: concentration (the original's legacy shape,
 * seed-system.md §12.5, with its bugs fixed) and rebalancing proposals. Weights are float64 decimals of the
 * portfolio's market value (0.25 = 25 %); amounts are base-currency float64.
 */

const num = (description: string) => Type.Number({ description });
const nullableNum = (description: string) => S.nullable(Type.Number({ description }));
const WEIGHT = 'A decimal weight (0.25 = 25 %), float64.';
const AMOUNT = 'Base currency, float64.';

const nullReasons = S.mapOf(Type.String(), {
  description: 'Why a figure is null, by its name (top_n_weights by "top_n_weights.<n>").',
});

const unvaluedSchema = Type.Object(
  {
    count: Type.Integer({ description: 'How many.' }),
    security_ids: Type.Array(Type.String(), { description: 'Which.' }),
  },
  {
    description:
      'Positions held on the date without a market value: left out of every weight, never counted as 0.',
  },
);

const completeness = {
  complete: Type.Boolean({
    description: 'Whether the daily series is complete for the date (every position valued, no key blocked).',
  }),
  incomplete_reasons: Type.Array(Type.String(), {
    description:
      "Why not, each problem once: NO_BUSINESS_DATE, NO_SERIES (no series row for the date), or '<REASON> " +
      "<security_id>' ('MISSING_FX EUR/USD SAP', 'NO_PRICE BOND', 'POSITION_BLOCKED X').",
  }),
} as const;

const invalidBody = S.problemResponse(
  'The request is invalid (VALIDATION_FAILED); `errors` names each field.',
);

// ─── POST /portfolios/{id}/concentration ────────────────────────────────────────────────────────────────

export const CONCENTRATION_METRICS = ['ISSUER', 'BULK'] as const;

/** Limits a figure is held against (strictly above is a finding); the defaults and where they come from. */
export const CONCENTRATION_LIMIT_DEFAULTS = {
  /** UCITS 5/10/40: at most 10 % with one issuer. */
  single_position_weight: 0.1,
  issuer_weight: 0.1,
  /** 2023 US Merger Guidelines: an HHI above 1,800 (0.18 on weights) is highly concentrated. */
  hhi: 0.18,
} as const;

const limit = (what: string, fallback: number) =>
  Type.Number({
    minimum: 0,
    default: fallback,
    description: `${what}: a figure strictly above it is a finding. Default ${fallback}.`,
  });

export const concentrationRequestSchema = S.closed(
  {
    scope: Type.Optional(
      S.partialObject(
        {
          as_of_date: S.isoDate('Positions as of this date; default the latest business date.'),
          reporting_currency: Type.String({
            pattern: '^[A-Za-z]{3}$',
            description:
              'Accepted only when it is the base currency (the original ignored it silently): amounts are in base currency.',
          }),
        },
        { description: 'What is measured: the date and the currency.' },
      ),
    ),
    metrics: S.defaulted(
      Type.Array(S.stringEnum(CONCENTRATION_METRICS), {
        minItems: 1,
        default: [...CONCENTRATION_METRICS],
        description: 'BULK: position weights, top-n and HHI; ISSUER: exposure by issuer. Default both.',
      }),
    ),
    options: Type.Optional(
      Type.Object(
        {
          lookthrough_enabled: S.defaulted(
            Type.Boolean({
              default: true,
              description:
                'Accepted for compatibility; no look-through is applied (funds weigh as one position).',
            }),
          ),
          issuer_top_n: S.defaulted(
            Type.Integer({
              minimum: 1,
              maximum: 1000,
              default: 10,
              description: 'How many issuers top_exposures lists, heaviest first.',
            }),
          ),
          bulk_top_n: S.defaulted(
            Type.Array(Type.Integer({ minimum: 1, maximum: 100000 }), {
              minItems: 1,
              maxItems: 20,
              default: [5, 10],
              description: 'The n of each top_n_weights figure.',
            }),
          ),
          include_cash: S.defaulted(
            Type.Boolean({
              default: true,
              description:
                'Weigh cash positions too (the original did). false: weights over the invested positions.',
            }),
          ),
          limits: Type.Optional(
            Type.Object(
              {
                single_position_weight: S.defaulted(
                  limit(
                    'Largest weight of one position',
                    CONCENTRATION_LIMIT_DEFAULTS.single_position_weight,
                  ),
                ),
                issuer_weight: S.defaulted(
                  limit('Largest weight of one issuer', CONCENTRATION_LIMIT_DEFAULTS.issuer_weight),
                ),
                hhi: S.defaulted(
                  limit('Highest HHI, of positions and of issuers', CONCENTRATION_LIMIT_DEFAULTS.hhi),
                ),
              },
              { description: 'Limits for the findings.' },
            ),
          ),
        },
        { description: 'How it is measured: look-through, top-n counts and the limits of the findings.' },
      ),
    ),
  },
  { description: 'The original’s request (seed-system.md §12.5); every part optional.' },
);

const flag = S.nullable(
  S.stringEnum(['LIMIT_EXCEEDED', null] as const, {
    description: 'LIMIT_EXCEEDED when a figure here is above its limit (see summary.findings); else null.',
  }),
);

export const concentrationSchema = {
  tags: ['analytics'],
  summary: 'Concentration of a portfolio',
  description:
    'Position and issuer concentration from the daily position series on as_of_date (the original used the ' +
    'latest snapshot whatever the date). Weights are market value / total market value of the positions ' +
    'weighed, base currency; unvalued positions are left out and listed. Issuers group by ultimate parent, ' +
    'else issuer, else UNCLASSIFIED, and carry the issuer’s name (the original reported the parent id). ' +
    'summary.findings lists every figure above its limit (the original never filled it).',
  params: S.portfolioParams,
  body: concentrationRequestSchema,
  response: {
    200: Type.Object({
      scope: Type.Object(
        {
          portfolio_id: S.text('Portfolio id.'),
          as_of_date: S.nullableIsoDate('The date of the positions; null when there is no business date.'),
          reporting_currency: S.text('The currency of every amount: the portfolio’s base currency.'),
        },
        { description: 'The portfolio, the date and the currency the answer is for.' },
      ),
      summary: Type.Object(
        {
          portfolio_market_value: nullableNum(
            `Σ market value of the valued positions, cash included. ${AMOUNT} null without a series row for the date (NO_SERIES).`,
          ),
          weighed_market_value: nullableNum(
            `Σ market value of the positions weighed (the weights' denominator). ${AMOUNT} null without a series row for the date.`,
          ),
          position_count: Type.Integer({ description: 'Positions weighed.' }),
          unvalued: unvaluedSchema,
          ...completeness,
          findings: Type.Array(
            Type.Object({
              metric: S.stringEnum(
                ['SINGLE_POSITION_WEIGHT', 'ISSUER_WEIGHT', 'HHI', 'ISSUER_HHI'] as const,
                {
                  description: 'The figure.',
                },
              ),
              subject: S.nullable(Type.String({ description: 'Security or issuer id; null for an HHI.' })),
              value: num('The figure.'),
              limit: num('Its limit.'),
              message: S.text('In words.'),
            }),
            { description: 'Every figure strictly above its limit; empty when none is.' },
          ),
        },
        { description: 'The portfolio’s value and the findings (limits exceeded).' },
      ),
      bulk_concentration: S.nullable(
        Type.Object(
          {
            top_n_weights: S.mapOf(S.nullable(Type.Number()), {
              description: `Σ of the n largest weights, by n ("5": …); all positions when fewer than n. ${WEIGHT}`,
            }),
            single_position_weight: nullableNum(`The largest weight. ${WEIGHT}`),
            largest_position: S.nullable(Type.String({ description: 'Security id of the largest weight.' })),
            hhi: nullableNum(
              'Herfindahl–Hirschman index Σ w² over positions, on weights (1 = one position).',
            ),
            effective_number_of_positions: nullableNum(
              '1 / HHI: as many equal positions would be as concentrated.',
            ),
            flag: flag,
            null_reasons: nullReasons,
          },
          { description: 'Position concentration; null when BULK was not asked for.' },
        ),
      ),
      issuer_concentration: S.nullable(
        Type.Object(
          {
            top_exposures: Type.Array(
              Type.Object({
                issuer_id: S.text('Ultimate parent issuer id, else issuer id, else UNCLASSIFIED.'),
                issuer_name: S.text('The issuer’s name when an instrument gives it, else its id.'),
                exposure: num(`Σ market value. ${AMOUNT}`),
                weight: num(`exposure / the weights' denominator. ${WEIGHT}`),
                position_count: Type.Integer({ description: 'Positions of the issuer.' }),
                flag: flag,
              }),
              { description: 'The issuer_top_n heaviest issuers.' },
            ),
            issuer_count: Type.Integer({ description: 'Issuer groups, UNCLASSIFIED included.' }),
            hhi: nullableNum('Σ w² over issuers; each UNCLASSIFIED position counts as an issuer of its own.'),
            flag: flag,
            null_reasons: nullReasons,
          },
          { description: 'Issuer concentration; null when ISSUER was not asked for.' },
        ),
      ),
      conventions: S.conventionsUsed({
        positions: S.text('Where the positions come from.'),
        weights: S.text('How a weight is computed.'),
        unvalued: S.text('What happens to positions without a market value.'),
        cash: S.text('Whether cash is weighed.'),
        issuer_grouping: S.text('What an issuer is.'),
        issuer_hhi: S.text('How unclassified positions count in the issuer HHI.'),
        lookthrough: S.text('Look-through of funds.'),
        bulk_top_n: Type.Array(Type.Integer(), { description: 'The n of top_n_weights.' }),
        issuer_top_n: Type.Integer({ description: 'Issuers listed.' }),
        limits: Type.Object(
          {
            single_position_weight: num('Limit of one position’s weight.'),
            issuer_weight: num('Limit of one issuer’s weight.'),
            hhi: num('Limit of the HHIs.'),
          },
          { description: 'The limits the findings were checked against.' },
        ),
        limit_rule: S.text('When a figure is a finding.'),
      }),
    }),
    404: S.portfolioNotFound,
    422: invalidBody,
  },
} as const;

// ─── POST /portfolios/{id}/rebalance ────────────────────────────────────────────────────────────────────

export const REBALANCE_BASES = ['security', ...REBALANCE_DIMENSIONS] as const;

export const rebalanceRequestSchema = S.closed({
  as_of_date: Type.Optional(
    S.isoDate('Positions and prices as of this date; default the latest business date.'),
  ),
  targets: Type.Object(
    {
      by: S.stringEnum(REBALANCE_BASES, {
        description:
          'security: weights per security. A dimension (sector, …): weights per value of that instrument ' +
          'attribute; a group reaches its weight with its positions scaled alike (it keeps its mix). Positions ' +
          'whose attribute is not set form the group UNCLASSIFIED.',
      }),
      weights: Type.Array(
        Type.Object({
          key: Type.String({ minLength: 1, description: 'A security id, or the attribute value.' }),
          weight: Type.Number({ minimum: 0, maximum: 1, description: `Target weight. ${WEIGHT}` }),
          price: Type.Optional(
            Type.Number({
              exclusiveMinimum: 0,
              description:
                'Price per unit in base currency, for a security not held on the date (required there); a held ' +
                'security is priced at its market value and this is ignored. Targets by security only.',
            }),
          ),
          lot_size: Type.Optional(
            Type.Number({
              exclusiveMinimum: 0,
              description: 'This security’s lot size, instead of the request’s. Targets by security only.',
            }),
          ),
        }),
        {
          minItems: 1,
          description:
            'One target weight per security or attribute value; the rest of the portfolio is cash.',
        },
      ),
    },
    { description: 'The target weights, by security or by an instrument attribute.' },
  ),
  cash_buffer: S.defaulted(
    Type.Number({
      minimum: 0,
      maximum: 1,
      default: REBALANCE_DEFAULTS.cash_buffer,
      description: 'Cash the buys must leave, as a weight of the total market value. Default 0.',
    }),
  ),
  min_trade_value: S.defaulted(
    Type.Number({
      minimum: 0,
      default: REBALANCE_DEFAULTS.min_trade_value,
      description: `Trades worth less are dropped. ${AMOUNT} Default 0.`,
    }),
  ),
  lot_size: S.defaulted(
    Type.Number({
      exclusiveMinimum: 0,
      default: REBALANCE_DEFAULTS.lot_size,
      description: 'Units per lot: traded quantities are whole lots. Default 1.',
    }),
  ),
  tolerance: S.defaulted(
    Type.Number({
      minimum: 0,
      maximum: 1,
      default: REBALANCE_DEFAULTS.tolerance,
      description:
        'A position (or group) within this absolute weight of its target is left alone. Default 0.',
    }),
  ),
  unlisted: S.defaulted(
    S.stringEnum(['hold', 'sell'] as const, {
      default: REBALANCE_DEFAULTS.unlisted,
      description: 'What no target names: held as it is (default), or sold.',
    }),
  ),
});

const drift = (when: string) =>
  nullableNum(`weight − target weight ${when}; null without a target. ${WEIGHT}`);

export const rebalanceSchema = {
  tags: ['analytics'],
  summary: 'Propose trades to rebalance a portfolio',
  description:
    'Trades that bring the weights of the positions on as_of_date to the targets. Nothing is booked. Rule: ' +
    'each trade is a whole number of lots, truncated toward zero from the quantity that would reach the ' +
    'target, so no position crosses its target; a sale to a target of 0 sells the whole position. Sales fund ' +
    'the buys; when the buys would draw cash below the buffer, they are all cut by the same factor and ' +
    'truncated to whole lots again. Trades below min_trade_value are dropped; positions within tolerance are ' +
    'left alone. Cash positions together are the cash; unvalued positions are left out.',
  params: S.portfolioParams,
  body: rebalanceRequestSchema,
  response: {
    200: Type.Object({
      portfolio_id: S.text('Portfolio id.'),
      as_of_date: S.isoDate('The date of the positions and prices.'),
      base_currency: S.text('The currency of every amount and price.'),
      booked: S.alwaysFalse('Always false: a proposal, nothing is booked.'),
      total_market_value: num(
        `Σ market value of the valued positions, cash included: the weights' denominator, the same before and after. ${AMOUNT}`,
      ),
      trades: Type.Array(
        Type.Object({
          security_id: S.text('Security id.'),
          side: S.stringEnum(['BUY', 'SELL'] as const, { description: 'BUY or SELL.' }),
          quantity: S.decimal('Units: whole lots, or the whole position for a sale to a target of 0.'),
          price: num(`Per unit: the position's market value / quantity, or the request's price. ${AMOUNT}`),
          amount: num(`quantity × price, positive on both sides. ${AMOUNT}`),
        }),
        { description: 'The proposed trades, by security id.' },
      ),
      positions: Type.Array(
        Type.Object({
          security_id: S.text('Security id.'),
          group: S.text(
            'Its target group: the attribute value (targets by dimension), else its security id.',
          ),
          price: num(`Per unit. ${AMOUNT}`),
          quantity_before: num('Units held on the date.'),
          quantity_after: num('Units after the trade.'),
          market_value_before: num(AMOUNT),
          market_value_after: num(AMOUNT),
          weight_before: num(WEIGHT),
          weight_after: num(WEIGHT),
          target_weight: nullableNum(
            `Its target (its share of the group's); null when unlisted and held. ${WEIGHT}`,
          ),
          drift_before: drift('before'),
          drift_after: drift('after'),
          action: S.stringEnum(
            [
              'TRADED',
              'WITHIN_TOLERANCE',
              'BELOW_MIN_TRADE',
              'LESS_THAN_A_LOT',
              'NO_CASH',
              'UNLISTED',
              'AT_TARGET',
            ] as const,
            {
              description:
                'TRADED; WITHIN_TOLERANCE (left alone); BELOW_MIN_TRADE (dropped); LESS_THAN_A_LOT (the trade ' +
                'toward the target is under one lot); NO_CASH (the buy was cut to nothing to keep the buffer); ' +
                'UNLISTED (no target, held); AT_TARGET.',
            },
          ),
        }),
        { description: 'Every non-cash position held or targeted, by security id.' },
      ),
      groups: Type.Array(
        Type.Object({
          key: S.text('The attribute value, or UNCLASSIFIED.'),
          target_weight: nullableNum(`null when no target names it and it is held. ${WEIGHT}`),
          weight_before: num(WEIGHT),
          weight_after: num(WEIGHT),
          drift_before: drift('before'),
          drift_after: drift('after'),
          within_tolerance: Type.Boolean({
            description: 'Left alone because within tolerance (or untargeted).',
          }),
        }),
        {
          description:
            'Targets by dimension: each group, targeted or not, by key. Empty for targets by security.',
        },
      ),
      cash: Type.Object(
        {
          before: num(AMOUNT),
          after: num(`before + sales − buys; never below buffer when anything is bought. ${AMOUNT}`),
          weight_before: num(WEIGHT),
          weight_after: num(WEIGHT),
          buffer: num(`cash_buffer × total_market_value. ${AMOUNT}`),
        },
        { description: 'Every cash position together.' },
      ),
      cash_constrained: Type.Boolean({ description: 'The buys were cut to keep the cash buffer.' }),
      unfilled: Type.Array(
        Type.Object({ key: S.text('The target key.'), target_weight: num(WEIGHT), reason: S.text('Why.') }),
        { description: 'Targets that no trade can reach (a group with no position to scale up).' },
      ),
      unvalued: unvaluedSchema,
      ...completeness,
      conventions: S.conventionsUsed({
        positions: S.text('Where the positions come from.'),
        prices: S.text('What a trade is priced at.'),
        weights: S.text('How a weight is computed.'),
        drift: S.text('How drift is measured.'),
        tolerance: num('The tolerance applied (absolute weight).'),
        lot_rounding: S.text('The lot rounding rule.'),
        cash: S.text('What cash is.'),
        cash_buffer: num('The cash buffer applied (weight).'),
        min_trade_value: num(`The minimum trade applied. ${AMOUNT}`),
        lot_size: num('The default lot size applied.'),
        unlisted: S.stringEnum(['hold', 'sell'] as const, {
          description: 'What happened to untargeted positions.',
        }),
        by: S.stringEnum(REBALANCE_BASES, { description: 'What the targets are by.' }),
      }),
    }),
    404: S.portfolioNotFound,
    422: invalidBody,
  },
} as const;

// The domain's RebalanceResult (rebalance()) is spread into the answer: the schema must describe each of its fields.
type RebalanceAnswer = Static<(typeof rebalanceSchema.response)[200]>;
describes<Pick<RebalanceAnswer, keyof RebalanceResult>, RebalanceResult>();

// What the validator lets through is what the service takes.
accepts<Static<typeof rebalanceRequestSchema>, RebalanceBody>();
