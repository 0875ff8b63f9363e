import { listApiKeys } from '../../store/api-keys.ts';
import { listAuditEvents } from '../../store/audit.ts';
import type { Sql } from '../../store/db.ts';

// What GET /keys and GET /audit read (admin scope); creating and revoking keys is app/api-keys.ts.

/** Every API key, newest last: ids, names, scopes and portfolios, never a key or its hash. */
export async function keysOf(db: Sql) {
  return { keys: await listApiKeys(db) };
}

/** A page of the audit trail of writes, after the cursor `after`. */
export function auditPage(db: Sql, query: Parameters<typeof listAuditEvents>[1]) {
  return listAuditEvents(db, query);
}
