import type { BlockReason } from '../domain/positions/types.ts';
import type { IsoDate } from '../domain/records/types.ts';
import type { Sql } from './db.ts';
import type { PositionKey } from './position-facts.ts';
import type { PROCESSING_ERROR } from './quarantine.ts';

/** Why a key is BLOCKED: the engine's reasons, or a record about it quarantined by a stage. */
export type KeyBlockReason = BlockReason | typeof PROCESSING_ERROR;

export type KeyStatus = 'CURRENT' | 'REPROCESSING' | 'BLOCKED';

/** The state of a (portfolio, security) key, as the position stage keeps it. */
export interface KeyState extends PositionKey {
  epoch: number;
  watermark_date: IsoDate | null;
  status: KeyStatus;
  blocked_reason: KeyBlockReason | null;
  blocked_transaction_id: string | null;
  blocked_detail: string | null;
  replays: number;
}

const byKey = (a: PositionKey, b: PositionKey) =>
  a.portfolio_id < b.portfolio_id
    ? -1
    : a.portfolio_id > b.portfolio_id
      ? 1
      : a.security_id < b.security_id
        ? -1
        : a.security_id > b.security_id
          ? 1
          : 0;

/**
 * Creates the keys not seen before and locks every one of them until the caller's transaction ends, in key
 * order, so two processes rebuilding overlapping keys queue behind each other instead of deadlocking.
 * Returns their state as it stands once locked.
 */
export async function lockKeys(tx: Sql, keys: readonly PositionKey[]): Promise<KeyState[]> {
  if (keys.length === 0) return [];
  const sorted = [...keys].sort(byKey);
  const params = [sorted.map((k) => k.portfolio_id), sorted.map((k) => k.security_id)];
  await tx.query(
    `INSERT INTO position_keys (portfolio_id, security_id)
     SELECT * FROM unnest($1::text[], $2::text[]) ORDER BY 1, 2
     ON CONFLICT (portfolio_id, security_id) DO NOTHING`,
    params,
  );
  return tx.query<KeyState & Record<string, unknown>>(
    `SELECT s.portfolio_id, s.security_id, s.epoch, s.watermark_date, s.status, s.blocked_reason,
            s.blocked_transaction_id, s.blocked_detail, s.replays
     FROM position_keys s JOIN unnest($1::text[], $2::text[]) AS k(portfolio_id, security_id)
       ON s.portfolio_id = k.portfolio_id AND s.security_id = k.security_id
     ORDER BY s.portfolio_id, s.security_id
     FOR UPDATE OF s`,
    params,
  );
}

/** The state each replayed key ends the batch in (updateKeys adds the one replay this batch ran). */
export type KeyUpdate = Omit<KeyState, 'replays'>;

export async function updateKeys(tx: Sql, updates: readonly KeyUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  const col = <K extends keyof KeyUpdate>(k: K) => updates.map((u) => u[k]);
  await tx.query(
    `UPDATE position_keys s SET epoch = u.epoch, watermark_date = u.watermark_date, status = u.status,
       blocked_reason = u.blocked_reason, blocked_transaction_id = u.blocked_transaction_id,
       blocked_detail = u.blocked_detail, replays = s.replays + 1, updated_at = now()
     FROM unnest($1::text[], $2::text[], $3::int[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[])
       AS u(portfolio_id, security_id, epoch, watermark_date, status, blocked_reason, blocked_transaction_id,
            blocked_detail)
     WHERE s.portfolio_id = u.portfolio_id AND s.security_id = u.security_id`,
    [
      col('portfolio_id'),
      col('security_id'),
      col('epoch'),
      col('watermark_date'),
      col('status'),
      col('blocked_reason'),
      col('blocked_transaction_id'),
      col('blocked_detail'),
    ],
  );
}
