import type { ReplayResult } from '../domain/positions/types.ts';
import type { IsoDate } from '../domain/records/types.ts';
import type { PositionKey } from '../store/position-facts.ts';
import type { KeyState, KeyUpdate } from '../store/position-keys.ts';
import type { Contributor } from './change-events.ts';

/**
 * The pure decisions of the position stage: which keys a batch rebuilds from which date, which events are
 * stale, and the key state (epoch, watermark, status) a replay leaves behind.
 */

/** An event of the batch reaching a key: rebuild it from `from` (null: from its first transaction). */
export interface Reach extends PositionKey {
  from: IsoDate | null;
  /** headers.epoch of the event, when it was produced under a known epoch of the key. */
  epoch?: number | undefined;
  by: Contributor;
}

/** One replay to run: the earliest date any of the key's live events asked for, and who asked. */
export interface KeyRequest extends PositionKey {
  from: IsoDate | null;
  contributors: Contributor[];
}

export const keyText = (k: PositionKey) => JSON.stringify([k.portfolio_id, k.security_id]);

/**
 * An event produced under an older epoch of the key than the current one describes a state a rebuild has
 * since replaced: it is dropped. Events without an epoch (every fact change today) are never stale.
 */
export function isStale(eventEpoch: number | undefined, keyEpoch: number): boolean {
  return eventEpoch !== undefined && eventEpoch < keyEpoch;
}

/** The earlier of two rebuild dates, null (from the beginning) being the earliest. */
export function earlier(a: IsoDate | null, b: IsoDate | null): IsoDate | null {
  if (a === null || b === null) return null;
  return a < b ? a : b;
}

/**
 * Coalesces the reaches of a batch per key to the earliest date, dropping stale ones: one replay per key,
 * however many events reached it. Keys come out in key order.
 */
export function coalesce(
  reaches: readonly Reach[],
  epochOf: (key: PositionKey) => number,
): { requests: KeyRequest[]; stale: Reach[] } {
  const byKey = new Map<string, KeyRequest>();
  const stale: Reach[] = [];
  for (const r of reaches) {
    if (isStale(r.epoch, epochOf(r))) {
      stale.push(r);
      continue;
    }
    const id = keyText(r);
    const seen = byKey.get(id);
    if (seen) {
      seen.from = earlier(seen.from, r.from);
      seen.contributors.push(r.by);
    } else {
      byKey.set(id, {
        portfolio_id: r.portfolio_id,
        security_id: r.security_id,
        from: r.from,
        contributors: [r.by],
      });
    }
  }
  const requests = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  return { requests, stale };
}

/** The outcome of one key's replay: what to write from which date, and the key state after it. */
export interface KeyOutcome {
  /** Stored rows dated on or after this are replaced (null: all of them). */
  cut: IsoDate | null;
  update: KeyUpdate;
  /** The earliest date whose derived state changed, for positions_changed; null when the key holds nothing. */
  changedFrom: IsoDate | null;
}

/**
 * The key state a replay leaves: the watermark is the date of the last applied row; a rebuild that rewrites
 * rows on or before the old watermark (a back-dated fact) runs under epoch + 1. A blocked key also drops
 * every stored row from the blocking transaction's date on, so nothing after the block survives.
 *
 * @param blockedDate the UTC date of the transaction the replay stopped at, when it stopped
 * @param firstDate the date of the key's first transaction, when it has any
 */
export function outcomeOf(
  state: KeyState,
  from: IsoDate | null,
  result: ReplayResult,
  blockedDate: IsoDate | null,
  firstDate: IsoDate | null,
): KeyOutcome {
  const cut = result.blocked && blockedDate !== null ? earlier(from, blockedDate) : from;
  const backdated = state.watermark_date !== null && (cut === null || cut <= state.watermark_date);
  const last = result.rows.at(-1);
  return {
    cut,
    changedFrom: cut ?? firstDate,
    update: {
      portfolio_id: state.portfolio_id,
      security_id: state.security_id,
      epoch: backdated ? state.epoch + 1 : state.epoch,
      watermark_date: last ? last.position_date : null,
      status: result.blocked ? 'BLOCKED' : 'CURRENT',
      blocked_reason: result.blocked?.reason ?? null,
      blocked_transaction_id: result.blocked?.transaction_id ?? null,
      blocked_detail: result.blocked?.detail ?? null,
    },
  };
}
