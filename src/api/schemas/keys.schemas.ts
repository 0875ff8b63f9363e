import { type Static, Type } from 'typebox';
import { SCOPES } from '../../app/api-keys.ts';
import { component, instant, nullableInstant, problemResponse, text } from './common.schemas.ts';

const scopeList = Type.Array(Type.Unsafe<string>({ type: 'string', enum: [...SCOPES] }), {
  minItems: 1,
  maxItems: SCOPES.length,
  uniqueItems: true,
  description:
    'read (queries, analytics), ingest (ingest, uploads), admin (reprocessing, quarantine, audit, keys, metrics).',
});

export const newKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'What the key is for.' }),
    scopes: scopeList,
    portfolios: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        minItems: 1,
        maxItems: 10_000,
        description: 'The portfolios the key is limited to; absent: every portfolio. Not with admin.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type NewKeyBody = Static<typeof newKeyBody>;

export const apiKeySchema = component('ApiKey', 'An API key as stored: never the key itself.', {
  key_id: text('Public id of the key (the hex part after pas_).'),
  name: text('What the key is for.'),
  scopes: Type.Array(Type.String(), { description: 'Its scopes.' }),
  portfolios: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'The portfolios it is limited to; null: every portfolio.',
  }),
  created_at: instant('When it was created.'),
  revoked_at: nullableInstant('When it was revoked; null while active.'),
});

export const createKeySchema = {
  tags: ['keys'],
  summary: 'Create an API key',
  description:
    'Returns the key once, in `key`; only its SHA-256 is stored. An audited key_create. Needs the admin scope.',
  body: newKeyBody,
  response: {
    201: Type.Object(
      {
        key: text('The key: send it as Authorization: Bearer <key>. Shown this once.'),
        api_key: { $ref: 'ApiKey#' },
      },
      { description: 'The key and what is stored about it.' },
    ),
  },
} as const;

export const listKeysSchema = {
  tags: ['keys'],
  summary: 'List the API keys',
  description: 'Every key, active and revoked, oldest first; never a key itself. Needs the admin scope.',
  response: {
    200: Type.Object({ keys: Type.Array({ $ref: 'ApiKey#' }) }, { description: 'The keys.' }),
  },
} as const;

export const revokeKeySchema = {
  tags: ['keys'],
  summary: 'Revoke an API key',
  description:
    'Every process refuses the key within 5 seconds. An audited key_revoke. Needs the admin scope.',
  params: Type.Object({ key_id: Type.String({ minLength: 1, description: 'The key id.' }) }),
  response: {
    200: { $ref: 'ApiKey#' },
    404: problemResponse('No active key with this id (NOT_FOUND).'),
  },
} as const;
