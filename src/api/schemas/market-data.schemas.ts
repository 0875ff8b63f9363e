import { Type } from 'typebox';
import * as S from './common.schemas.ts';

export const listPricesSchema = {
  tags: ['market data'],
  summary: 'Market prices of one security',
  description: 'Prices in ascending date order; an empty list when there are none.',
  querystring: Type.Object({ security_id: S.text('Security id.'), ...S.dateRangeParams }),
  response: {
    200: Type.Object(
      {
        security_id: Type.String(),
        prices: Type.Array(
          Type.Object({
            price_date: S.isoDate('Price date.'),
            price: S.decimal('Price per unit.'),
            currency: S.text('Price currency, ISO 4217.'),
          }),
        ),
      },
      { description: 'The prices.' },
    ),
    422: S.invalidQuery,
  },
} as const;

export const listFxRatesSchema = {
  tags: ['market data'],
  summary: 'FX rates of one currency pair',
  description:
    'Rates of the directed pair (units of to_currency per unit of from_currency) in ascending date order.',
  querystring: Type.Object({
    from_currency: S.currencyParam('Currency converted from'),
    to_currency: S.currencyParam('Currency converted to'),
    ...S.dateRangeParams,
  }),
  response: {
    200: Type.Object(
      {
        from_currency: Type.String(),
        to_currency: Type.String(),
        rates: Type.Array(
          Type.Object({
            rate_date: S.isoDate('Rate date.'),
            rate: S.decimal('Units of to_currency per from_currency.'),
          }),
        ),
      },
      { description: 'The rates.' },
    ),
    422: S.invalidQuery,
  },
} as const;

export const listBusinessDatesSchema = {
  tags: ['market data'],
  summary: 'Business dates of a calendar',
  description:
    'Business dates in ascending order. latest_business_date is the latest date of the calendar whatever ' +
    'range was asked for (null when the calendar is empty).',
  querystring: Type.Object({
    calendar_code: S.defaulted(Type.String({ default: 'GLOBAL', description: 'Calendar (default GLOBAL).' })),
    ...S.dateRangeParams,
  }),
  response: {
    200: Type.Object(
      {
        calendar_code: Type.String(),
        business_dates: Type.Array(
          Type.Object({
            business_date: S.isoDate('Business date.'),
            market_code: S.nullableText('Market code.'),
            source_system: S.nullableText('System that sent the date.'),
            source_batch_id: S.nullableText('Batch that sent the date.'),
          }),
        ),
        latest_business_date: S.nullableIsoDate('Latest business date of the calendar.'),
      },
      { description: 'The business dates.' },
    ),
    422: S.invalidQuery,
  },
} as const;
