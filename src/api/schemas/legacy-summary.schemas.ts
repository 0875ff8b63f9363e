import { Type } from 'typebox';
import { PERIOD_TYPES } from '../../domain/analytics/periods.ts';
import { closed, portfolioNotFound, portfolioParams } from './common.schemas.ts';
import { day, invalidRequest, nullable, oneOf } from './seed-routes.schemas.ts';

/**
 * POST /portfolios/{id}/summary: the original's legacy summary contract (seed-system.md §12.6), request and
 * response field for field, so its clients keep working beside today's GET.
 */

export const SUMMARY_SECTIONS = ['WEALTH', 'ALLOCATION', 'PNL', 'INCOME', 'ACTIVITY'] as const;
export const SUMMARY_DIMENSIONS = [
  'ASSET_CLASS',
  'CURRENCY',
  'SECTOR',
  'COUNTRY_OF_RISK',
  'MATURITY_BUCKET',
  'RATING',
] as const;

const money = (description: string) => Type.Number({ description: `${description} Base currency.` });
const nullableMoney = (description: string) =>
  nullable(Type.Number(), `${description} Base currency; null: see incomplete_reasons.`);

const legacySummaryBody = closed({
  as_of_date: Type.Optional(
    day('Point-in-time date of wealth and allocation; default the latest business date'),
  ),
  period: closed(
    {
      type: oneOf(PERIOD_TYPES, 'The period type (docs/analytics/periods.md).'),
      name: Type.Optional(Type.String({ minLength: 1 })),
      year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2199, description: 'YEAR only.' })),
      from_date: Type.Optional(day("EXPLICIT: first day (the original's name; alias from, start_date)")),
      to_date: Type.Optional(day('EXPLICIT: last day (alias to, end_date)')),
      from: Type.Optional(day('Alias of from_date')),
      to: Type.Optional(day('Alias of to_date')),
      start_date: Type.Optional(day('Alias of from_date')),
      end_date: Type.Optional(day('Alias of to_date')),
    },
    { description: 'The period of P&L, income and activity.' },
  ),
  sections: Type.Array(oneOf(SUMMARY_SECTIONS, 'A section.'), {
    minItems: 1,
    description: 'The sections to compute; each answer key appears only when its section is asked for.',
  }),
  allocation_dimensions: Type.Optional(
    Type.Array(oneOf(SUMMARY_DIMENSIONS, 'An allocation dimension.'), {
      description: 'With ALLOCATION: the breakdowns (default ASSET_CLASS).',
    }),
  ),
});

const group = closed({
  group: Type.String({ description: 'The group; a missing attribute is "Unclassified".' }),
  market_value: money('Σ market value of the group.'),
  weight: Type.Number({
    description: 'market_value / total_market_value as a decimal (0 when the total ≤ 0), unrounded.',
  }),
});

const legacySummaryResponse = closed({
  scope: Type.Object({
    portfolio_id: Type.String(),
    as_of_date: Type.String({ format: 'date' }),
    period_start_date: Type.String({ format: 'date' }),
    period_end_date: Type.String({ format: 'date' }),
  }),
  complete: Type.Boolean({
    description: 'Every position valued on the as-of date and on the day before the period (P&L).',
  }),
  incomplete_reasons: Type.Array(Type.String(), {
    description: 'Why not, each once (e.g. "NO_PRICE XYZ", "NO_SERIES").',
  }),
  wealth: Type.Optional(
    Type.Object({
      total_market_value: nullableMoney('Σ market value of the positions held on the as-of date.'),
      total_cash: nullableMoney('Σ market value of the cash instruments (product type or asset class Cash).'),
    }),
  ),
  allocation: Type.Optional(
    Type.Object({
      byAssetClass: Type.Optional(Type.Array(group)),
      byCurrency: Type.Optional(Type.Array(group)),
      bySector: Type.Optional(Type.Array(group)),
      byCountryOfRisk: Type.Optional(Type.Array(group)),
      byMaturityBucket: Type.Optional(Type.Array(group)),
      byRating: Type.Optional(Type.Array(group)),
    }),
  ),
  pnlSummary: Type.Optional(
    Type.Object({
      net_new_money: money('Deposits + withdrawals + transfers in + transfers out of the period.'),
      realized_pnl: money('Σ realized P&L booked in the period.'),
      unrealized_pnl_change: nullableMoney('Unrealized P&L on the period end − on the day before its start.'),
      total_pnl: nullableMoney('realized_pnl + unrealized_pnl_change.'),
    }),
  ),
  incomeSummary: Type.Optional(
    Type.Object({
      total_dividends: money('Σ income cashflows other than INTEREST.'),
      total_interest: money('Σ INTEREST cashflows.'),
    }),
  ),
  activitySummary: Type.Optional(
    Type.Object({
      total_deposits: money('Σ CASHFLOW_IN (positive).'),
      total_withdrawals: money('Σ CASHFLOW_OUT (negative).'),
      total_transfers_in: money('Σ positive TRANSFER cashflows.'),
      total_transfers_out: money('Σ negative TRANSFER cashflows (negative).'),
      total_fees: money('Σ EXPENSE cashflows, fees and taxes (negative).'),
    }),
  ),
});

export const legacySummarySchema = {
  tags: ['series'],
  summary: "Portfolio summary in the original's request and response shape (sections selectable)",
  description:
    "The original's `POST /portfolios/{id}/summary` (seed-system.md §12.6): the same request (as_of_date, " +
    'period, sections, allocation_dimensions) and the same answer keys (`wealth`, `allocation.byAssetClass`…, ' +
    '`pnlSummary`, `incomeSummary`, `activitySummary`), with its bugs fixed: negative (overdrawn) cash counts, ' +
    'unvalued positions are null rather than 0 (with `complete`/`incomplete_reasons`), every epoch of the ' +
    'cashflows counts. Amounts are JSON numbers in the base currency, as in the original. See docs/api.md.',
  params: portfolioParams,
  body: legacySummaryBody,
  response: {
    200: legacySummaryResponse,
    404: portfolioNotFound,
    422: invalidRequest,
  },
};
