import { Type } from 'typebox';
import { CASH_MODES, COST_BASIS_METHODS } from '../../domain/records/types.ts';
import * as S from './common.schemas.ts';

export const portfolioSchema = S.fact('Portfolio', 'A portfolio as ingested (current version).', {
  portfolio_id: S.text('Portfolio id.'),
  base_currency: S.text('Base (reporting) currency, ISO 4217.'),
  open_date: S.isoDate('Date the portfolio opened.'),
  close_date: S.nullableIsoDate('Date the portfolio closed, if it did.'),
  risk_exposure: S.text('Risk exposure class.'),
  investment_time_horizon: S.text('Investment time horizon.'),
  portfolio_type: S.text('Portfolio type, e.g. DISCRETIONARY, ADVISORY.'),
  objective: S.nullableText('Investment objective.'),
  booking_center_code: S.text('Booking center.'),
  client_id: S.text('Client (CIF) id.'),
  is_leverage_allowed: Type.Boolean(),
  advisor_id: S.nullableText('Advisor id.'),
  status: S.text('Portfolio status, e.g. ACTIVE.'),
  cost_basis_method: S.stringEnum(COST_BASIS_METHODS, { description: 'Cost basis method of the lots.' }),
  cash_mode: S.stringEnum(CASH_MODES, {
    description:
      'EXPLICIT: the client books every cash leg (the default). AUTO: the system books the settlement of every ' +
      'trade, income, fee and tax into the cash position CASH_<base currency>.',
  }),
});

export const listPortfoliosSchema = {
  tags: ['portfolios'],
  summary: 'List portfolios',
  description: 'Portfolios ordered by portfolio_id; each filter is an exact match.',
  querystring: S.partialObject({
    portfolio_id: S.text('Only this portfolio.'),
    client_id: S.text('Only portfolios of this client.'),
    booking_center_code: S.text('Only portfolios booked in this center.'),
  }),
  response: {
    200: Type.Object(
      { portfolios: Type.Array({ $ref: 'Portfolio#' }) },
      { description: 'The matching portfolios.' },
    ),
    422: S.invalidQuery,
  },
} as const;

export const getPortfolioSchema = {
  tags: ['portfolios'],
  summary: 'Get one portfolio',
  params: S.portfolioParams,
  response: {
    200: { description: 'The portfolio.', $ref: 'Portfolio#' },
    404: S.problemResponse('No portfolio with this id (NOT_FOUND).'),
  },
} as const;
