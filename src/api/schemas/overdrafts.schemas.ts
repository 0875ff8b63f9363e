import { Type } from 'typebox';
import { closed, decimal, isoDate, problemResponse, text } from './common.schemas.ts';
import { nullable } from './seed-routes.schemas.ts';

const overdraft = Type.Object({
  portfolio_id: Type.String(),
  security_id: text('The cash instrument.'),
  currency: nullable(Type.String(), "The cash instrument's currency."),
  quantity: decimal('The balance now, below zero.'),
  position_date: isoDate('The date of the latest transaction of the account.'),
  overdrawn_since: isoDate('The first date of the current run below zero.'),
});

const overdraftsResponse = Type.Object({ overdrafts: Type.Array(overdraft) });

export const overdraftsSchema = {
  tags: ['positions'],
  summary: 'Overdrawn cash accounts (data health)',
  description:
    'Cash positions below zero now. Cash may go negative (an overdraft: a fee or a payment larger than the ' +
    'balance) without blocking the key; a security sold beyond its holding still blocks (OVERSOLD). An ' +
    'overdraft is not an error but usually means a missing deposit or cash leg, so it is listed here.',
  querystring: closed({ portfolio_id: Type.Optional(text('Only this portfolio.')) }),
  response: {
    200: overdraftsResponse,
    422: problemResponse('A query parameter is invalid (VALIDATION_FAILED).'),
  },
};
