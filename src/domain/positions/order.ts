import type { IsoDate, IsoInstant } from '../records/types.ts';
import { ruleOf } from './rules.ts';
import type { EngineTransaction } from './types.ts';

export function instantOf(txn: EngineTransaction): number {
  const ms = Date.parse(txn.transaction_date);
  // Instants are validated at ingest; an unreadable one here is a bug upstream, not a fact to replay.
  if (Number.isNaN(ms))
    throw new RangeError(`transaction ${txn.transaction_id}: bad instant ${txn.transaction_date}`);
  return ms;
}

/** The UTC calendar date of an instant: the position, cashflow and FX date of a transaction. */
export function utcDate(instant: IsoInstant): IsoDate {
  return new Date(Date.parse(instant)).toISOString().slice(0, 10);
}

/** A type the registry does not know sorts with the neutral phase; the replay then rejects it. */
const phaseOf = (txn: EngineTransaction): number => ruleOf(txn.transaction_type)?.phase ?? 1;

/**
 * The replay order of a key's transactions, whatever order they came in:
 * 1. the transaction instant (to the millisecond);
 * 2. at the same instant, the phase: acquisitions (BUY, DEPOSIT, TRANSFER_IN), then SPLIT, DIVIDEND,
 *    INTEREST, then disposals (SELL, WITHDRAWAL, TRANSFER_OUT, FEE, TAX) — a SELL booked at the instant of
 *    the BUY it sells from never reads as an oversell (the original sorted by quantity here, §14 item 4);
 * 3. the transaction id (code-unit order, not locale), so the order is total and the same on every run.
 */
export function compareReplayOrder(a: EngineTransaction, b: EngineTransaction): number {
  return compareKeys(sortKey(a), sortKey(b));
}

interface SortKey {
  instant: number;
  phase: number;
  id: string;
}

const sortKey = (txn: EngineTransaction): SortKey => ({
  instant: instantOf(txn),
  phase: phaseOf(txn),
  id: txn.transaction_id,
});

function compareKeys(a: SortKey, b: SortKey): number {
  if (a.instant !== b.instant) return a.instant - b.instant;
  if (a.phase !== b.phase) return a.phase - b.phase;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}

/** The transactions in replay order (see compareReplayOrder); the input is left as it was. */
export function replayOrder(transactions: readonly EngineTransaction[]): EngineTransaction[] {
  return transactions
    .map((txn) => ({ txn, key: sortKey(txn) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((entry) => entry.txn);
}
