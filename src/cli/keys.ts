import { createApiKey, revokeKey } from '../app/api-keys.ts';
import { AppError } from '../domain/errors.ts';
import { listApiKeys } from '../store/api-keys.ts';
import { openStore } from '../store/open.ts';
import { UserError } from './errors.ts';
import { configFrom, dataFlagNote } from './options.ts';

/**
 * `pas keys create|list|revoke`: API keys, written straight to the store (PostgreSQL with DATABASE_URL, else
 * the PGlite data directory, which must not be in use by a running `pas start`). A running server sees a new
 * or revoked key within seconds (security/key-cache.ts).
 */

export interface KeysFlags {
  data?: string;
}

export interface CreateFlags extends KeysFlags {
  name: string;
  scopes: string;
  portfolios?: string;
}

const list = (text: string): string[] => text.split(',').map((s) => s.trim());

async function withStore<T>(
  flags: KeysFlags,
  fn: (db: Awaited<ReturnType<typeof openStore>>['db']) => Promise<T>,
) {
  const config = configFrom(flags);
  const note = dataFlagNote(flags, config);
  if (note) process.stderr.write(`${note}\n`);
  const store = await openStore(config);
  try {
    return await fn(store.db);
  } catch (error) {
    if (error instanceof AppError && error.errors.length > 0) {
      throw new UserError(
        [error.message, ...error.errors.map((e) => `  ${e.field}: ${e.message}`)].join('\n'),
      );
    }
    throw error;
  } finally {
    await store.close();
  }
}

const CLI_ACTOR = { keyId: null, correlationId: 'cli:pas-keys' };

export async function runKeysCreate(flags: CreateFlags): Promise<void> {
  const { key, row } = await withStore(flags, (db) =>
    createApiKey(
      db,
      {
        name: flags.name,
        scopes: list(flags.scopes),
        portfolios: flags.portfolios === undefined ? undefined : list(flags.portfolios),
      },
      CLI_ACTOR,
    ),
  );
  process.stdout.write(`${key}\n`);
  process.stderr.write(
    `pas keys: created key ${row.key_id} "${row.name}" (scopes ${row.scopes.join(', ')}; ` +
      `${row.portfolios ? `portfolios ${row.portfolios.join(', ')}` : 'every portfolio'}). ` +
      'The key above is shown once and stored only as a hash: keep it now.\n',
  );
}

export async function runKeysList(flags: KeysFlags): Promise<void> {
  const rows = await withStore(flags, (db) => listApiKeys(db));
  if (rows.length === 0) {
    process.stdout.write('no API keys\n');
    return;
  }
  for (const r of rows) {
    process.stdout.write(
      `${[
        r.key_id,
        r.revoked_at ? `revoked ${r.revoked_at}` : 'active',
        `name=${JSON.stringify(r.name)}`,
        `scopes=${r.scopes.join(',')}`,
        `portfolios=${r.portfolios ? r.portfolios.join(',') : '*'}`,
        `created ${r.created_at}`,
      ].join('  ')}\n`,
    );
  }
}

export async function runKeysRevoke(keyId: string, flags: KeysFlags): Promise<void> {
  const row = await withStore(flags, (db) => revokeKey(db, keyId, CLI_ACTOR));
  process.stdout.write(`pas keys: revoked ${row.key_id} "${row.name}"\n`);
}
