import { createHash, randomBytes } from 'node:crypto';
import { AppError, validationFailed } from '../domain/errors.ts';
import { type ApiKeyRow, insertApiKey, revokeApiKey } from '../store/api-keys.ts';
import { insertAuditEvent } from '../store/audit.ts';
import type { Db, Sql } from '../store/db.ts';

/**
 * API keys: `pas_<key id>_<secret>`, the secret 32 random bytes (256 bits) in base64url. The key id is public
 * (logs, the audit table, `pas keys list`); only the SHA-256 of the whole key is stored, so a copy of the
 * database does not hold a usable key. A slow hash (scrypt) buys nothing for 256 random bits and would cost
 * every request.
 */

export const SCOPES = ['read', 'ingest', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: the key that authenticated the request. */
export interface Principal {
  keyId: string;
  name: string;
  scopes: ReadonlySet<Scope>;
  /** The portfolios the key may see and write; null: every portfolio. */
  portfolios: ReadonlySet<string> | null;
}

const KEY_FORMAT = /^pas_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/;

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Whether a presented value has the shape of a key at all (a cheap refusal before any lookup). */
export const looksLikeApiKey = (key: string): boolean => KEY_FORMAT.test(key);

export function principalOf(row: ApiKeyRow): Principal {
  return {
    keyId: row.key_id,
    name: row.name,
    scopes: new Set(row.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s))),
    portfolios: row.portfolios === null ? null : new Set(row.portfolios),
  };
}

export interface NewKey {
  name: string;
  scopes: readonly string[];
  portfolios?: readonly string[] | undefined;
}

function checked(request: NewKey): { name: string; scopes: Scope[]; portfolios: string[] | null } {
  const name = request.name.trim();
  const problems: { field: string; message: string }[] = [];
  if (name === '' || name.length > 200)
    problems.push({ field: 'name', message: 'must be 1 to 200 characters' });
  const scopes = [...new Set(request.scopes.map((s) => s.trim()).filter((s) => s !== ''))];
  if (scopes.length === 0)
    problems.push({ field: 'scopes', message: `must name at least one of ${SCOPES.join(', ')}` });
  for (const scope of scopes) {
    if (!(SCOPES as readonly string[]).includes(scope))
      problems.push({
        field: 'scopes',
        message: `"${scope}" is not a scope; scopes are ${SCOPES.join(', ')}`,
      });
  }
  const portfolios =
    request.portfolios === undefined
      ? null
      : [...new Set(request.portfolios.map((p) => p.trim()).filter((p) => p !== ''))];
  if (portfolios !== null && portfolios.length === 0)
    problems.push({ field: 'portfolios', message: 'must name at least one portfolio when given' });
  // Admin routes (quarantine, reprocessing, audit, metrics) span every portfolio: they cannot be limited.
  if (portfolios !== null && scopes.includes('admin'))
    problems.push({
      field: 'portfolios',
      message: 'an admin key cannot be limited to portfolios: admin routes span every portfolio',
    });
  if (problems.length > 0)
    throw validationFailed(
      'invalid API key request',
      problems.map((p) => ({ index: 0, ...p })),
    );
  return { name, scopes: scopes as Scope[], portfolios };
}

type Actor = { keyId: string | null; correlationId: string | null };

/** The audit event of a key change, written in the change's transaction. */
const auditKeyChange = (
  tx: Sql,
  action: 'key_create' | 'key_revoke',
  actor: Actor,
  detail: Record<string, unknown>,
) =>
  insertAuditEvent(tx, {
    action,
    key_id: actor.keyId,
    endpoint: null,
    entity_type: 'api_key',
    job_id: null,
    correlation_id: actor.correlationId,
    counts: {},
    detail,
  });

/** Creates a key; the returned `key` is the only time the secret exists outside the caller's hands. */
export async function createApiKey(
  db: Db,
  request: NewKey,
  actor: Actor,
): Promise<{ key: string; row: ApiKeyRow }> {
  const { name, scopes, portfolios } = checked(request);
  const keyId = randomBytes(8).toString('hex');
  const key = `pas_${keyId}_${randomBytes(32).toString('base64url')}`;
  const row = await db.transaction(async (tx) => {
    const inserted = await insertApiKey(tx, {
      key_id: keyId,
      name,
      secret_hash: hashApiKey(key),
      scopes,
      portfolios,
    });
    await auditKeyChange(tx, 'key_create', actor, { created_key_id: keyId, name, scopes, portfolios });
    return inserted;
  });
  return { key, row };
}

export async function revokeKey(db: Db, keyId: string, actor: Actor): Promise<ApiKeyRow> {
  return db.transaction(async (tx) => {
    const row = await revokeApiKey(tx, keyId);
    if (!row) throw new AppError('NOT_FOUND', `no live API key ${keyId} (unknown, or revoked already)`);
    await auditKeyChange(tx, 'key_revoke', actor, { revoked_key_id: keyId, name: row.name });
    return row;
  });
}
