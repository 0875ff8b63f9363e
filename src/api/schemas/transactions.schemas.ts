import { TRANSACTION_SORT_FIELDS } from '../../store/queries/transactions.queries.ts';
import {
  dateParam,
  decimal,
  instant,
  invalidQuery,
  limitParam,
  nullableDecimal,
  nullableIsoDate,
  nullableText,
  problemResponse,
  skipParam,
  text,
} from './common.schemas.ts';
import { portfolioParams } from './portfolios.schemas.ts';

const notYetComputed = (description: string) =>
  nullableDecimal(`${description} null until the position engine has computed it.`);

const cashflowSchema = {
  type: ['object', 'null'],
  description: 'The cashflow the transaction causes; null until the position engine has computed it.',
  properties: {
    amount: decimal('Cashflow amount.'),
    currency: text('Cashflow currency.'),
    classification: text('Cashflow classification.'),
    timing: { type: 'string', enum: ['BOD', 'EOD'] },
    is_position_flow: { type: 'boolean' },
    is_portfolio_flow: { type: 'boolean' },
    calculation_type: text('How the amount was derived.'),
  },
} as const;

export const transactionSchema = {
  $id: 'Transaction',
  type: 'object',
  description:
    'A transaction as ingested (current version), with the costs the position engine derives from it.',
  required: [
    'transaction_id',
    'transaction_date',
    'transaction_type',
    'instrument_id',
    'security_id',
    'quantity',
    'price',
    'gross_transaction_amount',
    'trade_fee',
    'trade_currency',
    'currency',
    'settlement_date',
    'net_cost',
    'gross_cost',
    'realized_gain_loss',
    'net_cost_local',
    'realized_gain_loss_local',
    'realized_gain_loss_fx',
    'realized_gain_loss_price',
    'transaction_fx_rate',
    'economic_event_id',
    'linked_transaction_group_id',
    'calculation_policy_id',
    'calculation_policy_version',
    'source_system',
    'cashflow',
    'version',
  ],
  properties: {
    transaction_id: text('Transaction id.'),
    transaction_date: instant('Trade date and time (UTC).'),
    transaction_type: text('Transaction type, e.g. BUY, SELL, DIVIDEND.'),
    instrument_id: text('Instrument id as booked.'),
    security_id: text('Security id.'),
    quantity: decimal('Quantity.'),
    price: decimal('Price per unit, in the trade currency.'),
    gross_transaction_amount: decimal('Gross amount, in the trade currency.'),
    trade_fee: decimal('Fee, in the trade currency.'),
    trade_currency: text('Trade currency, ISO 4217.'),
    currency: text('Instrument currency, ISO 4217.'),
    settlement_date: nullableIsoDate('Settlement date.'),
    net_cost: notYetComputed('Net cost in the portfolio base currency (fees capitalised on buys).'),
    gross_cost: notYetComputed('Gross cost in the portfolio base currency.'),
    realized_gain_loss: notYetComputed('Realized P&L in the base currency.'),
    net_cost_local: notYetComputed('Net cost in the instrument currency.'),
    realized_gain_loss_local: notYetComputed('Realized P&L in the instrument currency.'),
    realized_gain_loss_fx: notYetComputed('FX part of the base realized P&L.'),
    realized_gain_loss_price: notYetComputed('Price part of the base realized P&L.'),
    transaction_fx_rate: nullableDecimal('Trade-date FX rate to the base currency, when sent.'),
    economic_event_id: nullableText('Economic event the transaction belongs to.'),
    linked_transaction_group_id: nullableText(
      'Group of linked transactions (e.g. a trade and its cash leg).',
    ),
    calculation_policy_id: nullableText('Calculation policy id.'),
    calculation_policy_version: nullableText('Calculation policy version.'),
    source_system: nullableText('System that sent the transaction.'),
    cashflow: cashflowSchema,
    version: { type: 'integer', description: 'Fact version: 1, plus one per correction.' },
  },
} as const;

export const listTransactionsSchema = {
  tags: ['transactions'],
  summary: "A portfolio's transactions",
  description:
    "One page of the portfolio's transactions. Dates filter on the UTC calendar date of transaction_date. " +
    'Ties in the sort column are broken by transaction_id in the same direction, so pages never overlap. ' +
    'A transaction that arrived before its portfolio is listed; 404 only when nothing is known of the id.',
  params: portfolioParams,
  querystring: {
    type: 'object',
    properties: {
      security_id: text('Only this security.'),
      start_date: dateParam('First transaction date'),
      end_date: dateParam('Last transaction date'),
      skip: skipParam,
      limit: limitParam(1000, 100),
      sort_by: {
        type: 'string',
        enum: [...TRANSACTION_SORT_FIELDS],
        default: 'transaction_date',
        description: 'Sort column (default transaction_date).',
      },
      sort_order: { type: 'string', enum: ['asc', 'desc'], default: 'desc', description: 'Default desc.' },
    },
  },
  response: {
    200: {
      description: 'One page of transactions; total counts every match.',
      type: 'object',
      required: ['portfolio_id', 'total', 'skip', 'limit', 'transactions'],
      properties: {
        portfolio_id: { type: 'string' },
        total: { type: 'integer' },
        skip: { type: 'integer' },
        limit: { type: 'integer' },
        transactions: { type: 'array', items: { $ref: 'Transaction#' } },
      },
    },
    404: problemResponse('Neither a portfolio nor any transaction has this portfolio id (NOT_FOUND).'),
    422: invalidQuery,
  },
} as const;
