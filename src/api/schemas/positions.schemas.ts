import {
  dateParam,
  decimal,
  instant,
  invalidQuery,
  isoDate,
  nullableDecimal,
  nullableIsoDate,
  nullableText,
  problemResponse,
  text,
} from './common.schemas.ts';
import { CASHFLOW_CLASSIFICATIONS } from './transactions.schemas.ts';

const dateRange = {
  start_date: dateParam('First date'),
  end_date: dateParam('Last date'),
} as const;

const unknownPortfolio = problemResponse(
  'Neither a portfolio nor any transaction has this portfolio id (NOT_FOUND).',
);

const keyParams = {
  type: 'object',
  required: ['portfolio_id', 'security_id'],
  properties: { portfolio_id: text('Portfolio id.'), security_id: text('Security id.') },
} as const;

const portfolioOnly = {
  type: 'object',
  required: ['portfolio_id'],
  properties: { portfolio_id: text('Portfolio id.') },
} as const;

const KEY_STATUSES = ['CURRENT', 'REPROCESSING', 'BLOCKED'] as const;

export const keyStatus = {
  type: 'string',
  enum: [...KEY_STATUSES],
  description:
    'CURRENT: the derived data reflects every fact of the key. BLOCKED: the engine stopped at a transaction ' +
    '(see blocked_reason); rows before it are valid, later ones are absent until the fact that fixes it ' +
    'arrives. REPROCESSING: a rebuild is in flight (seen only when stages run in other processes; in one ' +
    'process a rebuild is a single transaction).',
} as const;

// ─── GET /portfolios/{id}/positions ────────────────────────────────────────────────────────────────────────

const nullableFloat = (description: string) =>
  ({
    type: ['number', 'null'],
    description: `${description} A float64 JSON number (valuations are not exact decimals); null when unvalued, never 0.`,
  }) as const;

export const listPositionsSchema = {
  tags: ['positions'],
  summary: 'Holdings as of a date, valued',
  description:
    'The last position_history row on or before the as-of date (default: the latest business date; with no ' +
    'business date yet, the latest row) of every key of the portfolio whose quantity is not 0, with instrument ' +
    'fields and the valuation of that day from the position daily series. Weight is by market value; by cost ' +
    'basis only when no position is valued.',
  params: portfolioOnly,
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: { as_of_date: dateParam('As-of date; default the latest business date') },
  },
  response: {
    200: {
      description: 'The holdings, by security_id.',
      type: 'object',
      required: ['portfolio_id', 'as_of_date', 'positions'],
      properties: {
        portfolio_id: { type: 'string' },
        as_of_date: nullableIsoDate('The as-of date used; null when there is no business date yet.'),
        positions: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'security_id',
              'quantity',
              'instrument_name',
              'position_date',
              'asset_class',
              'isin',
              'currency',
              'sector',
              'country_of_risk',
              'cost_basis',
              'cost_basis_local',
              'valuation',
              'valuation_status',
              'price_date',
              'price_age_days',
              'fx_rate',
              'fx_rate_date',
              'fx_rate_age_days',
              'incomplete_reason',
              'reprocessing_status',
              'held_since_date',
              'weight',
            ],
            properties: {
              security_id: text('Security id.'),
              quantity: decimal('Quantity held.'),
              instrument_name: text("Instrument name; 'N/A' while the instrument is not known."),
              position_date: isoDate('Date of the last transaction applied.'),
              asset_class: nullableText('Asset class.'),
              isin: nullableText('ISIN.'),
              currency: nullableText('Instrument currency, ISO 4217.'),
              sector: nullableText('Sector.'),
              country_of_risk: nullableText('Country of risk.'),
              cost_basis: decimal('Cost of the open lots, portfolio base currency.'),
              cost_basis_local: decimal('Cost of the open lots, trade currency.'),
              valuation: {
                type: ['object', 'null'],
                description: 'The valuation of the as-of day; null when the daily series has no row for it.',
                required: [
                  'market_price',
                  'market_value',
                  'unrealized_gain_loss',
                  'market_value_local',
                  'unrealized_gain_loss_local',
                ],
                properties: {
                  market_price: nullableFloat('Price used (carried forward when STALE).'),
                  market_value: nullableFloat('Market value, base currency.'),
                  unrealized_gain_loss: nullableFloat('Market value − cost basis, base.'),
                  market_value_local: nullableFloat('Market value, instrument currency.'),
                  unrealized_gain_loss_local: nullableFloat('Market value − cost basis, local.'),
                },
              },
              valuation_status: {
                type: ['string', 'null'],
                enum: ['CURRENT', 'STALE', 'UNVALUED', null],
                description:
                  'CURRENT, STALE (older price, see price_date) or UNVALUED (no market value in base: no ' +
                  'price, no usable FX to base, see incomplete_reason); null without a series row.',
              },
              price_date: nullableIsoDate('Date of the price used.'),
              price_age_days: {
                type: ['integer', 'null'],
                description: 'as_of_date − price_date in calendar days; null without a price.',
              },
              fx_rate: nullableFloat(
                'Instrument currency → base rate used; 1 for the base currency; null without a usable rate.',
              ),
              fx_rate_date: nullableIsoDate(
                'Date of the FX quote used (the older leg when triangulated); null when none is needed or found.',
              ),
              fx_rate_age_days: {
                type: ['integer', 'null'],
                description: 'as_of_date − fx_rate_date in calendar days; null without a dated rate.',
              },
              incomplete_reason: nullableText(
                "Why the position is not fully valued: 'NO_PRICE', 'MISSING_FX EUR/USD', 'POSITION_BLOCKED' …",
              ),
              reprocessing_status: keyStatus,
              held_since_date: isoDate('First date after the position last stood at 0 (or was opened).'),
              weight: {
                type: 'number',
                description:
                  'market_value / Σ market value of the holdings (unvalued count 0); when none is valued, ' +
                  'cost_basis / Σ cost basis. 0 when the sum is not positive. A float.',
              },
            },
          },
        },
      },
    },
    404: unknownPortfolio,
  },
} as const;

// ─── GET /portfolios/{id}/position-history ─────────────────────────────────────────────────────────────────

export const positionHistorySchema = {
  tags: ['positions'],
  summary: 'Position after each transaction of one security',
  description:
    'One row per applied transaction, in replay order (trade instant; at one instant acquisitions before ' +
    'disposals; then transaction id). Each row carries the epoch it was written under.',
  params: portfolioOnly,
  querystring: {
    type: 'object',
    required: ['security_id'],
    properties: { security_id: text('Security id.'), ...dateRange },
  },
  response: {
    200: {
      description: 'The rows, in replay order.',
      type: 'object',
      required: ['portfolio_id', 'security_id', 'positions'],
      properties: {
        portfolio_id: { type: 'string' },
        security_id: { type: 'string' },
        positions: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'position_date',
              'transaction_id',
              'quantity',
              'cost_basis',
              'cost_basis_local',
              'epoch',
            ],
            properties: {
              position_date: isoDate('UTC date of the transaction.'),
              transaction_id: text('The transaction applied.'),
              quantity: decimal('Quantity after it.'),
              cost_basis: decimal('Cost of the open lots after it, base currency.'),
              cost_basis_local: decimal('Cost of the open lots after it, trade currency.'),
              epoch: { type: 'integer', description: "The key's epoch when the row was written." },
            },
          },
        },
      },
    },
    404: unknownPortfolio,
    422: invalidQuery,
  },
} as const;

// ─── GET /portfolios/{id}/positions/{security_id}/lots ─────────────────────────────────────────────────────

export const listLotsSchema = {
  tags: ['positions'],
  summary: 'Lots of one security',
  description: 'Every lot the key opened, with what is still open, by acquisition date.',
  params: keyParams,
  response: {
    200: {
      description: 'The lots.',
      type: 'object',
      required: ['portfolio_id', 'security_id', 'lots'],
      properties: {
        portfolio_id: { type: 'string' },
        security_id: { type: 'string' },
        lots: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'lot_id',
              'source_transaction_id',
              'security_id',
              'acquisition_date',
              'original_quantity',
              'open_quantity',
              'lot_cost_local',
              'lot_cost_base',
              'open_cost_local',
              'open_cost_base',
              'accrued_interest_paid_local',
            ],
            properties: {
              lot_id: text('Lot id.'),
              source_transaction_id: text('The transaction that opened the lot.'),
              security_id: text('Security id.'),
              acquisition_date: isoDate('Acquisition date (kept through splits).'),
              original_quantity: decimal('Quantity acquired (scaled by later splits).'),
              open_quantity: decimal('Quantity still open.'),
              lot_cost_local: decimal('Cost of the whole lot, trade currency.'),
              lot_cost_base: decimal('Cost of the whole lot, base currency.'),
              open_cost_local: decimal('Cost of the open quantity, trade currency.'),
              open_cost_base: decimal('Cost of the open quantity, base currency.'),
              accrued_interest_paid_local: decimal('Accrued interest paid at purchase, trade currency.'),
            },
          },
        },
      },
    },
    404: unknownPortfolio,
  },
} as const;

// ─── GET /portfolios/{id}/positions/{security_id}/sell-disposals ───────────────────────────────────────────

export const listSellDisposalsSchema = {
  tags: ['positions'],
  summary: 'Sales of one security',
  description:
    'One row per SELL, its lots consumed summed. net_sell_proceeds = realized_gain_loss + disposal cost basis.',
  params: keyParams,
  response: {
    200: {
      description: 'The sales, by trade date.',
      type: 'object',
      required: ['portfolio_id', 'security_id', 'sell_disposals'],
      properties: {
        portfolio_id: { type: 'string' },
        security_id: { type: 'string' },
        sell_disposals: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'transaction_id',
              'transaction_date',
              'security_id',
              'quantity_disposed',
              'disposal_cost_basis_base',
              'disposal_cost_basis_local',
              'net_sell_proceeds_base',
              'net_sell_proceeds_local',
              'realized_gain_loss_base',
              'realized_gain_loss_local',
              'realized_gain_loss_fx',
              'realized_gain_loss_price',
            ],
            properties: {
              transaction_id: text('The SELL.'),
              transaction_date: instant('Trade date and time (UTC).'),
              security_id: text('Security id.'),
              quantity_disposed: decimal('Quantity sold.'),
              disposal_cost_basis_base: decimal('Cost of the lots consumed, base currency.'),
              disposal_cost_basis_local: decimal('Cost of the lots consumed, trade currency.'),
              net_sell_proceeds_base: nullableDecimal('Proceeds net of fees, base currency.'),
              net_sell_proceeds_local: nullableDecimal('Proceeds net of fees, trade currency.'),
              realized_gain_loss_base: nullableDecimal('Realized P&L, base currency.'),
              realized_gain_loss_local: nullableDecimal('Realized P&L, trade currency.'),
              realized_gain_loss_fx: nullableDecimal('FX part of the base realized P&L.'),
              realized_gain_loss_price: nullableDecimal('Price part of the base realized P&L.'),
            },
          },
        },
      },
    },
    404: unknownPortfolio,
  },
} as const;

// ─── GET /portfolios/{id}/transactions/{transaction_id}/cash-linkage ───────────────────────────────────────

export const cashLinkageSchema = {
  tags: ['positions'],
  summary: 'The cashflow of one transaction, with its linkage ids',
  params: {
    type: 'object',
    required: ['portfolio_id', 'transaction_id'],
    properties: { portfolio_id: text('Portfolio id.'), transaction_id: text('Transaction id.') },
  },
  response: {
    200: {
      description: 'The transaction and its cashflow; cashflow fields are null until derived.',
      type: 'object',
      required: [
        'portfolio_id',
        'transaction_id',
        'transaction_type',
        'economic_event_id',
        'linked_transaction_group_id',
        'cashflow_date',
        'cashflow_amount',
        'cashflow_currency',
        'cashflow_classification',
      ],
      properties: {
        portfolio_id: text('Portfolio id.'),
        transaction_id: text('Transaction id.'),
        transaction_type: text('Transaction type.'),
        economic_event_id: nullableText('Economic event the transaction belongs to.'),
        linked_transaction_group_id: nullableText('Group of linked transactions.'),
        cashflow_date: nullableIsoDate('Cashflow date.'),
        cashflow_amount: nullableDecimal('Signed cashflow amount, in cashflow_currency.'),
        cashflow_currency: nullableText('Cashflow currency.'),
        cashflow_classification: {
          type: ['string', 'null'],
          enum: [...CASHFLOW_CLASSIFICATIONS, null],
          description: 'Cashflow classification.',
        },
      },
    },
    404: problemResponse('The portfolio has no transaction with this id (NOT_FOUND).'),
  },
} as const;

// ─── GET /portfolios/{id}/cashflows ────────────────────────────────────────────────────────────────────────

export const listCashflowsSchema = {
  tags: ['positions'],
  summary: "A portfolio's cashflows",
  description: 'Cashflows by date, then transaction id; one per applied transaction that moves cash.',
  params: portfolioOnly,
  querystring: {
    type: 'object',
    properties: {
      ...dateRange,
      classification: {
        type: 'string',
        enum: [...CASHFLOW_CLASSIFICATIONS],
        description: 'Only this classification.',
      },
    },
  },
  response: {
    200: {
      description: 'The cashflows.',
      type: 'object',
      required: ['portfolio_id', 'cashflows'],
      properties: {
        portfolio_id: { type: 'string' },
        cashflows: {
          type: 'array',
          items: {
            type: 'object',
            required: [
              'transaction_id',
              'security_id',
              'cashflow_date',
              'amount',
              'currency',
              'amount_base',
              'classification',
              'timing',
              'is_position_flow',
              'is_portfolio_flow',
              'calculation_type',
              'epoch',
            ],
            properties: {
              transaction_id: text('The transaction.'),
              security_id: text('Security id.'),
              cashflow_date: isoDate('UTC date of the transaction.'),
              amount: decimal('Signed amount: + in, − out, in `currency`.'),
              currency: text('Cashflow currency.'),
              amount_base: decimal('The amount in the portfolio base currency, at the transaction rate.'),
              classification: { type: 'string', enum: [...CASHFLOW_CLASSIFICATIONS] },
              timing: { type: 'string', enum: ['BOD', 'EOD'] },
              is_position_flow: { type: 'boolean' },
              is_portfolio_flow: { type: 'boolean' },
              calculation_type: text('NET (gross ± fee).'),
              epoch: { type: 'integer', description: "The key's epoch when the row was written." },
            },
          },
        },
      },
    },
    404: unknownPortfolio,
    422: invalidQuery,
  },
} as const;
