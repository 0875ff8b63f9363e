import { CASH_MODES, COST_BASIS_METHODS } from '../../domain/records/types.ts';
import {
  invalidQuery,
  isoDate,
  nullableIsoDate,
  nullableText,
  problemResponse,
  text,
} from './common.schemas.ts';

export const portfolioSchema = {
  $id: 'Portfolio',
  type: 'object',
  description: 'A portfolio as ingested (current version).',
  required: [
    'portfolio_id',
    'base_currency',
    'open_date',
    'close_date',
    'risk_exposure',
    'investment_time_horizon',
    'portfolio_type',
    'objective',
    'booking_center_code',
    'client_id',
    'is_leverage_allowed',
    'advisor_id',
    'status',
    'cost_basis_method',
    'cash_mode',
    'version',
  ],
  properties: {
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
    is_leverage_allowed: { type: 'boolean' },
    advisor_id: nullableText('Advisor id.'),
    status: text('Portfolio status, e.g. ACTIVE.'),
    cost_basis_method: {
      type: 'string',
      enum: [...COST_BASIS_METHODS],
      description: 'Cost basis method of the lots.',
    },
    cash_mode: {
      type: 'string',
      enum: [...CASH_MODES],
      description:
        'EXPLICIT: the client books every cash leg (the default). AUTO: the system books the settlement of every ' +
        'trade, income, fee and tax into the cash position CASH_<base currency>.',
    },
    version: { type: 'integer', description: 'Fact version: 1, plus one per correction.' },
  },
} as const;

export const listPortfoliosSchema = {
  tags: ['portfolios'],
  summary: 'List portfolios',
  description: 'Portfolios ordered by portfolio_id; each filter is an exact match.',
  querystring: {
    type: 'object',
    properties: {
      portfolio_id: text('Only this portfolio.'),
      client_id: text('Only portfolios of this client.'),
      booking_center_code: text('Only portfolios booked in this center.'),
    },
  },
  response: {
    200: {
      description: 'The matching portfolios.',
      type: 'object',
      required: ['portfolios'],
      properties: { portfolios: { type: 'array', items: { $ref: 'Portfolio#' } } },
    },
    422: invalidQuery,
  },
} as const;

export const portfolioParams = {
  type: 'object',
  required: ['portfolio_id'],
  properties: { portfolio_id: text('Portfolio id.') },
} as const;

export const getPortfolioSchema = {
  tags: ['portfolios'],
  summary: 'Get one portfolio',
  params: portfolioParams,
  response: {
    200: { description: 'The portfolio.', $ref: 'Portfolio#' },
    404: problemResponse('No portfolio with this id (NOT_FOUND).'),
  },
} as const;
