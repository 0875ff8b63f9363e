import { Type } from 'typebox';
import { INSTRUMENT_ATTRIBUTES } from '../../domain/instrument-attributes.ts';
import * as S from './common.schemas.ts';
import { DataWarnings } from './data-warnings.schemas.ts';
import {
  conversionFields,
  reportingCurrencyParam,
  rowConversionFields,
} from './reporting-currency.schemas.ts';

/**
 * Valuations and daily series are float64 (design §2.5): market values, flows, prices, FX rates and P&L travel
 * as JSON numbers. Exact booked amounts (quantities and costs of position_history, realized P&L, cashflow
 * amounts) stay decimal strings.
 */
const FLOAT_NOTE = 'A float64 JSON number (valuations are not exact decimals).';
const num = (description: string) => Type.Number({ description: `${description} ${FLOAT_NOTE}` });
const nullableNum = (description: string) =>
  S.nullable(Type.Number({ description: `${description} ${FLOAT_NOTE} null when not valued (never 0).` }));

const incompleteReasons = Type.Array(Type.String(), {
  description:
    "Why the valuation is incomplete, each problem once, as '<REASON> <security_id>' ('MISSING_FX EUR/USD " +
    "SAP', 'NO_PRICE BOND', 'POSITION_BLOCKED X'), or NO_SERIES / NO_BUSINESS_DATE; empty when complete.",
});

const unvaluedPositions = Type.Array(
  Type.Object({
    security_id: S.text('Security id.'),
    cost_basis: num('Cost of the open lots, base.'),
    reason: S.text("Why it is not valued: 'NO_PRICE', 'MISSING_FX EUR/USD', 'NO_INSTRUMENT' …"),
  }),
  {
    description:
      'Positions held on the date without a base market value: in none of the totals (neither their value ' +
      'nor their cost), each with its reason.',
  },
);
const invalid = S.problemResponse('Invalid query parameters (VALIDATION_FAILED).');

const range = S.closed(S.dateRangeParams);
const rangeInCurrency = S.closed({
  ...S.dateRangeParams,
  reporting_currency: Type.Optional(reportingCurrencyParam),
});

const asOfQuery = S.closed({
  as_of_date: Type.Optional(S.dateParam('As-of date; default the latest business date')),
  reporting_currency: Type.Optional(reportingCurrencyParam),
});

export const VALUATION_STATUSES = ['CURRENT', 'STALE', 'UNVALUED'] as const;
const valuationStatus = S.stringEnum(VALUATION_STATUSES, {
  description:
    'CURRENT: priced on the day; STALE: the latest older price carried forward (price_date says which); ' +
    'UNVALUED: no price yet — market values are null, never 0.',
});

// ─── GET /portfolios/{id}/timeseries ────────────────────────────────────────────────────────────────────

export const portfolioSeriesSchema = {
  tags: ['series'],
  summary: 'Portfolio daily series',
  description:
    'One row per calendar day from the first activity to the latest business date, in base currency. ' +
    'complete = false names why (a position unvalued, FX missing, a key blocked).',
  params: S.portfolioParams,
  querystring: rangeInCurrency,
  response: {
    200: Type.Object({
      portfolio_id: S.text('Portfolio id.'),
      base_currency: S.text('Base currency, ISO 4217.'),
      reporting_currency: Type.Optional(
        S.text('The currency of the amounts, when reporting_currency ≠ base.'),
      ),
      data_warnings: Type.Optional(DataWarnings),
      rows: Type.Array(
        Type.Object({
          date: S.isoDate('Calendar day.'),
          bod_market_value: num('Market value at the beginning of the day (the previous EOD).'),
          eod_market_value: num('Market value at the end of the day: Σ of the positions valued in base.'),
          bod_cashflow: num('External (portfolio) flows at the beginning of the day.'),
          eod_cashflow: num('External (portfolio) flows at the end of the day.'),
          fees: num('Real fees only (FEE transactions and trade fees), positive.'),
          income: num('Income (dividends, interest) in base.'),
          complete: Type.Boolean({ description: 'Every position valued in base on the day.' }),
          incomplete_reason: S.nullableText('Why the day is incomplete (NO_PRICE, MISSING_FX …), else null.'),
          ...rowConversionFields,
        }),
      ),
    }),
    404: S.portfolioNotFound,
    422: invalid,
  },
} as const;

// ─── GET /portfolios/{id}/positions/{security_id}/timeseries ────────────────────────────────────────────

export const positionSeriesSchema = {
  tags: ['series'],
  summary: 'Position daily series',
  description: 'One row per calendar day the position exists; local = instrument currency, else base.',
  params: S.keyParams,
  querystring: range,
  response: {
    200: Type.Object({
      portfolio_id: S.text('Portfolio id.'),
      security_id: S.text('Security id.'),
      rows: Type.Array(
        Type.Object({
          date: S.isoDate('Calendar day.'),
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
          price_date: S.nullableIsoDate('Date of the price used.'),
          fx_rate: nullableNum('Instrument currency → base rate used (1 for the base currency).'),
          fx_date: S.nullableIsoDate(
            'Date of the FX quote used (the older leg when triangulated); null when none is needed or found.',
          ),
          incomplete_reason: Type.Optional(S.nullableText('Why the day is not valued in base, else null.')),
        }),
      ),
    }),
    404: S.problemResponse('The portfolio or the position is not known (NOT_FOUND).'),
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
  params: S.portfolioParams,
  querystring: asOfQuery,
  response: {
    200: Type.Object({
      data_warnings: Type.Optional(DataWarnings),
      portfolio_id: S.text('Portfolio id.'),
      base_currency: S.text('Base currency.'),
      ...conversionFields,
      as_of_date: S.nullableIsoDate('The date valued (null when there is no business date yet).'),
      market_value: nullableNum('Σ EOD market value of the valued positions, base.'),
      cost_basis: nullableNum('Σ cost basis of the valued positions, base.'),
      unrealized_gain_loss: nullableNum('market_value − cost_basis (the valued positions), base.'),
      cash: nullableNum('Market value of cash instruments, base.'),
      complete: Type.Boolean({
        description: 'Every position valued in base and no key blocked (incomplete_reasons empty).',
      }),
      incomplete_reasons: incompleteReasons,
      unvalued_positions: unvaluedPositions,
      by_currency: Type.Array(
        Type.Object({
          currency: S.text('Instrument currency.'),
          market_value: num('Σ market value, base.'),
          market_value_local: num('Σ market value, that currency.'),
        }),
      ),
    }),
    404: S.portfolioNotFound,
    422: invalid,
  },
} as const;

// ─── GET /portfolios/{id}/allocation ────────────────────────────────────────────────────────────────────

export const ALLOCATION_DIMENSIONS = [...INSTRUMENT_ATTRIBUTES, 'maturity_bucket'] as const;

const DIMENSION = ALLOCATION_DIMENSIONS.join('|');

const groupsSchema = Type.Array(
  Type.Object({
    key: S.text("Group (the attribute's value; UNCLASSIFIED when missing)."),
    market_value: num('Σ market value, base.'),
    weight: num('market_value / Σ of the valued positions; 0 when that sum is not positive.'),
  }),
);

export const allocationSchema = {
  tags: ['series'],
  summary: 'Allocation as of a date',
  description: `Per dimension (${ALLOCATION_DIMENSIONS.join(', ')}), the groups of the valued positions.`,
  params: S.portfolioParams,
  querystring: S.partialObject(
    {
      as_of_date: S.dateParam('As-of date; default the latest business date'),
      reporting_currency: reportingCurrencyParam,
      dimensions: Type.String({
        pattern: `^(\\s*,)*\\s*(${DIMENSION})\\s*(,\\s*((${DIMENSION})\\s*)?)*$`,
        description: `Comma-separated dimensions (default all): ${ALLOCATION_DIMENSIONS.join(', ')}.`,
      }),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      portfolio_id: S.text('Portfolio id.'),
      ...conversionFields,
      as_of_date: S.nullableIsoDate('The date.'),
      total_market_value: num('Σ market value of the valued positions, base.'),
      dimensions: Type.Array(Type.Object({ dimension: S.text('Dimension.'), groups: groupsSchema })),
      unvalued: Type.Object({ count: Type.Integer(), security_ids: Type.Array(Type.String()) }),
    }),
    404: S.portfolioNotFound,
    422: S.problemResponse('An unknown dimension (the message lists the allowed ones) or an invalid date.'),
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
  params: S.portfolioParams,
  querystring: S.partialObject(
    {
      as_of_date: S.dateParam('As-of date; default the latest business date'),
      start_date: S.dateParam('Start of the period; default January 1 of the as-of year'),
    },
    { additionalProperties: false },
  ),
  response: {
    200: Type.Object({
      portfolio_id: S.text('Portfolio id.'),
      base_currency: S.text('Base currency.'),
      as_of_date: S.nullableIsoDate('End of the period.'),
      start_date: S.nullableIsoDate('Start of the period.'),
      wealth: Type.Object(
        {
          market_value: nullableNum('Σ market value of the valued positions, base.'),
          cost_basis: nullableNum('Σ cost basis of the valued positions, base.'),
          cash: nullableNum('Market value of cash instruments, base.'),
          complete: Type.Boolean({ description: 'incomplete_reasons is empty.' }),
          incomplete_reasons: incompleteReasons,
          unvalued_positions: unvaluedPositions,
        },
        { description: 'As GET /valuation: totals over the valued positions, the unvalued ones listed.' },
      ),
      allocation: Type.Object({ asset_class: groupsSchema }),
      pnl: Type.Object({
        realized_gain_loss: S.decimal('Σ realized P&L booked in the period, base.'),
        unrealized_gain_loss: nullableNum(
          'Unrealized P&L at the as-of date: wealth.market_value − wealth.cost_basis, base.',
        ),
      }),
      income: Type.Optional(
        Type.Object({
          income: S.decimal('Σ INCOME cashflows in the period, base.'),
          fees: num('Σ real fees in the period (portfolio daily series), base.'),
        }),
      ),
      activity: Type.Optional(
        Type.Array(
          Type.Object({
            transaction_type: S.text('Transaction type.'),
            count: Type.Integer(),
            amount_base: S.decimal('Σ booked cashflow amounts of these transactions, base.'),
          }),
        ),
      ),
    }),
    404: S.portfolioNotFound,
    422: invalid,
  },
} as const;
