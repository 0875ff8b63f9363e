import { type Static, Type } from 'typebox';
import { DECIMAL_NOTE, problemResponse } from './common.schemas.ts';

const overdraft = Type.Object({
  portfolio_id: Type.String(),
  security_id: Type.String({ description: 'The cash instrument.' }),
  currency: Type.Union([Type.String(), Type.Null()], { description: "The cash instrument's currency." }),
  quantity: Type.String({
    pattern: '^-?\\d+(\\.\\d+)?$',
    description: `The balance now, below zero. ${DECIMAL_NOTE}`,
  }),
  position_date: Type.String({
    format: 'date',
    description: 'The date of the latest transaction of the account.',
  }),
  overdrawn_since: Type.String({
    format: 'date',
    description: 'The first date of the current run below zero.',
  }),
});

export const overdraftsResponse = Type.Object({ overdrafts: Type.Array(overdraft) });
export type OverdraftsResponse = Static<typeof overdraftsResponse>;

export const overdraftsSchema = {
  tags: ['positions'],
  summary: 'Overdrawn cash accounts (data health)',
  description:
    'Cash positions below zero now. Cash may go negative (an overdraft: a fee or a payment larger than the ' +
    'balance) without blocking the key; a security sold beyond its holding still blocks (OVERSOLD). An ' +
    'overdraft is not an error but usually means a missing deposit or cash leg, so it is listed here.',
  querystring: Type.Object(
    { portfolio_id: Type.Optional(Type.String({ description: 'Only this portfolio.' })) },
    { additionalProperties: false },
  ),
  response: {
    200: overdraftsResponse,
    422: problemResponse('A query parameter is invalid (VALIDATION_FAILED).'),
  },
};
