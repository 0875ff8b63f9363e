import { hashApiKey, looksLikeApiKey, type Principal, principalOf } from '../../app/api-keys.ts';
import { findLiveKeyByHash } from '../../store/api-keys.ts';
import type { Sql } from '../../store/db.ts';

/**
 * Resolves a presented key to its principal, remembering answers for CACHE_MS so a request costs one hash and
 * a map lookup, not a query. A revoked key stops working within CACHE_MS in every process (each reads the
 * table). Unknown keys are remembered too, in a bounded map, so a client retrying a bad key does not reach
 * the database each time.
 */
export const CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;

export function keyResolver(db: Sql, now: () => number = Date.now) {
  const cache = new Map<string, { principal: Principal | undefined; at: number }>();
  return async (presented: string): Promise<Principal | undefined> => {
    if (!looksLikeApiKey(presented)) return undefined;
    const hash = hashApiKey(presented);
    const hit = cache.get(hash);
    if (hit && now() - hit.at < CACHE_MS) return hit.principal;
    const row = await findLiveKeyByHash(db, hash);
    if (cache.size >= MAX_ENTRIES) cache.clear();
    const principal = row ? principalOf(row) : undefined;
    cache.set(hash, { principal, at: now() });
    return principal;
  };
}
