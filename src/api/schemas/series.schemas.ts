import {
  dateParam,
  decimal,
  isoDate,
  nullableIsoDate,
  nullableText,
  problemResponse,
  text,
} from './common.schemas.ts';
import { DataWarnings } from './data-warnings.schemas.ts';

/**
 * Valuations and daily series are float64 (design §2.5): market values, flows, prices, FX rates and P&L travel
 * as JSON numbers. Exact booked amounts (quantities and costs of position_history, realized P&L, cashflow
 * amounts) stay decimal strings.
 */
const FLOAT_NOTE = 'A float64 JSON number (valuations are not exact decimals).';
const num = (description: string) =>
  ({ type: 'number', description: `${description} ${FLOAT_NOTE}` }) as const;
const nullableNum = (description: string) =>
  ({
    type: ['number', 'null'],
    description: `${description} ${FLOAT_NOTE} null when not valued (never 0).`,
  }) as const;

const unknownPortfolio = problemResponse('The portfolio is not known (NOT_FOUND).');

const incompleteReasons = {
  type: 'array',
  items: { type: 'string' },
  description:
    "Why the valuation is incomplete, each problem once, as '<REASON> <security_id>' ('MISSING_FX EUR/USD " +
    "SAP', 'NO_PRICE BOND', 'POSITION_BLOCKED X'), or NO_SERIES / NO_BUSINESS_DATE; empty when complete.",
} as const;

const unvaluedPositions = {
  type: 'array',
  description:
    'Positions held on the date without a base market value: in none of the totals (neither their value ' +
    'nor their cost), each with its reason.',
  items: {
    type: 'object',
    required: ['security_id', 'cost_basis', 'reason'],
    properties: {
      security_id: text('Security id.'),
      cost_basis: num('Cost of the open lots, base.'),
      reason: text("Why it is not valued: 'NO_PRICE', 'MISSING_FX EUR/USD', 'NO_INSTRUMENT' …"),
    },
  },
} as const;
const invalid = problemResponse('Invalid query parameters (VALIDATION_FAILED).');

const portfolioOnly = {
  type: 'object',
  required: ['portfolio_id'],
  properties: { portfolio_id: text('Portfolio id.') },
} as const;

const keyParams = {
  type: 'object',
  required: ['portfolio_id', 'security_id'],
  properties: { portfolio_id: text('Portfolio id.'), security_id: text('Security id.') },
} as const;

const range = {
  type: 'object',
  additionalProperties: false,
  properties: { start_date: dateParam('First date'), end_date: dateParam('Last date') },
} as const;

const asOfQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { as_of_date: dateParam('As-of date; default the latest business date') },
} as const;

export const VALUATION_STATUSES = ['CURRENT', 'STALE', 'UNVALUED'] as const;
const valuationStatus = {
  type: 'string',
  enum: [...VALUATION_STATUSES],
  description:
    'CURRENT: priced on the day; STALE: the latest older price carried forward (price_date says which); ' +
    'UNVALUED: no price yet — market values are null, never 0.',
} as const;

// ─── GET /portfolios/{id}/timeseries ────────────────────────────────────────────────────────────────────

export const portfolioSeriesSchema = {
  tags: ['series'],
  summary: 'Portfolio daily series',
  description:
    'One row per calendar day from the first activity to the latest business date, in base currency. ' +
    'complete = false names why (a position unvalued, FX missing, a key blocked).',
  params: portfolioOnly,
  querystring: range,
  response: {
    200: {
      type: 'object',
      required: ['portfolio_id', 'base_currency', 'rows'],
      properties: {
        portfolio_id: text('Portfolio id.'),
        base_currency: text('Base currency, ISO 4217.'),
        data_warnings: DataWarnings,
        rows: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'date',
              'bod_market_value',
              'eod_market_value',
              'bod_cashflow',
              'eod_cashflow',
              'fees',
              'income',
              'complete',
              'incomplete_reason',
            ],
            properties: {
              date: isoDate('Calendar day.'),
              bod_market_value: num('Market value at the beginning of the day (the previous EOD).'),
              eod_market_value: num('Market value at the end of the day: Σ of the positions valued in base.'),
              bod_cashflow: num('External (portfolio) flows at the beginning of the day.'),
              eod_cashflow: num('External (portfolio) flows at the end of the day.'),
              fees: num('Real fees only (FEE transactions and trade fees), positive.'),
              income: num('Income (dividends, interest) in base.'),
              complete: { type: 'boolean', description: 'Every position valued in base on the day.' },
              incomplete_reason: nullableText(
                'Why the day is incomplete (NO_PRICE, MISSING_FX …), else null.',
              ),
            },
          },
        },
      },
    },
    404: unknownPortfolio,
    422: invalid,
  },
} as const;

// ─── GET /portfolios/{id}/positions/{security_id}/timeseries ────────────────────────────────────────────

export const positionSeriesSchema = {
  tags: ['series'],
  summary: 'Position daily series',
  description: 'One row per calendar day the position exists; local = instrument currency, else base.',
  params: keyParams,
  querystring: range,
  response: {
    200: {
      type: 'object',
      required: ['portfolio_id', 'security_id', 'rows'],
      properties: {
        portfolio_id: text('Portfolio id.'),
        security_id: text('Security id.'),
        rows: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'date',
              'quantity',
              'cost_basis',
              'cost_basis_local',
              'bod_market_value',
              'eod_market_value',
              'bod_market_value_local',
              'eod_market_value_local',
              'bod_cashflow',
              'eod_cashflow',
              'income',
              'fees',
              'valuation_status',
              'price_date',
              'fx_rate',
              'fx_date',
            ],
            properties: {
              date: isoDate('Calendar day.'),
              quantity: num('Quantity at the end of the day.'),
              cost_basis: num('Cost of the open lots, base.'),
              cost_basis_local: num('Cost of the open lots, local.'),
              bod_market_value: nullableNum('BOD market value, base.'),
              eod_market_value: nullableNum('EOD market value, base.'),
              bod_market_value_local: nullableNum('BOD market value, local.'),
              eod_market_value_local: nullableNum('EOD market value, local.'),
              bod_cashflow: num('Position flows at BOD, base.'),
              eod_cashflow: num('Position flows at EOD, base.'),
              income: num('Income, base.'),
              fees: num('Fees, base.'),
              valuation_status: valuationStatus,
              price_date: nullableIsoDate('Date of the price used.'),
              fx_rate: nullableNum('Instrument currency → base rate used (1 for the base currency).'),
              fx_date: nullableIsoDate(
                'Date of the FX quote used (the older leg when triangulated); null when none is needed or found.',
              ),
              incomplete_reason: nullableText('Why the day is not valued in base, else null.'),
            },
          },
        },
      },
    },
    404: problemResponse('The portfolio or the position is not known (NOT_FOUND).'),
    422: invalid,
  },
} as const;

// ─── GET /portfolios/{id}/valuation ─────────────────────────────────────────────────────────────────────

export const valuationSchema = {
  tags: ['series'],
  summary: 'Portfolio valuation as of a date',
  description:
    'Totals of the positions held on the date (quantity ≠ 0), from the position daily series. Market value, ' +
    'cost basis and unrealized P&L are summed over the same set, the valued positions (market_value − ' +
    'cost_basis = unrealized_gain_loss); unvalued positions are in no total, listed in unvalued_positions, ' +
    'and make the valuation incomplete. Totals are null when no series row exists for the date (NO_SERIES).',
  params: portfolioOnly,
  querystring: asOfQuery,
  response: {
    200: {
      type: 'object',
      required: [
        'portfolio_id',
        'base_currency',
        'as_of_date',
        'market_value',
        'cost_basis',
        'unrealized_gain_loss',
        'cash',
        'complete',
        'incomplete_reasons',
        'unvalued_positions',
        'by_currency',
      ],
      properties: {
        data_warnings: DataWarnings,
        portfolio_id: text('Portfolio id.'),
        base_currency: text('Base currency.'),
        as_of_date: nullableIsoDate('The date valued (null when there is no business date yet).'),
        market_value: nullableNum('Σ EOD market value of the valued positions, base.'),
        cost_basis: nullableNum('Σ cost basis of the valued positions, base.'),
        unrealized_gain_loss: nullableNum('market_value − cost_basis (the valued positions), base.'),
        cash: nullableNum('Market value of cash instruments, base.'),
        complete: {
          type: 'boolean',
          description: 'Every position valued in base and no key blocked (incomplete_reasons empty).',
        },
        incomplete_reasons: incompleteReasons,
        unvalued_positions: unvaluedPositions,
        by_currency: {
          type: 'array',
          items: {
            type: 'object',
            required: ['currency', 'market_value', 'market_value_local'],
            properties: {
              currency: text('Instrument currency.'),
              market_value: num('Σ market value, base.'),
              market_value_local: num('Σ market value, that currency.'),
            },
          },
        },
      },
    },
    404: unknownPortfolio,
    422: invalid,
  },
} as const;

// ─── GET /portfolios/{id}/allocation ────────────────────────────────────────────────────────────────────

export const ALLOCATION_DIMENSIONS = [
  'asset_class',
  'sector',
  'currency',
  'country_of_risk',
  'rating',
  'product_type',
  'maturity_bucket',
] as const;

const DIMENSION = ALLOCATION_DIMENSIONS.join('|');

const groupsSchema = {
  type: 'array',
  items: {
    type: 'object',
    required: ['key', 'market_value', 'weight'],
    properties: {
      key: text("Group (the attribute's value; UNCLASSIFIED when missing)."),
      market_value: num('Σ market value, base.'),
      weight: num('market_value / Σ of the valued positions; 0 when that sum is not positive.'),
    },
  },
} as const;

export const allocationSchema = {
  tags: ['series'],
  summary: 'Allocation as of a date',
  description: `Per dimension (${ALLOCATION_DIMENSIONS.join(', ')}), the groups of the valued positions.`,
  params: portfolioOnly,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      as_of_date: dateParam('As-of date; default the latest business date'),
      dimensions: {
        type: 'string',
        // As the route reads it: comma-separated, blanks around and empty entries ignored, at least one known.
        pattern: `^(\\s*,)*\\s*(${DIMENSION})\\s*(,\\s*((${DIMENSION})\\s*)?)*$`,
        description: `Comma-separated dimensions (default all): ${ALLOCATION_DIMENSIONS.join(', ')}.`,
      },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['portfolio_id', 'as_of_date', 'total_market_value', 'dimensions', 'unvalued'],
      properties: {
        portfolio_id: text('Portfolio id.'),
        as_of_date: nullableIsoDate('The date.'),
        total_market_value: num('Σ market value of the valued positions, base.'),
        dimensions: {
          type: 'array',
          items: {
            type: 'object',
            required: ['dimension', 'groups'],
            properties: { dimension: text('Dimension.'), groups: groupsSchema },
          },
        },
        unvalued: {
          type: 'object',
          required: ['count', 'security_ids'],
          properties: {
            count: { type: 'integer' },
            security_ids: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
    404: unknownPortfolio,
    422: problemResponse('An unknown dimension (the message lists the allowed ones) or an invalid date.'),
  },
} as const;

// ─── GET /portfolios/{id}/summary ───────────────────────────────────────────────────────────────────────

export const summarySchema = {
  tags: ['series'],
  summary: 'Portfolio summary (wealth, allocation, P&L, income, activity)',
  description:
    "The original's legacy summary (seed-system.md §12.6) with its bugs fixed: withdrawals are not fees, " +
    'unvalued positions are not 0, realized P&L comes from the booked costs. Period: start_date (default ' +
    'January 1 of the as-of year) .. as_of_date (default the latest business date).',
  params: portfolioOnly,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      as_of_date: dateParam('As-of date; default the latest business date'),
      start_date: dateParam('Start of the period; default January 1 of the as-of year'),
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['portfolio_id', 'base_currency', 'as_of_date', 'start_date', 'wealth', 'allocation', 'pnl'],
      properties: {
        portfolio_id: text('Portfolio id.'),
        base_currency: text('Base currency.'),
        as_of_date: nullableIsoDate('End of the period.'),
        start_date: nullableIsoDate('Start of the period.'),
        wealth: {
          type: 'object',
          required: [
            'market_value',
            'cost_basis',
            'cash',
            'complete',
            'incomplete_reasons',
            'unvalued_positions',
          ],
          description: 'As GET /valuation: totals over the valued positions, the unvalued ones listed.',
          properties: {
            market_value: nullableNum('Σ market value of the valued positions, base.'),
            cost_basis: nullableNum('Σ cost basis of the valued positions, base.'),
            cash: nullableNum('Market value of cash instruments, base.'),
            complete: { type: 'boolean', description: 'incomplete_reasons is empty.' },
            incomplete_reasons: incompleteReasons,
            unvalued_positions: unvaluedPositions,
          },
        },
        allocation: { type: 'object', required: ['asset_class'], properties: { asset_class: groupsSchema } },
        pnl: {
          type: 'object',
          required: ['realized_gain_loss', 'unrealized_gain_loss'],
          properties: {
            realized_gain_loss: decimal('Σ realized P&L booked in the period, base.'),
            unrealized_gain_loss: nullableNum(
              'Unrealized P&L at the as-of date: wealth.market_value − wealth.cost_basis, base.',
            ),
          },
        },
        income: {
          type: 'object',
          required: ['income', 'fees'],
          properties: {
            income: decimal('Σ INCOME cashflows in the period, base.'),
            fees: num('Σ real fees in the period (portfolio daily series), base.'),
          },
        },
        activity: {
          type: 'array',
          items: {
            type: 'object',
            required: ['transaction_type', 'count', 'amount_base'],
            properties: {
              transaction_type: text('Transaction type.'),
              count: { type: 'integer' },
              amount_base: decimal('Σ booked cashflow amounts of these transactions, base.'),
            },
          },
        },
      },
    },
    404: unknownPortfolio,
    422: invalid,
  },
} as const;
