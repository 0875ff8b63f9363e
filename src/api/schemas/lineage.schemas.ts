import { Type } from 'typebox';
import type { KeyBlockReason } from '../../store/position-keys.ts';
import * as S from './common.schemas.ts';
import { keyStatus } from './positions.schemas.ts';

/** A Record, so a reason the engine adds must be named here. */
const REASONS: Record<KeyBlockReason, true> = {
  MISSING_PORTFOLIO: true,
  MISSING_INSTRUMENT: true,
  MISSING_FX: true,
  OVERSOLD: true,
  INVALID_TRANSACTION: true,
  PROCESSING_ERROR: true,
};
const BLOCK_REASONS = Object.keys(REASONS) as KeyBlockReason[];

/** A key's state, after its identity. */
const keyFields = {
  epoch: Type.Integer({
    description: 'Starts at 0; + 1 each time a fact dated on or before the watermark rebuilt the key.',
  }),
  watermark_date: S.nullableIsoDate(
    'Date of the last transaction applied: derived data is complete through it (null: nothing applied).',
  ),
  status: keyStatus,
  blocked_reason: S.nullable(
    S.stringEnum([...BLOCK_REASONS, null] as const, {
      description:
        'Why the key is BLOCKED; null otherwise. PROCESSING_ERROR: a record about the key is quarantined ' +
        '(GET /quarantine); blocked_detail holds its error.',
    }),
  ),
  blocked_transaction_id: S.nullableText('The transaction the key stopped at.'),
  blocked_detail: S.nullableText('The block in plain words, e.g. "SELL of 200 exceeds the 150 held".'),
};

export const listKeysSchema = {
  tags: ['lineage'],
  summary: 'Position keys of a portfolio and their state',
  description: 'One item per (portfolio, security) the position stage keeps, by security_id.',
  params: S.portfolioParams,
  querystring: Type.Object({
    status: Type.Optional(S.withOptions(keyStatus, { description: 'Only keys in this status.' })),
    security_id: Type.Optional(S.text('Only this security.')),
    ...S.pageParams(1000, 100),
  }),
  response: {
    200: S.page(
      'items',
      Type.Object({ security_id: S.keyParams.properties.security_id, ...keyFields }),
      'One page of keys; total counts every match.',
      { portfolio_id: Type.String() },
    ),
    404: S.portfolioIdNotFound,
    422: S.invalidQuery,
  },
} as const;

export const getKeySchema = {
  tags: ['lineage'],
  summary: 'State of one position key',
  params: S.keyParams,
  response: {
    200: Type.Object(
      {
        ...S.keyParams.properties,
        ...keyFields,
        latest_position_date: S.nullableIsoDate('Date of the latest position_history row.'),
      },
      { description: 'The key.' },
    ),
    404: S.problemResponse('The position stage keeps no such key (NOT_FOUND).'),
  },
} as const;
