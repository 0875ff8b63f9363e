import { Type } from 'typebox';
import type { CashflowClassification } from '../../domain/positions/types.ts';
import { TRANSACTION_SORT_FIELDS } from '../../store/queries/transactions.queries.ts';
import * as S from './common.schemas.ts';

/** Every classification a cashflow takes; a Record, so a classification the engine adds must be named here. */
const CLASSIFIED: Record<CashflowClassification, true> = {
  INVESTMENT_OUTFLOW: true,
  INVESTMENT_INFLOW: true,
  INCOME: true,
  EXPENSE: true,
  TRANSFER: true,
  CASHFLOW_IN: true,
  CASHFLOW_OUT: true,
  CORPORATE_ACTION: true,
};
export const CASHFLOW_CLASSIFICATIONS = Object.keys(CLASSIFIED) as CashflowClassification[];

const notYetComputed = (description: string) =>
  S.nullableDecimal(
    `${description} Null until the position engine has applied the transaction, and while its key is ` +
      'blocked at or before it.',
  );

const cashflowSchema = S.nullable(
  Type.Object(
    {
      amount: S.decimal('Signed amount: + into the position or portfolio, − out of it, in `currency`.'),
      currency: S.text('Cashflow currency (the transaction currency).'),
      classification: S.stringEnum(CASHFLOW_CLASSIFICATIONS, { description: 'Cashflow classification.' }),
      timing: S.stringEnum(['BOD', 'EOD'] as const, { description: 'Beginning or end of day.' }),
      is_position_flow: Type.Boolean({ description: "Counts in the security's own time series." }),
      is_portfolio_flow: Type.Boolean({ description: 'An external flow of the portfolio (TWR/MWR).' }),
      calculation_type: S.text('How the amount was derived: NET (gross ± fee).'),
    },
    {
      description:
        'The cashflow the transaction causes; null until the position engine has applied it (and for a SPLIT, ' +
        'which moves no cash).',
    },
  ),
);

export const transactionSchema = S.fact(
  'Transaction',
  'A transaction as ingested (current version), with the costs the position engine derives from it.',
  {
    transaction_id: S.text('Transaction id.'),
    transaction_date: S.instant('Trade date and time (UTC).'),
    transaction_type: S.text('Transaction type, e.g. BUY, SELL, DIVIDEND.'),
    instrument_id: S.text('Instrument id as booked.'),
    security_id: S.text('Security id.'),
    quantity: S.decimal('Quantity.'),
    price: S.decimal('Price per unit, in the trade currency.'),
    gross_transaction_amount: S.decimal('Gross amount, in the trade currency.'),
    trade_fee: S.decimal('Fee, in the trade currency.'),
    accrued_interest: S.nullableDecimal('Accrued interest paid (bond purchases), in the trade currency.'),
    split_ratio: S.nullableDecimal('SPLIT: new shares per old share.'),
    trade_currency: S.text('Trade currency, ISO 4217.'),
    currency: S.text('Instrument currency, ISO 4217.'),
    settlement_date: S.nullableIsoDate('Settlement date.'),
    net_cost: notYetComputed('Net cost in the portfolio base currency (fees capitalised on buys).'),
    gross_cost: notYetComputed('Gross cost in the portfolio base currency.'),
    realized_gain_loss: notYetComputed('Realized P&L in the base currency.'),
    net_cost_local: notYetComputed('Net cost in the instrument currency.'),
    realized_gain_loss_local: notYetComputed('Realized P&L in the instrument currency.'),
    realized_gain_loss_fx: notYetComputed('FX part of the base realized P&L.'),
    realized_gain_loss_price: notYetComputed('Price part of the base realized P&L.'),
    transaction_fx_rate: S.nullableDecimal(
      'Trade-date FX rate, trade currency → base currency: the one the engine applied (sent with the ' +
        'transaction, else the latest FX fact on or before the trade date, direct or inverse, else 1 for the ' +
        'base currency); before the engine has applied the transaction, the rate sent, if any.',
    ),
    economic_event_id: S.nullableText('Economic event the transaction belongs to.'),
    linked_transaction_group_id: S.nullableText(
      'Group of linked transactions (e.g. a trade and its cash leg).',
    ),
    calculation_policy_id: S.nullableText('Calculation policy id.'),
    calculation_policy_version: S.nullableText('Calculation policy version.'),
    source_system: S.nullableText('System that sent the transaction.'),
    cashflow: cashflowSchema,
  },
);

export const listTransactionsSchema = {
  tags: ['transactions'],
  summary: "A portfolio's transactions",
  description:
    "One page of the portfolio's transactions. Dates filter on the UTC calendar date of transaction_date. " +
    'Ties in the sort column are broken by transaction_id in the same direction, so pages never overlap. ' +
    'A transaction that arrived before its portfolio is listed; 404 only when nothing is known of the id.',
  params: S.portfolioParams,
  querystring: Type.Object({
    security_id: Type.Optional(S.text('Only this security.')),
    start_date: Type.Optional(S.dateParam('First transaction date')),
    end_date: Type.Optional(S.dateParam('Last transaction date')),
    ...S.pageParams(1000, 100),
    sort_by: S.defaulted(
      S.stringEnum(TRANSACTION_SORT_FIELDS, {
        default: 'transaction_date',
        description: 'Sort column (default transaction_date).',
      }),
    ),
    sort_order: S.defaulted(
      S.stringEnum(['asc', 'desc'] as const, { default: 'desc', description: 'Default desc.' }),
    ),
  }),
  response: {
    200: S.page(
      'transactions',
      { $ref: 'Transaction#' },
      'One page of transactions; total counts every match.',
      {
        portfolio_id: Type.String(),
      },
    ),
    404: S.portfolioIdNotFound,
    422: S.invalidQuery,
  },
} as const;
