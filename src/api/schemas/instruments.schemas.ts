import { Type } from 'typebox';
import * as S from './common.schemas.ts';

export const instrumentSchema = S.fact('Instrument', 'An instrument as ingested (current version).', {
  security_id: S.text('Security id.'),
  name: S.text('Instrument name.'),
  isin: S.text('ISIN.'),
  currency: S.text('Currency the instrument is priced in, ISO 4217.'),
  product_type: S.text('Product type, e.g. Equity, Bond, Cash.'),
  asset_class: S.nullableText('Asset class.'),
  sector: S.nullableText('Sector.'),
  country_of_risk: S.nullableText('Country of risk.'),
  rating: S.nullableText('Credit rating.'),
  maturity_date: S.nullableIsoDate('Maturity date (bonds).'),
  issuer_id: S.nullableText('Issuer id.'),
  issuer_name: S.nullableText('Issuer name.'),
  ultimate_parent_issuer_id: S.nullableText('Ultimate parent issuer id.'),
  ultimate_parent_issuer_name: S.nullableText('Ultimate parent issuer name.'),
  coupon_rate: Type.Optional(S.nullableDecimal('Bond terms: annual coupon rate as a decimal (0.05 = 5 %).')),
  coupon_frequency: Type.Optional(S.nullableText('Bond terms: ANNUAL, SEMI_ANNUAL, QUARTERLY or MONTHLY.')),
  day_count: Type.Optional(S.nullableText('Bond terms: 30/360 US, Act/Act ICMA, Act/365F or Act/360.')),
  issue_date: Type.Optional(S.nullableIsoDate('Bond terms: issue date.')),
});

export const listInstrumentsSchema = {
  tags: ['instruments'],
  summary: 'List instruments',
  description: 'Instruments ordered by name, then security_id; each filter is an exact match.',
  querystring: Type.Object({
    security_id: Type.Optional(S.text('Only this instrument.')),
    product_type: Type.Optional(S.text('Only this product type.')),
    asset_class: Type.Optional(S.text('Only this asset class.')),
    currency: Type.Optional(S.currencyParam('Only instruments priced in this currency')),
    ...S.pageParams(1000, 100),
  }),
  response: {
    200: S.page(
      'instruments',
      { $ref: 'Instrument#' },
      'One page of the matching instruments; total counts every match.',
    ),
    422: S.invalidQuery,
  },
} as const;
