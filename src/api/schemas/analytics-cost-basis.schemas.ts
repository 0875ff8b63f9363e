import { MAX_DRY_RUN_TRANSACTIONS } from '../../domain/analytics/cost-basis-dry-run.ts';
import { COST_BASIS_METHODS } from '../../domain/records/types.ts';
import { decimal, isoDate, nullableDecimal, problemResponse } from './common.schemas.ts';

const numberOrText = (description: string) =>
  ({
    type: ['string', 'number'],
    description: `${description} A JSON number or, to keep every digit, a decimal string ("295.2").`,
  }) as const;

const transactionSchema = {
  type: 'object',
  description:
    "One transaction, in either of two shapes told apart by `transaction_type`. The reference vectors' shape: " +
    '`{date, type, quantity, price, fee?}` or `{date, type: "split", ratio_num, ratio_den?}`. The ingest shape ' +
    '(as POST /ingest/transactions takes it): `{transaction_date, transaction_type, quantity, price, ' +
    'trade_fee?, gross_transaction_amount?, trade_currency?}` or `{transaction_date, transaction_type: ' +
    '"SPLIT", split_ratio}`; other ingest fields are ignored. Errors name the field as the shape spells it, ' +
    "with `index` the transaction's position in the list.",
  properties: {
    date: isoDate('Vector shape: trade date (YYYY-MM-DD).'),
    type: {
      type: 'string',
      enum: ['buy', 'sell', 'split'],
      description: 'Vector shape: buy, sell or split.',
    },
    quantity: numberOrText('Shares bought or sold (> 0); not for a split.'),
    price: numberOrText('Price per share (≥ 0), in the one currency of the list; not for a split.'),
    fee: numberOrText('Vector shape: fee (≥ 0, default 0), capitalised on a buy, deducted from a sale.'),
    ratio_num: numberOrText('Vector shape, split: new shares (3 for a 3-for-2 split).'),
    ratio_den: numberOrText('Vector shape, split: old shares (2 for a 3-for-2 split; default 1).'),
    transaction_id: {
      type: 'string',
      description: 'Ingest shape, optional: breaks ties between transactions of one instant and phase.',
    },
    transaction_date: {
      type: 'string',
      description:
        'Ingest shape: a date (YYYY-MM-DD) or an ISO-8601 datetime, UTC when it has no offset, read as the ' +
        'ingest reads it; its UTC date is the position date, as in the engine.',
    },
    transaction_type: {
      type: 'string',
      description:
        'Ingest shape: BUY, SELL or SPLIT (the other ingest types do not move lots of a security).',
    },
    trade_fee: numberOrText('Ingest shape: fee (≥ 0, default 0), as `fee`.'),
    split_ratio: numberOrText('Ingest shape, SPLIT: new shares per old share ("1.5" for 3-for-2).'),
    gross_transaction_amount: numberOrText(
      'Ingest shape, optional: must equal quantity × price (the dry run costs a trade from those).',
    ),
    accrued_interest: numberOrText(
      'Ingest shape: must be absent or 0 (a dry run books no accrued interest).',
    ),
    trade_currency: {
      type: 'string',
      description: 'Ingest shape, optional: must be the same on every transaction (a dry run has no FX).',
    },
  },
} as const;

export const costBasisRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['method', 'transactions'],
  description: 'A list of buys, sells and splits of one security in one currency, and a cost basis method.',
  properties: {
    method: {
      type: 'string',
      enum: [...COST_BASIS_METHODS],
      description:
        'FIFO (earliest lot first), LIFO (latest first), HIFO (highest cost per share first, ties to the ' +
        'earliest) or AVCO (moving average: cost removed = quantity × pooled cost / pooled quantity).',
    },
    transactions: {
      type: 'array',
      maxItems: MAX_DRY_RUN_TRANSACTIONS,
      description:
        "A list in the vectors' shape runs in date order, list order within a date (list a same-day buy " +
        "before the sale it funds). A list all in the ingest shape runs in the position engine's replay " +
        'order: by instant (its UTC date is the position date), then BUY before SPLIT before SELL at one ' +
        'instant, then `transaction_id`, then list order.',
      items: transactionSchema,
    },
  },
} as const;

const lotPart = (description: string) =>
  ({
    type: 'object',
    description,
    required: ['acquisition_date', 'quantity', 'cost_basis'],
    properties: {
      acquisition_date: isoDate('Date the lot was bought.'),
      quantity: decimal("Shares, in today's units (scaled by every split since)."),
      cost_basis: decimal('Cost of those shares, fees included.'),
    },
  }) as const;

const conventionsSchema = {
  type: 'object',
  description: 'The conventions of the calculation (analytics-methodology §10).',
  required: ['method', 'fees', 'splits', 'hifo_tie_break', 'avco', 'order', 'rounding'],
  properties: {
    method: { type: 'string', enum: [...COST_BASIS_METHODS], description: 'The method used.' },
    fees: {
      type: 'string',
      enum: ['capitalised_on_buys_deducted_from_proceeds'],
      description: 'Lot cost = quantity × price + fee; net proceeds = quantity × price − fee.',
    },
    splits: {
      type: 'string',
      enum: ['lot_quantities_scaled_costs_and_dates_kept'],
      description: "A split multiplies every open lot's quantity by num/den; lot costs and dates stay.",
    },
    hifo_tie_break: {
      type: 'string',
      enum: ['earliest_acquired'],
      description: 'HIFO lots of equal cost per share go earliest acquired first.',
    },
    avco: {
      type: 'string',
      enum: ['moving_average_pool_restarts_after_liquidation'],
      description: 'AVCO is the moving average; after a full sale the pool starts again from zero.',
    },
    order: {
      type: 'string',
      enum: ['date_then_list_order', 'replay_order'],
      description:
        "`date_then_list_order`: date order, list order within a date (a list in the vectors' shape, or " +
        "mixed). `replay_order`: the position engine's order (a list all in the ingest shape): by instant, " +
        'then BUY before SPLIT before SELL at one instant, then transaction_id, then list order.',
    },
    rounding: {
      type: 'string',
      enum: ['exact_decimals_quotients_to_24_places'],
      description:
        'No rounding to cents: sums and products are exact; a quotient (pro-rata cost, average) is kept to 24 ' +
        'decimal places.',
    },
  },
} as const;

const costBasisResponse = {
  type: 'object',
  description: 'Amounts are exact decimal strings in the currency of the transactions.',
  required: [
    'disposals',
    'realized_gain_loss',
    'remaining_quantity',
    'remaining_cost_basis',
    'average_cost_per_share',
    'lots',
    'total_buy_cost',
    'total_net_proceeds',
    'conventions',
  ],
  properties: {
    disposals: {
      type: 'array',
      description: 'One entry per sale, in processing order.',
      items: {
        type: 'object',
        required: ['date', 'quantity', 'proceeds', 'cost_basis_removed', 'realized_gain_loss', 'lots'],
        properties: {
          date: isoDate('Sale date.'),
          quantity: decimal('Shares sold.'),
          proceeds: decimal('Net proceeds: quantity × price − fee.'),
          cost_basis_removed: decimal('Cost of the shares sold under the method.'),
          realized_gain_loss: decimal('proceeds − cost_basis_removed.'),
          lots: {
            type: 'array',
            description: 'The lots the sale consumed, in consumption order.',
            items: lotPart('Part of a lot sold.'),
          },
        },
      },
    },
    realized_gain_loss: decimal('Sum of the realized gains and losses of every sale.'),
    remaining_quantity: decimal('Shares still held.'),
    remaining_cost_basis: decimal('Cost of the shares still held.'),
    average_cost_per_share: nullableDecimal(
      'remaining_cost_basis / remaining_quantity (24 decimal places); null when nothing is held.',
    ),
    lots: {
      type: 'array',
      description:
        'Open lots in acquisition order. Under AVCO each lot carries its share of the pool at the pool average.',
      items: {
        type: 'object',
        required: ['acquisition_date', 'quantity', 'cost_basis', 'cost_per_share'],
        properties: {
          ...lotPart('').properties,
          cost_per_share: decimal('cost_basis / quantity (24 decimal places).'),
        },
      },
    },
    total_buy_cost: decimal('Sum of the buy costs (quantity × price + fee).'),
    total_net_proceeds: decimal('Sum of the net proceeds of every sale.'),
    conventions: conventionsSchema,
  },
} as const;

export const costBasisRouteSchema = {
  tags: ['analytics'],
  summary: 'Cost basis dry run: lots, disposals and realized P&L under a method',
  description:
    "Stateless: the position engine's own lot book runs the transactions without storing anything. " +
    'Amounts are exact decimal strings.',
  body: costBasisRequestSchema,
  response: {
    200: costBasisResponse,
    422: problemResponse(
      "Invalid transactions (VALIDATION_FAILED): `errors` gives each transaction's index and field, e.g. a " +
        'sale of more than is held, a negative price, an unknown type.',
    ),
  },
} as const;
