import type { KeyBlockReason } from '../../store/position-keys.ts';
import {
  invalidQuery,
  limitParam,
  nullableIsoDate,
  nullableText,
  problemResponse,
  skipParam,
  text,
} from './common.schemas.ts';
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
const BLOCK_REASONS = Object.keys(REASONS);

const keyFields = {
  security_id: text('Security id.'),
  epoch: {
    type: 'integer',
    description: 'Starts at 0; + 1 each time a fact dated on or before the watermark rebuilt the key.',
  },
  watermark_date: nullableIsoDate(
    'Date of the last transaction applied: derived data is complete through it (null: nothing applied).',
  ),
  status: keyStatus,
  blocked_reason: {
    type: ['string', 'null'],
    enum: [...BLOCK_REASONS, null],
    description:
      'Why the key is BLOCKED; null otherwise. PROCESSING_ERROR: a record about the key is quarantined ' +
      '(GET /quarantine); blocked_detail holds its error.',
  },
  blocked_transaction_id: nullableText('The transaction the key stopped at.'),
  blocked_detail: nullableText('The block in plain words, e.g. "SELL of 200 exceeds the 150 held".'),
} as const;

const keyRequired = [
  'security_id',
  'epoch',
  'watermark_date',
  'status',
  'blocked_reason',
  'blocked_transaction_id',
  'blocked_detail',
];

export const listKeysSchema = {
  tags: ['lineage'],
  summary: 'Position keys of a portfolio and their state',
  description: 'One item per (portfolio, security) the position stage keeps, by security_id.',
  params: {
    type: 'object',
    required: ['portfolio_id'],
    properties: { portfolio_id: text('Portfolio id.') },
  },
  querystring: {
    type: 'object',
    properties: {
      status: { ...keyStatus, description: 'Only keys in this status.' },
      security_id: text('Only this security.'),
      skip: skipParam,
      limit: limitParam(1000, 100),
    },
  },
  response: {
    200: {
      description: 'One page of keys; total counts every match.',
      type: 'object',
      required: ['portfolio_id', 'total', 'skip', 'limit', 'items'],
      properties: {
        portfolio_id: { type: 'string' },
        total: { type: 'integer' },
        skip: { type: 'integer' },
        limit: { type: 'integer' },
        items: { type: 'array', items: { type: 'object', required: keyRequired, properties: keyFields } },
      },
    },
    404: problemResponse('Neither a portfolio nor any transaction has this portfolio id (NOT_FOUND).'),
    422: invalidQuery,
  },
} as const;

export const getKeySchema = {
  tags: ['lineage'],
  summary: 'State of one position key',
  params: {
    type: 'object',
    required: ['portfolio_id', 'security_id'],
    properties: { portfolio_id: text('Portfolio id.'), security_id: text('Security id.') },
  },
  response: {
    200: {
      description: 'The key.',
      type: 'object',
      required: ['portfolio_id', ...keyRequired, 'latest_position_date'],
      properties: {
        portfolio_id: text('Portfolio id.'),
        ...keyFields,
        latest_position_date: nullableIsoDate('Date of the latest position_history row.'),
      },
    },
    404: problemResponse('The position stage keeps no such key (NOT_FOUND).'),
  },
} as const;
