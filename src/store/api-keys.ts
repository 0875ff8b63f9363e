import type { Sql } from './db.ts';

/** An API key as stored: never the key itself, only its SHA-256. */
export interface ApiKeyRow {
  key_id: string;
  name: string;
  scopes: string[];
  /** null: every portfolio. */
  portfolios: string[] | null;
  created_at: string;
  revoked_at: string | null;
  [k: string]: unknown;
}

const COLUMNS = 'key_id, name, scopes, portfolios, created_at, revoked_at';

export async function insertApiKey(
  db: Sql,
  key: {
    key_id: string;
    name: string;
    secret_hash: string;
    scopes: readonly string[];
    portfolios: readonly string[] | null;
  },
): Promise<ApiKeyRow> {
  const [row] = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (key_id, name, secret_hash, scopes, portfolios)
     VALUES ($1, $2, $3, $4::text[], $5::text[]) RETURNING ${COLUMNS}`,
    [key.key_id, key.name, key.secret_hash, key.scopes, key.portfolios],
  );
  return row!;
}

/** The live (not revoked) key with this hash, if any. */
export async function findLiveKeyByHash(db: Sql, secretHash: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.query<ApiKeyRow>(
    `SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL`,
    [secretHash],
  );
  return rows[0];
}

export async function listApiKeys(db: Sql): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at, key_id`);
}

/** Revokes a live key; undefined when there is no such key or it was revoked already. */
export async function revokeApiKey(db: Sql, keyId: string): Promise<ApiKeyRow | undefined> {
  const rows = await db.query<ApiKeyRow>(
    `UPDATE api_keys SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
    [keyId],
  );
  return rows[0];
}
