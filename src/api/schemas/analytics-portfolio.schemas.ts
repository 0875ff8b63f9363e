import { REBALANCE_DIMENSIONS } from '../../domain/rebalance/types.ts';
import { decimal, isoDate, nullableIsoDate, problemResponse, text } from './common.schemas.ts';

/**
 * Per-portfolio analytics computed from the daily position series: concentration (the original's legacy shape,
 * seed-system.md §12.5, with its bugs fixed) and rebalancing proposals. Weights are float64 decimals of the
 * portfolio's market value (0.25 = 25 %); amounts are base-currency float64.
 */

const num = (description: string) => ({ type: 'number', description }) as const;
const nullableNum = (description: string) => ({ type: ['number', 'null'], description }) as const;
const WEIGHT = 'A decimal weight (0.25 = 25 %), float64.';
const AMOUNT = 'Base currency, float64.';

const portfolioParams = {
  type: 'object',
  required: ['portfolio_id'],
  properties: { portfolio_id: text('Portfolio id.') },
} as const;

const nullReasons = {
  type: 'object',
  additionalProperties: { type: 'string' },
  description: 'Why a figure is null, by its name (top_n_weights by "top_n_weights.<n>").',
} as const;

const unvaluedSchema = {
  type: 'object',
  required: ['count', 'security_ids'],
  description:
    'Positions held on the date without a market value: left out of every weight, never counted as 0.',
  properties: {
    count: { type: 'integer', description: 'How many.' },
    security_ids: { type: 'array', items: { type: 'string' }, description: 'Which.' },
  },
} as const;

const completeness = {
  complete: {
    type: 'boolean',
    description: 'Whether the daily series is complete for the date (every position valued, no key blocked).',
  },
  incomplete_reasons: {
    type: 'array',
    items: { type: 'string' },
    description:
      "Why not, each problem once: NO_BUSINESS_DATE, NO_SERIES (no series row for the date), or '<REASON> " +
      "<security_id>' ('MISSING_FX EUR/USD SAP', 'NO_PRICE BOND', 'POSITION_BLOCKED X').",
  },
} as const;

const unknownPortfolio = problemResponse('The portfolio is not known (NOT_FOUND).');
const invalidBody = problemResponse('The request is invalid (VALIDATION_FAILED); `errors` names each field.');

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
  ({
    type: 'number',
    minimum: 0,
    default: fallback,
    description: `${what}: a figure strictly above it is a finding. Default ${fallback}.`,
  }) as const;

export const concentrationRequestSchema = {
  type: 'object',
  additionalProperties: false,
  description: 'The original’s request (seed-system.md §12.5); every part optional.',
  properties: {
    scope: {
      type: 'object',
      description: 'What is measured: the date and the currency.',
      properties: {
        as_of_date: { ...isoDate('Positions as of this date; default the latest business date.') },
        reporting_currency: {
          type: 'string',
          pattern: '^[A-Za-z]{3}$',
          description:
            'Accepted only when it is the base currency (the original ignored it silently): amounts are in base currency.',
        },
      },
    },
    metrics: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', enum: [...CONCENTRATION_METRICS] },
      default: [...CONCENTRATION_METRICS],
      description: 'BULK: position weights, top-n and HHI; ISSUER: exposure by issuer. Default both.',
    },
    options: {
      type: 'object',
      description: 'How it is measured: look-through, top-n counts and the limits of the findings.',
      properties: {
        lookthrough_enabled: {
          type: 'boolean',
          default: true,
          description:
            'Accepted for compatibility; no look-through is applied (funds weigh as one position).',
        },
        issuer_top_n: {
          type: 'integer',
          minimum: 1,
          maximum: 1000,
          default: 10,
          description: 'How many issuers top_exposures lists, heaviest first.',
        },
        bulk_top_n: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          items: { type: 'integer', minimum: 1, maximum: 100000 },
          default: [5, 10],
          description: 'The n of each top_n_weights figure.',
        },
        include_cash: {
          type: 'boolean',
          default: true,
          description:
            'Weigh cash positions too (the original did). false: weights over the invested positions.',
        },
        limits: {
          type: 'object',
          description: 'Limits for the findings.',
          properties: {
            single_position_weight: limit(
              'Largest weight of one position',
              CONCENTRATION_LIMIT_DEFAULTS.single_position_weight,
            ),
            issuer_weight: limit('Largest weight of one issuer', CONCENTRATION_LIMIT_DEFAULTS.issuer_weight),
            hhi: limit('Highest HHI, of positions and of issuers', CONCENTRATION_LIMIT_DEFAULTS.hhi),
          },
        },
      },
    },
  },
} as const;

const flag = {
  type: ['string', 'null'],
  enum: ['LIMIT_EXCEEDED', null],
  description: 'LIMIT_EXCEEDED when a figure here is above its limit (see summary.findings); else null.',
} as const;

export const concentrationSchema = {
  tags: ['analytics'],
  summary: 'Concentration of a portfolio',
  description:
    'Position and issuer concentration from the daily position series on as_of_date (the original used the ' +
    'latest snapshot whatever the date). Weights are market value / total market value of the positions ' +
    'weighed, base currency; unvalued positions are left out and listed. Issuers group by ultimate parent, ' +
    'else issuer, else UNCLASSIFIED, and carry the issuer’s name (the original reported the parent id). ' +
    'summary.findings lists every figure above its limit (the original never filled it).',
  params: portfolioParams,
  body: concentrationRequestSchema,
  response: {
    200: {
      type: 'object',
      required: ['scope', 'summary', 'bulk_concentration', 'issuer_concentration', 'conventions'],
      properties: {
        scope: {
          type: 'object',
          description: 'The portfolio, the date and the currency the answer is for.',
          required: ['portfolio_id', 'as_of_date', 'reporting_currency'],
          properties: {
            portfolio_id: text('Portfolio id.'),
            as_of_date: nullableIsoDate('The date of the positions; null when there is no business date.'),
            reporting_currency: text('The currency of every amount: the portfolio’s base currency.'),
          },
        },
        summary: {
          type: 'object',
          description: 'The portfolio’s value and the findings (limits exceeded).',
          required: [
            'portfolio_market_value',
            'weighed_market_value',
            'position_count',
            'unvalued',
            'findings',
          ],
          properties: {
            portfolio_market_value: nullableNum(
              `Σ market value of the valued positions, cash included. ${AMOUNT} null without a series row for the date (NO_SERIES).`,
            ),
            weighed_market_value: nullableNum(
              `Σ market value of the positions weighed (the weights' denominator). ${AMOUNT} null without a series row for the date.`,
            ),
            position_count: { type: 'integer', description: 'Positions weighed.' },
            unvalued: unvaluedSchema,
            ...completeness,
            findings: {
              type: 'array',
              description: 'Every figure strictly above its limit; empty when none is.',
              items: {
                type: 'object',
                required: ['metric', 'subject', 'value', 'limit', 'message'],
                properties: {
                  metric: {
                    type: 'string',
                    enum: ['SINGLE_POSITION_WEIGHT', 'ISSUER_WEIGHT', 'HHI', 'ISSUER_HHI'],
                    description: 'The figure.',
                  },
                  subject: {
                    type: ['string', 'null'],
                    description: 'Security or issuer id; null for an HHI.',
                  },
                  value: num('The figure.'),
                  limit: num('Its limit.'),
                  message: text('In words.'),
                },
              },
            },
          },
        },
        bulk_concentration: {
          type: ['object', 'null'],
          description: 'Position concentration; null when BULK was not asked for.',
          required: [
            'top_n_weights',
            'single_position_weight',
            'largest_position',
            'hhi',
            'effective_number_of_positions',
            'flag',
            'null_reasons',
          ],
          properties: {
            top_n_weights: {
              type: 'object',
              additionalProperties: { type: ['number', 'null'] },
              description: `Σ of the n largest weights, by n ("5": …); all positions when fewer than n. ${WEIGHT}`,
            },
            single_position_weight: nullableNum(`The largest weight. ${WEIGHT}`),
            largest_position: { type: ['string', 'null'], description: 'Security id of the largest weight.' },
            hhi: nullableNum(
              'Herfindahl–Hirschman index Σ w² over positions, on weights (1 = one position).',
            ),
            effective_number_of_positions: nullableNum(
              '1 / HHI: as many equal positions would be as concentrated.',
            ),
            flag,
            null_reasons: nullReasons,
          },
        },
        issuer_concentration: {
          type: ['object', 'null'],
          description: 'Issuer concentration; null when ISSUER was not asked for.',
          required: ['top_exposures', 'issuer_count', 'hhi', 'flag', 'null_reasons'],
          properties: {
            top_exposures: {
              type: 'array',
              description: 'The issuer_top_n heaviest issuers.',
              items: {
                type: 'object',
                required: ['issuer_id', 'issuer_name', 'exposure', 'weight', 'position_count', 'flag'],
                properties: {
                  issuer_id: text('Ultimate parent issuer id, else issuer id, else UNCLASSIFIED.'),
                  issuer_name: text('The issuer’s name when an instrument gives it, else its id.'),
                  exposure: num(`Σ market value. ${AMOUNT}`),
                  weight: num(`exposure / the weights' denominator. ${WEIGHT}`),
                  position_count: { type: 'integer', description: 'Positions of the issuer.' },
                  flag,
                },
              },
            },
            issuer_count: { type: 'integer', description: 'Issuer groups, UNCLASSIFIED included.' },
            hhi: nullableNum('Σ w² over issuers; each UNCLASSIFIED position counts as an issuer of its own.'),
            flag,
            null_reasons: nullReasons,
          },
        },
        conventions: {
          type: 'object',
          description: 'Every convention used, defaults filled in.',
          required: [
            'positions',
            'weights',
            'unvalued',
            'cash',
            'issuer_grouping',
            'issuer_hhi',
            'lookthrough',
            'bulk_top_n',
            'issuer_top_n',
            'limits',
            'limit_rule',
          ],
          properties: {
            positions: text('Where the positions come from.'),
            weights: text('How a weight is computed.'),
            unvalued: text('What happens to positions without a market value.'),
            cash: text('Whether cash is weighed.'),
            issuer_grouping: text('What an issuer is.'),
            issuer_hhi: text('How unclassified positions count in the issuer HHI.'),
            lookthrough: text('Look-through of funds.'),
            bulk_top_n: { type: 'array', items: { type: 'integer' }, description: 'The n of top_n_weights.' },
            issuer_top_n: { type: 'integer', description: 'Issuers listed.' },
            limits: {
              type: 'object',
              description: 'The limits the findings were checked against.',
              required: ['single_position_weight', 'issuer_weight', 'hhi'],
              properties: {
                single_position_weight: num('Limit of one position’s weight.'),
                issuer_weight: num('Limit of one issuer’s weight.'),
                hhi: num('Limit of the HHIs.'),
              },
            },
            limit_rule: text('When a figure is a finding.'),
          },
        },
      },
    },
    404: unknownPortfolio,
    422: invalidBody,
  },
} as const;

// ─── POST /portfolios/{id}/rebalance ────────────────────────────────────────────────────────────────────

export const REBALANCE_BASES = ['security', ...REBALANCE_DIMENSIONS] as const;

export const rebalanceRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['targets'],
  properties: {
    as_of_date: isoDate('Positions and prices as of this date; default the latest business date.'),
    targets: {
      type: 'object',
      description: 'The target weights, by security or by an instrument attribute.',
      required: ['by', 'weights'],
      properties: {
        by: {
          type: 'string',
          enum: [...REBALANCE_BASES],
          description:
            'security: weights per security. A dimension (sector, …): weights per value of that instrument ' +
            'attribute; a group reaches its weight with its positions scaled alike (it keeps its mix). Positions ' +
            'whose attribute is not set form the group UNCLASSIFIED.',
        },
        weights: {
          type: 'array',
          minItems: 1,
          description:
            'One target weight per security or attribute value; the rest of the portfolio is cash.',
          items: {
            type: 'object',
            required: ['key', 'weight'],
            properties: {
              key: { type: 'string', minLength: 1, description: 'A security id, or the attribute value.' },
              weight: { type: 'number', minimum: 0, maximum: 1, description: `Target weight. ${WEIGHT}` },
              price: {
                type: 'number',
                exclusiveMinimum: 0,
                description:
                  'Price per unit in base currency, for a security not held on the date (required there); a held ' +
                  'security is priced at its market value and this is ignored. Targets by security only.',
              },
              lot_size: {
                type: 'number',
                exclusiveMinimum: 0,
                description: 'This security’s lot size, instead of the request’s. Targets by security only.',
              },
            },
          },
        },
      },
    },
    cash_buffer: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 0,
      description: 'Cash the buys must leave, as a weight of the total market value. Default 0.',
    },
    min_trade_value: {
      type: 'number',
      minimum: 0,
      default: 0,
      description: `Trades worth less are dropped. ${AMOUNT} Default 0.`,
    },
    lot_size: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 1,
      description: 'Units per lot: traded quantities are whole lots. Default 1.',
    },
    tolerance: {
      type: 'number',
      minimum: 0,
      maximum: 1,
      default: 0,
      description:
        'A position (or group) within this absolute weight of its target is left alone. Default 0.',
    },
    unlisted: {
      type: 'string',
      enum: ['hold', 'sell'],
      default: 'hold',
      description: 'What no target names: held as it is (default), or sold.',
    },
  },
} as const;

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
  params: portfolioParams,
  body: rebalanceRequestSchema,
  response: {
    200: {
      type: 'object',
      required: [
        'portfolio_id',
        'as_of_date',
        'base_currency',
        'booked',
        'total_market_value',
        'trades',
        'positions',
        'groups',
        'cash',
        'cash_constrained',
        'unfilled',
        'unvalued',
        'complete',
        'incomplete_reasons',
        'conventions',
      ],
      properties: {
        portfolio_id: text('Portfolio id.'),
        as_of_date: isoDate('The date of the positions and prices.'),
        base_currency: text('The currency of every amount and price.'),
        booked: {
          type: 'boolean',
          enum: [false],
          description: 'Always false: a proposal, nothing is booked.',
        },
        total_market_value: num(
          `Σ market value of the valued positions, cash included: the weights' denominator, the same before and after. ${AMOUNT}`,
        ),
        trades: {
          type: 'array',
          description: 'The proposed trades, by security id.',
          items: {
            type: 'object',
            required: ['security_id', 'side', 'quantity', 'price', 'amount'],
            properties: {
              security_id: text('Security id.'),
              side: { type: 'string', enum: ['BUY', 'SELL'], description: 'BUY or SELL.' },
              quantity: decimal('Units: whole lots, or the whole position for a sale to a target of 0.'),
              price: num(
                `Per unit: the position's market value / quantity, or the request's price. ${AMOUNT}`,
              ),
              amount: num(`quantity × price, positive on both sides. ${AMOUNT}`),
            },
          },
        },
        positions: {
          type: 'array',
          description: 'Every non-cash position held or targeted, by security id.',
          items: {
            type: 'object',
            required: [
              'security_id',
              'group',
              'price',
              'quantity_before',
              'quantity_after',
              'market_value_before',
              'market_value_after',
              'weight_before',
              'weight_after',
              'target_weight',
              'drift_before',
              'drift_after',
              'action',
            ],
            properties: {
              security_id: text('Security id.'),
              group: text(
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
              action: {
                type: 'string',
                enum: [
                  'TRADED',
                  'WITHIN_TOLERANCE',
                  'BELOW_MIN_TRADE',
                  'LESS_THAN_A_LOT',
                  'NO_CASH',
                  'UNLISTED',
                  'AT_TARGET',
                ],
                description:
                  'TRADED; WITHIN_TOLERANCE (left alone); BELOW_MIN_TRADE (dropped); LESS_THAN_A_LOT (the trade ' +
                  'toward the target is under one lot); NO_CASH (the buy was cut to nothing to keep the buffer); ' +
                  'UNLISTED (no target, held); AT_TARGET.',
              },
            },
          },
        },
        groups: {
          type: 'array',
          description:
            'Targets by dimension: each group, targeted or not, by key. Empty for targets by security.',
          items: {
            type: 'object',
            required: [
              'key',
              'target_weight',
              'weight_before',
              'weight_after',
              'drift_before',
              'drift_after',
              'within_tolerance',
            ],
            properties: {
              key: text('The attribute value, or UNCLASSIFIED.'),
              target_weight: nullableNum(`null when no target names it and it is held. ${WEIGHT}`),
              weight_before: num(WEIGHT),
              weight_after: num(WEIGHT),
              drift_before: drift('before'),
              drift_after: drift('after'),
              within_tolerance: {
                type: 'boolean',
                description: 'Left alone because within tolerance (or untargeted).',
              },
            },
          },
        },
        cash: {
          type: 'object',
          required: ['before', 'after', 'weight_before', 'weight_after', 'buffer'],
          description: 'Every cash position together.',
          properties: {
            before: num(AMOUNT),
            after: num(`before + sales − buys; never below buffer when anything is bought. ${AMOUNT}`),
            weight_before: num(WEIGHT),
            weight_after: num(WEIGHT),
            buffer: num(`cash_buffer × total_market_value. ${AMOUNT}`),
          },
        },
        cash_constrained: { type: 'boolean', description: 'The buys were cut to keep the cash buffer.' },
        unfilled: {
          type: 'array',
          description: 'Targets that no trade can reach (a group with no position to scale up).',
          items: {
            type: 'object',
            required: ['key', 'target_weight', 'reason'],
            properties: {
              key: text('The target key.'),
              target_weight: num(WEIGHT),
              reason: text('Why.'),
            },
          },
        },
        unvalued: unvaluedSchema,
        ...completeness,
        conventions: {
          type: 'object',
          description: 'Every convention used, defaults filled in.',
          required: [
            'positions',
            'prices',
            'weights',
            'drift',
            'tolerance',
            'lot_rounding',
            'cash',
            'cash_buffer',
            'min_trade_value',
            'lot_size',
            'unlisted',
            'by',
          ],
          properties: {
            positions: text('Where the positions come from.'),
            prices: text('What a trade is priced at.'),
            weights: text('How a weight is computed.'),
            drift: text('How drift is measured.'),
            tolerance: num('The tolerance applied (absolute weight).'),
            lot_rounding: text('The lot rounding rule.'),
            cash: text('What cash is.'),
            cash_buffer: num('The cash buffer applied (weight).'),
            min_trade_value: num(`The minimum trade applied. ${AMOUNT}`),
            lot_size: num('The default lot size applied.'),
            unlisted: {
              type: 'string',
              enum: ['hold', 'sell'],
              description: 'What happened to untargeted positions.',
            },
            by: { type: 'string', enum: [...REBALANCE_BASES], description: 'What the targets are by.' },
          },
        },
      },
    },
    404: unknownPortfolio,
    422: invalidBody,
  },
} as const;
