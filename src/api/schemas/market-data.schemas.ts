import {
  currencyParam,
  dateParam,
  decimal,
  invalidQuery,
  isoDate,
  nullableIsoDate,
  nullableText,
  text,
} from './common.schemas.ts';

const dateRange = {
  start_date: dateParam('First date'),
  end_date: dateParam('Last date'),
} as const;

export const listPricesSchema = {
  tags: ['market data'],
  summary: 'Market prices of one security',
  description: 'Prices in ascending date order; an empty list when there are none.',
  querystring: {
    type: 'object',
    required: ['security_id'],
    properties: { security_id: text('Security id.'), ...dateRange },
  },
  response: {
    200: {
      description: 'The prices.',
      type: 'object',
      required: ['security_id', 'prices'],
      properties: {
        security_id: { type: 'string' },
        prices: {
          type: 'array',
          items: {
            type: 'object',
            required: ['price_date', 'price', 'currency'],
            properties: {
              price_date: isoDate('Price date.'),
              price: decimal('Price per unit.'),
              currency: text('Price currency, ISO 4217.'),
            },
          },
        },
      },
    },
    422: invalidQuery,
  },
} as const;

export const listFxRatesSchema = {
  tags: ['market data'],
  summary: 'FX rates of one currency pair',
  description:
    'Rates of the directed pair (units of to_currency per unit of from_currency) in ascending date order.',
  querystring: {
    type: 'object',
    required: ['from_currency', 'to_currency'],
    properties: {
      from_currency: currencyParam('Currency converted from'),
      to_currency: currencyParam('Currency converted to'),
      ...dateRange,
    },
  },
  response: {
    200: {
      description: 'The rates.',
      type: 'object',
      required: ['from_currency', 'to_currency', 'rates'],
      properties: {
        from_currency: { type: 'string' },
        to_currency: { type: 'string' },
        rates: {
          type: 'array',
          items: {
            type: 'object',
            required: ['rate_date', 'rate'],
            properties: {
              rate_date: isoDate('Rate date.'),
              rate: decimal('Units of to_currency per from_currency.'),
            },
          },
        },
      },
    },
    422: invalidQuery,
  },
} as const;

export const listBusinessDatesSchema = {
  tags: ['market data'],
  summary: 'Business dates of a calendar',
  description:
    'Business dates in ascending order. latest_business_date is the latest date of the calendar whatever ' +
    'range was asked for (null when the calendar is empty).',
  querystring: {
    type: 'object',
    properties: {
      calendar_code: { type: 'string', default: 'GLOBAL', description: 'Calendar (default GLOBAL).' },
      ...dateRange,
    },
  },
  response: {
    200: {
      description: 'The business dates.',
      type: 'object',
      required: ['calendar_code', 'business_dates', 'latest_business_date'],
      properties: {
        calendar_code: { type: 'string' },
        business_dates: {
          type: 'array',
          items: {
            type: 'object',
            required: ['business_date', 'market_code', 'source_system', 'source_batch_id'],
            properties: {
              business_date: isoDate('Business date.'),
              market_code: nullableText('Market code.'),
              source_system: nullableText('System that sent the date.'),
              source_batch_id: nullableText('Batch that sent the date.'),
            },
          },
        },
        latest_business_date: nullableIsoDate('Latest business date of the calendar.'),
      },
    },
    422: invalidQuery,
  },
} as const;
