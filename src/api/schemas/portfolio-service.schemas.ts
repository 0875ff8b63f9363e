import { Type } from 'typebox';
import { BREAKDOWNS, PERIOD_TYPES } from '../../domain/analytics/periods.ts';
import { recordSchema } from '../../domain/records/json-schema.ts';
import { SPECS } from '../../domain/records/specs.ts';
import { performanceSchema } from './analytics-performance.schemas.ts';
import { portfolioRiskSchema } from './analytics-portfolio-risk.schemas.ts';
import { closed, portfolioNotFound, portfolioParams } from './common.schemas.ts';
import { IDEMPOTENCY_HEADERS, RECEIPT_SCHEMA } from './ingest.schemas.ts';
import { day, invalidRequest, nullable, oneOf } from './seed-routes.schemas.ts';
import { valuationSchema } from './series.schemas.ts';

/**
 * Seed 004's portfolio-service routes (its port 8000): create a portfolio, its constituents, one calculation
 * of valuation, performance and risk, and performance by query string. See docs/api.md.
 */

const notFound = portfolioNotFound;
const invalid = invalidRequest;
const params = portfolioParams;

/**
 * The answers the composed routes give, as shared schemas (OpenAPI components) so the document holds each once:
 * GET performance and POST calculate answer exactly what those routes answer.
 */
export const composedAnswers = [
  {
    $id: 'ValuationAnswer',
    description: 'As GET /portfolios/{id}/valuation answers.',
    ...valuationSchema.response[200],
  },
  {
    $id: 'PerformanceAnswer',
    description: 'As POST /portfolios/{id}/performance answers.',
    ...performanceSchema.response[200],
  },
  {
    $id: 'PortfolioRiskAnswer',
    description: 'As POST /portfolios/{id}/risk answers.',
    ...portfolioRiskSchema.response[200],
  },
];

export const createPortfolioSchema = {
  tags: ['portfolios'],
  summary: 'Create one portfolio',
  description:
    'The body is one portfolio record, validated as POST /ingest/portfolios validates it (422 naming every bad ' +
    'field, nothing written). 201 with the job once durable; the portfolio is readable at the Location once ' +
    'the job completes (GET /ingestion/jobs/{job_id}?wait=…). The same id again is an upsert: a changed ' +
    'record is a correction, an identical one a no-op.',
  body: recordSchema(SPECS.portfolio),
  headers: IDEMPOTENCY_HEADERS,
  response: { 201: RECEIPT_SCHEMA, 422: invalid },
};

const bondFigures = Type.Object(
  {
    yield_to_maturity: nullable(Type.Number(), 'Yield to maturity from the clean price (a decimal).'),
    macaulay_duration: nullable(Type.Number(), 'Macaulay duration, years.'),
    modified_duration: nullable(Type.Number(), 'Modified duration, years.'),
    convexity: nullable(Type.Number(), 'Convexity, years² (no ½ factor).'),
    null_reasons: Type.Record(Type.String(), Type.String(), { description: 'Why each null figure is null.' }),
  },
  { description: 'Fixed income only: the bond analytics of POST /analytics/bonds at the as-of date.' },
);

const constituent = Type.Object({
  security_id: Type.String(),
  name: nullable(Type.String(), 'Instrument name.'),
  asset_class: nullable(Type.String(), 'Asset class of the instrument.'),
  product_type: nullable(Type.String(), 'Product type of the instrument.'),
  sector: nullable(Type.String(), 'Sector.'),
  currency: nullable(Type.String(), 'Instrument currency.'),
  quantity: Type.Number({ description: 'Units held (negative: an overdrawn cash account).' }),
  market_price: nullable(Type.Number(), 'Price in the instrument currency; null when unvalued.'),
  price_date: nullable(Type.String({ format: 'date' }), 'Date of that price (carried forward).'),
  valuation_status: Type.String({ description: 'CURRENT, STALE or UNVALUED.' }),
  market_value_local: nullable(Type.Number(), 'Market value in the instrument currency.'),
  market_value: nullable(Type.Number(), 'Market value in base currency; null when unvalued.'),
  weight: nullable(
    Type.Number(),
    'market_value / Σ market_value of the valued constituents; null when unvalued.',
  ),
  cost_basis: Type.Number({ description: 'Cost basis in base currency.' }),
  unrealized_gain_loss: nullable(Type.Number(), 'market_value − cost_basis, base currency.'),
  fixed_income: nullable(
    bondFigures,
    'For a bond (asset class Fixed Income or product type Bond); else null.',
  ),
});

const constituentsResponse = Type.Object({
  portfolio_id: Type.String(),
  base_currency: Type.String(),
  as_of_date: nullable(
    Type.String({ format: 'date' }),
    'The series day read: the latest on or before the date asked.',
  ),
  complete: Type.Boolean({ description: 'Every constituent valued and no key blocked.' }),
  incomplete_reasons: Type.Array(Type.String()),
  total_market_value: Type.Number({
    description: 'Σ market_value of the valued constituents, base currency.',
  }),
  constituents: Type.Array(constituent),
});

export const constituentsSchema = {
  tags: ['portfolios'],
  summary: 'Portfolio constituents with weights, asset class and bond analytics',
  description:
    'The positions held at the close of the as-of date (default the latest business date), each with its ' +
    'valuation and weight; for bonds whose instrument carries its terms (coupon_rate, coupon_frequency, ' +
    'day_count, maturity_date) the yield, durations and convexity from its price, as POST /analytics/bonds.',
  params,
  querystring: closed({ as_of_date: Type.Optional(day('As-of date; default the latest business date')) }),
  response: { 200: constituentsResponse, 404: notFound, 422: invalid },
};

const periodQuery = {
  as_of_date: Type.Optional(day('As-of date; default the latest business date')),
  period: Type.Optional(oneOf(PERIOD_TYPES, 'The period type (default YTD).')),
  from: Type.Optional(day('EXPLICIT: first day')),
  to: Type.Optional(day('EXPLICIT: last day')),
  year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2199, description: 'YEAR: the year.' })),
  net_or_gross: Type.Optional(oneOf(['NET', 'GROSS'] as const, 'Fees as a loss (NET, default) or a flow.')),
};
const performanceQuery = closed({
  ...periodQuery,
  breakdown: Type.Optional(oneOf(BREAKDOWNS, 'Sub-periods to report.')),
  include_attributes: Type.Optional(
    Type.Boolean({ description: 'Begin/end values and flows of the period.' }),
  ),
});

export const performanceQuerySchema = {
  tags: ['analytics'],
  summary: 'Portfolio performance by query string (the form of POST /portfolios/{id}/performance)',
  description:
    'One period in the query string; the answer is exactly that of POST /portfolios/{id}/performance with ' +
    '`{scope: {as_of_date, net_or_gross}, periods: [{type: period, from, to, year, breakdown}], options: ' +
    '{include_attributes}}` (docs/analytics/performance.md).',
  params,
  querystring: performanceQuery,
  response: { 200: Type.Unsafe({ $ref: 'PerformanceAnswer#' }), 404: notFound, 422: invalid },
};

const calculateBody = closed({
  as_of_date: Type.Optional(day('As-of date; default the latest business date')),
  period: Type.Optional(
    closed(
      {
        type: oneOf(PERIOD_TYPES, 'The period type.'),
        from: Type.Optional(day('EXPLICIT: first day')),
        to: Type.Optional(day('EXPLICIT: last day')),
        year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2199 })),
      },
      { description: 'The period of performance and risk (default YTD).' },
    ),
  ),
  net_or_gross: Type.Optional(oneOf(['NET', 'GROSS'] as const, 'Fees as a loss (NET, default) or a flow.')),
});

export const calculateSchema = {
  tags: ['portfolios'],
  summary: 'Calculate a portfolio: valuation, performance and risk summary in one answer',
  description:
    'One answer with the valuation on the as-of date (GET /portfolios/{id}/valuation), the TWR of the period ' +
    '(POST /portfolios/{id}/performance) and a risk summary over it (POST /portfolios/{id}/risk: volatility, ' +
    'drawdown, Sharpe, Sortino, VaR), each section exactly as that route answers it.',
  params,
  body: calculateBody,
  response: {
    200: Type.Object({
      portfolio_id: Type.String(),
      as_of_date: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
      valuation: Type.Unsafe({ $ref: 'ValuationAnswer#' }),
      performance: Type.Unsafe({ $ref: 'PerformanceAnswer#' }),
      risk: Type.Unsafe({ $ref: 'PortfolioRiskAnswer#' }),
    }),
    404: notFound,
    422: invalid,
  },
};
