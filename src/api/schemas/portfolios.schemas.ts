import { Type } from 'typebox';
import { COST_BASIS_METHODS } from '../../domain/records/types.ts';
import {
  invalidQuery,
  isoDate,
  nullableIsoDate,
  nullableText,
  partialObject,
  problemResponse,
  stringEnum,
  text,
} from './common.schemas.ts';

export const portfolioSchema = Type.Object(
  {
    portfolio_id: text('Portfolio id.'),
    base_currency: text('Base (reporting) currency, ISO 4217.'),
    open_date: isoDate('Date the portfolio opened.'),
    close_date: nullableIsoDate('Date the portfolio closed, if it did.'),
    risk_exposure: text('Risk exposure class.'),
    investment_time_horizon: text('Investment time horizon.'),
    portfolio_type: text('Portfolio type, e.g. DISCRETIONARY, ADVISORY.'),
    objective: nullableText('Investment objective.'),
    booking_center_code: text('Booking center.'),
    client_id: text('Client (CIF) id.'),
    is_leverage_allowed: Type.Boolean(),
    advisor_id: nullableText('Advisor id.'),
    status: text('Portfolio status, e.g. ACTIVE.'),
    cost_basis_method: stringEnum(COST_BASIS_METHODS, { description: 'Cost basis method of the lots.' }),
    version: Type.Integer({ description: 'Fact version: 1, plus one per correction.' }),
  },
  { $id: 'Portfolio', description: 'A portfolio as ingested (current version).' },
);

export const listPortfoliosSchema = {
  tags: ['portfolios'],
  summary: 'List portfolios',
  description: 'Portfolios ordered by portfolio_id; each filter is an exact match.',
  querystring: partialObject({
    portfolio_id: text('Only this portfolio.'),
    client_id: text('Only portfolios of this client.'),
    booking_center_code: text('Only portfolios booked in this center.'),
  }),
  response: {
    200: Type.Object(
      { portfolios: Type.Array({ $ref: 'Portfolio#' }) },
      { description: 'The matching portfolios.' },
    ),
    422: invalidQuery,
  },
} as const;

export const portfolioParams = Type.Object({ portfolio_id: text('Portfolio id.') });

export const getPortfolioSchema = {
  tags: ['portfolios'],
  summary: 'Get one portfolio',
  params: portfolioParams,
  response: {
    200: { description: 'The portfolio.', $ref: 'Portfolio#' },
    404: problemResponse('No portfolio with this id (NOT_FOUND).'),
  },
} as const;
