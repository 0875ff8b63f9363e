import { type Static, Type } from 'typebox';
import {
  type DryRunConventions,
  MAX_DRY_RUN_TRANSACTIONS,
} from '../../domain/analytics/cost-basis-dry-run.ts';
import { COST_BASIS_METHODS } from '../../domain/records/types.ts';
import * as S from './common.schemas.ts';
import { describes } from './same-type.ts';

const numberOrText = (description: string) =>
  Type.Unsafe<string | number>({
    type: ['string', 'number'],
    description: `${description} A JSON number or, to keep every digit, a decimal string ("295.2").`,
  });

const transactionSchema = S.partialObject(
  {
    date: S.isoDate('Vector shape: trade date (YYYY-MM-DD).'),
    type: S.stringEnum(['buy', 'sell', 'split'] as const, {
      description: 'Vector shape: buy, sell or split.',
    }),
    quantity: numberOrText('Shares bought or sold (> 0); not for a split.'),
    price: numberOrText('Price per share (≥ 0), in the one currency of the list; not for a split.'),
    fee: numberOrText('Vector shape: fee (≥ 0, default 0), capitalised on a buy, deducted from a sale.'),
    ratio_num: numberOrText('Vector shape, split: new shares (3 for a 3-for-2 split).'),
    ratio_den: numberOrText('Vector shape, split: old shares (2 for a 3-for-2 split; default 1).'),
    transaction_id: Type.String({
      description: 'Ingest shape, optional: breaks ties between transactions of one instant and phase.',
    }),
    transaction_date: Type.String({
      description:
        'Ingest shape: a date (YYYY-MM-DD) or an ISO-8601 datetime, UTC when it has no offset, read as the ' +
        'ingest reads it; its UTC date is the position date, as in the engine.',
    }),
    transaction_type: Type.String({
      description:
        'Ingest shape: BUY, SELL or SPLIT (the other ingest types do not move lots of a security).',
    }),
    trade_fee: numberOrText('Ingest shape: fee (≥ 0, default 0), as `fee`.'),
    split_ratio: numberOrText('Ingest shape, SPLIT: new shares per old share ("1.5" for 3-for-2).'),
    gross_transaction_amount: numberOrText(
      'Ingest shape, optional: must equal quantity × price (the dry run costs a trade from those).',
    ),
    accrued_interest: numberOrText(
      'Ingest shape: must be absent or 0 (a dry run books no accrued interest).',
    ),
    trade_currency: Type.String({
      description: 'Ingest shape, optional: must be the same on every transaction (a dry run has no FX).',
    }),
  },
  {
    description:
      "One transaction, in either of two shapes told apart by `transaction_type`. The reference vectors' shape: " +
      '`{date, type, quantity, price, fee?}` or `{date, type: "split", ratio_num, ratio_den?}`. The ingest shape ' +
      '(as POST /ingest/transactions takes it): `{transaction_date, transaction_type, quantity, price, ' +
      'trade_fee?, gross_transaction_amount?, trade_currency?}` or `{transaction_date, transaction_type: ' +
      '"SPLIT", split_ratio}`; other ingest fields are ignored. Errors name the field as the shape spells it, ' +
      "with `index` the transaction's position in the list.",
  },
);

export const costBasisRequestSchema = S.closed(
  {
    method: S.stringEnum(COST_BASIS_METHODS, {
      description:
        'FIFO (earliest lot first), LIFO (latest first), HIFO (highest cost per share first, ties to the ' +
        'earliest) or AVCO (moving average: cost removed = quantity × pooled cost / pooled quantity).',
    }),
    transactions: Type.Array(transactionSchema, {
      maxItems: MAX_DRY_RUN_TRANSACTIONS,
      description:
        "A list in the vectors' shape runs in date order, list order within a date (list a same-day buy " +
        "before the sale it funds). A list all in the ingest shape runs in the position engine's replay " +
        'order: by instant (its UTC date is the position date), then BUY before SPLIT before SELL at one ' +
        'instant, then `transaction_id`, then list order.',
    }),
  },
  {
    description: 'A list of buys, sells and splits of one security in one currency, and a cost basis method.',
  },
);

const lotProperties = {
  acquisition_date: S.isoDate('Date the lot was bought.'),
  quantity: S.decimal("Shares, in today's units (scaled by every split since)."),
  cost_basis: S.decimal('Cost of those shares, fees included.'),
};
const lotPart = (description: string) => Type.Object(lotProperties, { description });

const conventionsSchema = Type.Object(
  {
    method: S.stringEnum(COST_BASIS_METHODS, { description: 'The method used.' }),
    fees: S.stringEnum(['capitalised_on_buys_deducted_from_proceeds'] as const, {
      description: 'Lot cost = quantity × price + fee; net proceeds = quantity × price − fee.',
    }),
    splits: S.stringEnum(['lot_quantities_scaled_costs_and_dates_kept'] as const, {
      description: "A split multiplies every open lot's quantity by num/den; lot costs and dates stay.",
    }),
    hifo_tie_break: S.stringEnum(['earliest_acquired'] as const, {
      description: 'HIFO lots of equal cost per share go earliest acquired first.',
    }),
    avco: S.stringEnum(['moving_average_pool_restarts_after_liquidation'] as const, {
      description: 'AVCO is the moving average; after a full sale the pool starts again from zero.',
    }),
    order: S.stringEnum(['date_then_list_order', 'replay_order'] as const, {
      description:
        "`date_then_list_order`: date order, list order within a date (a list in the vectors' shape, or " +
        "mixed). `replay_order`: the position engine's order (a list all in the ingest shape): by instant, " +
        'then BUY before SPLIT before SELL at one instant, then transaction_id, then list order.',
    }),
    rounding: S.stringEnum(['exact_decimals_quotients_to_24_places'] as const, {
      description:
        'No rounding to cents: sums and products are exact; a quotient (pro-rata cost, average) is kept to 24 ' +
        'decimal places.',
    }),
  },
  { description: 'The conventions of the calculation (analytics-methodology §10).' },
);

const costBasisResponse = Type.Object(
  {
    disposals: Type.Array(
      Type.Object({
        date: S.isoDate('Sale date.'),
        quantity: S.decimal('Shares sold.'),
        proceeds: S.decimal('Net proceeds: quantity × price − fee.'),
        cost_basis_removed: S.decimal('Cost of the shares sold under the method.'),
        realized_gain_loss: S.decimal('proceeds − cost_basis_removed.'),
        lots: Type.Array(lotPart('Part of a lot sold.'), {
          description: 'The lots the sale consumed, in consumption order.',
        }),
      }),
      { description: 'One entry per sale, in processing order.' },
    ),
    realized_gain_loss: S.decimal('Sum of the realized gains and losses of every sale.'),
    remaining_quantity: S.decimal('Shares still held.'),
    remaining_cost_basis: S.decimal('Cost of the shares still held.'),
    average_cost_per_share: S.nullableDecimal(
      'remaining_cost_basis / remaining_quantity (24 decimal places); null when nothing is held.',
    ),
    lots: Type.Array(
      Type.Object({
        ...lotProperties,
        cost_per_share: S.decimal('cost_basis / quantity (24 decimal places).'),
      }),
      {
        description:
          'Open lots in acquisition order. Under AVCO each lot carries its share of the pool at the pool average.',
      },
    ),
    total_buy_cost: S.decimal('Sum of the buy costs (quantity × price + fee).'),
    total_net_proceeds: S.decimal('Sum of the net proceeds of every sale.'),
    conventions: conventionsSchema,
  },
  { description: 'Amounts are exact decimal strings in the currency of the transactions.' },
);

export const costBasisRouteSchema = {
  tags: ['analytics'],
  summary: 'Cost basis dry run: lots, disposals and realized P&L under a method',
  description:
    "Stateless: the position engine's own lot book runs the transactions without storing anything. " +
    'Amounts are exact decimal strings.',
  body: costBasisRequestSchema,
  response: {
    200: costBasisResponse,
    422: S.problemResponse(
      "Invalid transactions (VALIDATION_FAILED): `errors` gives each transaction's index and field, e.g. a " +
        'sale of more than is held, a negative price, an unknown type.',
    ),
  },
} as const;

// The dry run's conventions (costBasisDryRun) are echoed as they are.
describes<Static<(typeof costBasisResponse.properties)['conventions']>, DryRunConventions>();
