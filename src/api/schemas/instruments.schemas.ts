import { Type } from 'typebox';
import {
  currencyParam,
  invalidQuery,
  nullableIsoDate,
  nullableText,
  PAGE_FIELDS,
  pageParams,
  text,
} from './common.schemas.ts';

export const instrumentSchema = Type.Object(
  {
    security_id: text('Security id.'),
    name: text('Instrument name.'),
    isin: text('ISIN.'),
    currency: text('Currency the instrument is priced in, ISO 4217.'),
    product_type: text('Product type, e.g. Equity, Bond, Cash.'),
    asset_class: nullableText('Asset class.'),
    sector: nullableText('Sector.'),
    country_of_risk: nullableText('Country of risk.'),
    rating: nullableText('Credit rating.'),
    maturity_date: nullableIsoDate('Maturity date (bonds).'),
    issuer_id: nullableText('Issuer id.'),
    issuer_name: nullableText('Issuer name.'),
    ultimate_parent_issuer_id: nullableText('Ultimate parent issuer id.'),
    ultimate_parent_issuer_name: nullableText('Ultimate parent issuer name.'),
    version: Type.Integer({ description: 'Fact version: 1, plus one per correction.' }),
  },
  { $id: 'Instrument', description: 'An instrument as ingested (current version).' },
);

export const listInstrumentsSchema = {
  tags: ['instruments'],
  summary: 'List instruments',
  description: 'Instruments ordered by name, then security_id; each filter is an exact match.',
  querystring: Type.Object({
    security_id: Type.Optional(text('Only this instrument.')),
    product_type: Type.Optional(text('Only this product type.')),
    asset_class: Type.Optional(text('Only this asset class.')),
    currency: Type.Optional(currencyParam('Only instruments priced in this currency')),
    ...pageParams(1000, 100),
  }),
  response: {
    200: Type.Object(
      {
        ...PAGE_FIELDS,
        instruments: Type.Array({ $ref: 'Instrument#' }),
      },
      { description: 'One page of the matching instruments; total counts every match.' },
    ),
    422: invalidQuery,
  },
} as const;
