import { Type } from 'typebox';

/**
 * Reporting currency (issue 14): the query parameter / scope field and what an answer in another currency
 * than the base one says about its conversion. Spread into the schemas of valuation, allocation, timeseries,
 * performance and P&L; absent (or the base currency) the answers are today's, field for field.
 */

const CONVERSION_NOTE =
  'Base → reporting at the latest quote on or before the date: direct, inverse (1 / the reverse quote) or ' +
  'triangulated through the pivot currency (PAS_FX_PIVOT), as the valuation converts.';

export const reportingCurrencyParam = Type.String({
  pattern: '^[A-Za-z]{3}$',
  description:
    'Currency to report in, ISO 4217 (upper-cased); default and equal to the base currency: the answer in ' +
    `base, unchanged. Otherwise every amount is converted at the day's rate. ${CONVERSION_NOTE}`,
  examples: ['USD'],
});

const route = Type.Union([
  Type.Literal('SAME'),
  Type.Literal('DIRECT'),
  Type.Literal('INVERSE'),
  Type.Literal('TRIANGULATED'),
]);
const nullableNumber = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });
const nullableDate = (description: string) =>
  Type.Union([Type.String({ format: 'date' }), Type.Null()], { description });

/** The fields of an answer converted on one date (present only when reporting_currency ≠ base). */
export const conversionFields = {
  reporting_currency: Type.Optional(
    Type.String({ description: 'The currency of every amount of the answer.' }),
  ),
  fx_rate: Type.Optional(
    nullableNumber(
      `1 base = fx_rate reporting on the as-of date; null when no rate is known. ${CONVERSION_NOTE}`,
    ),
  ),
  fx_date: Type.Optional(nullableDate('The date of the quote used (the older leg when triangulated).')),
  fx_route: Type.Optional(Type.Union([route, Type.Null()], { description: 'How the rate was found.' })),
  fx_missing_reason: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: 'Why nothing is converted (no rate base → reporting on or before the date), else null.',
    }),
  ),
};

/** The fields of a converted daily row (present only when reporting_currency ≠ base). */
export const rowConversionFields = {
  fx_rate: Type.Optional(
    nullableNumber(
      '1 base = fx_rate reporting at the close; null: the day is not converted (incomplete_reason says why).',
    ),
  ),
  fx_date: Type.Optional(nullableDate('The date of the quote used (the older leg when triangulated).')),
  fx_route: Type.Optional(Type.Union([route, Type.Null()], { description: 'How the rate was found.' })),
};

/** A period's FX effect: (1 + reporting_currency_return) = (1 + base_currency_return) × (1 + fx_effect). */
export const fxEffectSchema = Type.Object(
  {
    base_currency_return: nullableNumber('The cumulative return in the base currency.'),
    reporting_currency_return: nullableNumber(
      'The cumulative return in the reporting currency (= cumulative_return).',
    ),
    fx_effect: nullableNumber(
      'The currency contribution: (1 + reporting_currency_return) / (1 + base_currency_return) − 1; null when either return is.',
    ),
    null_reason: Type.Union([Type.String(), Type.Null()], {
      description: 'Why fx_effect is null, else null.',
    }),
  },
  {
    description:
      'Present only when reporting_currency ≠ base: the return with and without the currency move.',
  },
);

const pnlFigure = (description: string) =>
  nullableNumber(
    `${description} Reporting currency; null when a day of the period is not converted or not wholly valued (null_reasons).`,
  );

/** A period's P&L in the reporting currency (POST /pnl with reporting_currency ≠ base). */
export const pnlInReportingCurrencySchema = Type.Object(
  {
    start_value: pnlFigure('The close before start_date at that day’s rate.'),
    end_value: pnlFigure('The close of end_date at that day’s rate.'),
    net_flows: pnlFigure('Σ external flows, each at its day’s rate.'),
    income: pnlFigure('Σ income, each at its day’s rate.'),
    fees: pnlFigure('Σ fees, each at its day’s rate.'),
    total_pnl: pnlFigure('end_value − start_value − net_flows.'),
    pnl_at_day_rates: pnlFigure('Σ of each day’s base P&L at that day’s rate.'),
    fx_translation_effect: pnlFigure(
      'The currency effect: Σ of each day’s opening value × the move of the rate since the previous close; total_pnl = pnl_at_day_rates + fx_translation_effect.',
    ),
    null_reasons: Type.Record(Type.String(), Type.String(), { description: 'For each null figure, why.' }),
  },
  {
    description:
      'Present only when reporting_currency ≠ base: the period in that currency and its FX effect.',
  },
);
