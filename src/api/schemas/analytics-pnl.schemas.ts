import { type Static, Type } from 'typebox';
import type { GainsBody, PnlBody } from '../../app/services/pnl.service.ts';
import { DEFAULT_REALIZED_GAINS_OPTIONS } from '../../domain/analytics/pnl/realized-gains.ts';
import {
  asOfDateSchema,
  periodAnswerHead,
  periodRequestWithoutBreakdownSchema,
  periodsWithoutBreakdownSchema,
  resolvedPeriodProperties,
} from './analytics-periods.schemas.ts';
import * as S from './common.schemas.ts';
import { pnlInReportingCurrencySchema, reportingCurrencyParam } from './reporting-currency.schemas.ts';
import { accepts } from './same-type.ts';

/**
 * POST /portfolios/{id}/pnl and /pnl/realized-gains. Booked amounts (flows, realized P&L, income, fees, taxes,
 * the report's costs and proceeds) are exact decimal strings; valuations (values, unrealized change, total P&L,
 * currency effect, residual) are float64 JSON numbers, null with a reason in `null_reasons` when the daily
 * series cannot give them.
 */

const FLOAT = 'A float64 JSON number (a valuation). null when it cannot be computed: null_reasons says why.';
const valued = (description: string) => S.nullable(Type.Number({ description: `${description} ${FLOAT}` }));
const booked = (description: string) => S.decimal(`${description} Booked, base currency.`);

const VALUED_FIGURES = {
  start_value: valued('Market value at the end of the day before start_date (0 before the first activity).'),
  end_value: valued('Market value at the end of end_date.'),
  total_pnl: valued('end_value − start_value − net_flows.'),
  unrealized_gain_loss_change: valued(
    'Unrealized P&L (market value − cost basis) at the end of end_date minus at the end of the day before ' +
      'start_date; a position not held counts 0.',
  ),
  currency_effect: valued(
    "The part of total_pnl due to FX moves: Σ over the days of the period and the positions of (the day's " +
      "P&L in base − its P&L in the instrument currency × the day's FX rate) — the FX move on the value held " +
      "overnight, plus any difference between the rate a flow was booked at and the day's rate. 0 for " +
      'positions in the base currency.',
  ),
  price_effect: valued(
    "total_pnl − currency_effect: the local-currency price effect, valued at each day's rate.",
  ),
  residual: valued(
    'total_pnl − (realized + unrealized change + income − fees − taxes + other [+ internal_flow_imbalance]): ' +
      'where the float valuations and the exact bookings disagree. Float rounding only (|residual| ≤ 1e-6 of ' +
      'the values); anything larger would be a defect.',
  ),
} as const;
const VALUED_NAMES = Object.keys(VALUED_FIGURES) as (keyof typeof VALUED_FIGURES)[];

const nullReasons = S.closed(
  Object.fromEntries(VALUED_NAMES.map((n) => [n, Type.Optional(S.text(`Why ${n} is null.`))])),
  { description: 'For each valued figure that is null, why (e.g. a position not valued on the end date).' },
);

const BOOKED_FIGURES = {
  realized_gain_loss: booked(
    'Realized P&L of the sales in the period (proceeds net of fees − cost of the lots sold).',
  ),
  realized_gain_loss_price: booked('Its price part: the local-currency gain at the sale-date rate.'),
  realized_gain_loss_fx: booked('Its FX part: cost in local currency × sale-date rate − cost in base.'),
  income: booked('Dividends and interest received, net of their own fees.'),
  fees: booked('FEE transactions, positive. Trade fees are not here: they are inside cost and proceeds.'),
  taxes: booked('TAX transactions, positive.'),
  other_gain_loss: booked(
    'Value that entered or left at other than book cost with no realized P&L booked: a transfer out of an ' +
      'appreciated holding, foreign cash withdrawn or spent at another rate than it was bought at, accrued ' +
      "interest in a bond's book cost. 0 for trades, income and base-currency cash.",
  ),
  trade_fees: booked(
    "For information, not a term of the identity: the trade fees of the period's transactions, already inside " +
      'their cost, proceeds, income or flow.',
  ),
} as const;

const positionItem = Type.Object({
  security_id: S.text('Security id.'),
  currency: S.nullable(
    Type.String({ description: 'Instrument currency (null when the instrument is unknown).' }),
  ),
  is_cash: Type.Boolean({ description: 'A cash instrument.' }),
  net_flows: booked(
    'Money into the position less money out of it: purchases, deposits, transfers in, fees and taxes paid ' +
      'through it (+); sale proceeds, income paid out to cash, withdrawals (−). FEE and TAX on cash are not ' +
      'flows but its P&L.',
  ),
  ...BOOKED_FIGURES,
  ...VALUED_FIGURES,
  total_pnl: valued('end_value − start_value − net_flows of the position.'),
  null_reasons: nullReasons,
});

const periodResult = Type.Object({
  ...resolvedPeriodProperties,
  net_flows: booked("contributions − withdrawals: money that crossed the portfolio's boundary."),
  contributions: booked('Deposits and transfers in.'),
  withdrawals: booked('Withdrawals and transfers out, positive.'),
  internal_flow_imbalance: booked(
    'Money moved between positions that does not net to 0 — a cash leg booked for another amount than its ' +
      'trade (rounding to the cent), or a trade booked without its cash leg. A term of total_pnl at the ' +
      'portfolio only.',
  ),
  ...BOOKED_FIGURES,
  ...VALUED_FIGURES,
  complete: Type.Boolean({
    description: "Every valued figure is known (no null in this period's result, positions included).",
  }),
  in_reporting_currency: Type.Optional(pnlInReportingCurrencySchema),
  null_reasons: nullReasons,
  by_position: Type.Optional(
    Type.Array(positionItem, {
      description:
        "Per position, the same decomposition: Σ positions' total_pnl + internal_flow_imbalance = the " +
        "portfolio's total_pnl. Absent when include_positions is false.",
    }),
  ),
});

const conventions = Type.Object(
  {
    valuation_point: S.text('END_OF_DAY: start_value is the EOD of the day before start_date.'),
    net_flows: S.text(
      'EXTERNAL_EXCLUDING_FEES_AND_TAXES: deposits, withdrawals, transfers; fees and taxes are P&L.',
    ),
    fees: S.text('FEE_TRANSACTIONS: trade fees are inside cost and proceeds (trade_fees, for information).'),
    currency_effect: S.text('DAILY_BASE_MINUS_LOCAL_AT_DAY_RATE (see currency_effect).'),
    identity: S.text('The identities the figures satisfy.'),
    booked_amounts: S.text('EXACT_DECIMAL_STRING.'),
    valuations: S.text('FLOAT64.'),
    residual_tolerance: Type.Optional(S.text('What the residual is expected to stay within.')),
  },
  { description: 'The conventions this answer used.' },
);

export const pnlSchema = {
  tags: ['analytics'],
  summary: 'P&L decomposition over periods',
  description:
    'For each period: start value, net external flows, realized and unrealized P&L, income, fees, taxes, ' +
    'other gains, currency effect and end value, so that end_value = start_value + net_flows + total_pnl and ' +
    'total_pnl = realized + unrealized change + income − fees − taxes + other + internal_flow_imbalance ' +
    '(+ a float residual ≈ 0). Per position too. docs/analytics/pnl.md.',
  params: S.portfolioParams,
  body: S.closed({
    as_of_date: Type.Optional(asOfDateSchema),
    reporting_currency: Type.Optional(reportingCurrencyParam),
    periods: periodsWithoutBreakdownSchema,
    include_positions: S.defaulted(
      Type.Boolean({ default: true, description: 'Include by_position (default true).' }),
    ),
  }),
  response: {
    200: Type.Object({
      portfolio_id: S.text('Portfolio id.'),
      base_currency: S.text('Base currency: every amount is in it but in_reporting_currency.'),
      reporting_currency: Type.Optional(
        S.text('The currency of each period’s in_reporting_currency (when ≠ base).'),
      ),
      as_of_date: S.isoDate('The as-of date used.'),
      conventions: conventions,
      periods: Type.Array(periodResult, { description: 'One result per requested period, in order.' }),
    }),
    404: S.portfolioNotFound,
    422: S.problemResponse('A bad period or as_of_date (VALIDATION_FAILED); `errors` names each field.'),
  },
} as const;

// ─── Realized gains ─────────────────────────────────────────────────────────────────────────────────────

const gainTotals = {
  proceeds: booked('Σ net proceeds.'),
  cost: booked('Σ cost of the lots sold.'),
  gain: booked('Σ gain (proceeds − cost); equals the realized P&L booked for these sales.'),
  short_term_gain: booked('Σ gain of lots held up to long_term_after_days.'),
  long_term_gain: booked('Σ gain of lots held longer.'),
  disposal_count: Type.Integer({ description: 'Lots sold (one sale consuming three lots counts 3).' }),
};

const lotGain = Type.Object({
  disposal_date: S.isoDate('Date of the sale.'),
  transaction_id: S.text('The SELL.'),
  security_id: S.text('Security id.'),
  lot_id: S.text('The lot consumed.'),
  acquisition_date: S.isoDate('Date the lot was acquired.'),
  quantity: S.decimal('Quantity of the lot sold.'),
  cost: booked("Cost of that quantity (the lot's book cost, pro rata)."),
  proceeds: booked(
    "The sale's net proceeds (gross − fee, at the sale's rate) split over its lots by quantity; the lots' " +
      "parts add up to the sale's proceeds exactly.",
  ),
  gain: booked('proceeds − cost.'),
  holding_period_days: Type.Integer({ description: 'Calendar days from acquisition_date to disposal_date.' }),
  term: S.stringEnum(['SHORT', 'LONG'] as const, {
    description: 'LONG when holding_period_days > long_term_after_days.',
  }),
});

export const realizedGainsSchema = {
  tags: ['analytics'],
  summary: 'Realized gains per tax year and lot',
  description:
    'Every lot consumed by a SELL in the period, with acquisition date, cost, proceeds, gain, holding period and ' +
    'term, grouped by tax year (every tax year overlapping the period, empty ones too). Cash instruments are ' +
    'left out unless include_cash. docs/analytics/pnl.md.',
  params: S.portfolioParams,
  body: S.closed({
    as_of_date: Type.Optional(asOfDateSchema),
    period: Type.Optional(
      S.withOptions(periodRequestWithoutBreakdownSchema, {
        description: 'The period; default SI (since inception).',
      }),
    ),
    tax_year_start: S.defaulted(
      Type.String({
        pattern:
          '^((0[13578]|1[02])-(0[1-9]|[12]\\d|3[01])|(0[469]|11)-(0[1-9]|[12]\\d|30)|02-(0[1-9]|1\\d|2[0-8]))$',
        default: DEFAULT_REALIZED_GAINS_OPTIONS.taxYearStart,
        description: 'First day of the tax year, MM-DD (default 01-01, calendar years; 04-06 for the UK).',
      }),
    ),
    long_term_after_days: S.defaulted(
      Type.Integer({
        minimum: 0,
        default: DEFAULT_REALIZED_GAINS_OPTIONS.longTermAfterDays,
        description: 'A lot held more than this many days is LONG term (default 365).',
      }),
    ),
    include_cash: S.defaulted(
      Type.Boolean({
        default: false,
        description: 'Include sales of cash instruments (their FX gains); default false.',
      }),
    ),
  }),
  response: {
    200: Type.Object({
      ...periodAnswerHead,
      conventions: Type.Object(
        {
          tax_year_start: S.text('MM-DD.'),
          long_term_after_days: Type.Integer({ description: 'Threshold of LONG term, days.' }),
          proceeds_allocation: S.text('PRO_RATA_BY_QUANTITY.'),
          include_cash: Type.Boolean({ description: 'Cash instruments included.' }),
          booked_amounts: S.text('EXACT_DECIMAL_STRING.'),
        },
        { description: 'The conventions this report used.' },
      ),
      totals: Type.Object(gainTotals, { description: 'Totals over the whole period.' }),
      tax_years: Type.Array(
        Type.Object({
          tax_year: S.text('The tax year: "2024", or "2024/2025" when it does not start on 01-01.'),
          start_date: S.isoDate('First day of the tax year.'),
          end_date: S.isoDate('Last day of the tax year.'),
          ...gainTotals,
          disposals: Type.Array(lotGain, { description: 'The lots sold, by date.' }),
        }),
        { description: 'Every tax year overlapping the period, in order, with its totals and lots sold.' },
      ),
    }),
    404: S.portfolioNotFound,
    422: S.problemResponse('A bad period, tax_year_start or as_of_date (VALIDATION_FAILED).'),
  },
} as const;

// What the validator lets through is what the service takes.
accepts<Static<typeof pnlSchema.body>, PnlBody>();
accepts<Static<typeof realizedGainsSchema.body>, GainsBody>();
