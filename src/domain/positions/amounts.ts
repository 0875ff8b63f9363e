import { type Dec, dec, ZERO } from '../money.ts';
import type { TransactionRule } from './rules.ts';
import type { EngineTransaction } from './types.ts';

/** The numbers of a transaction, read and checked once. Amounts are in the trade currency. */
export interface Amounts {
  quantity: Dec;
  gross: Dec;
  fee: Dec;
  accruedInterest: Dec;
  /** SPLIT only: new shares per old share. */
  splitRatio: Dec | null;
  suppliedFxRate: Dec | null;
}

export type AmountsReading = { ok: true; amounts: Amounts } | { ok: false; detail: string };

// Decimal() alone would also take hex, binary, 'Infinity' and 'NaN'.
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

class Invalid extends Error {}

function parse(field: string, raw: string | null | undefined, required: boolean): Dec | null {
  if (raw === null || raw === undefined || raw === '') {
    if (required) throw new Invalid(`${field} is required`);
    return null;
  }
  if (!DECIMAL_TEXT.test(raw)) throw new Invalid(`${field} must be a decimal number, got "${raw}"`);
  return dec(raw);
}

function atLeastZero(field: string, value: Dec): Dec {
  if (value.isNeg() && !value.isZero())
    throw new Invalid(`${field} must not be negative, got ${value.toFixed()}`);
  return value;
}

function aboveZero(field: string, value: Dec): Dec {
  if (!value.gt(0)) throw new Invalid(`${field} must be greater than 0, got ${value.toFixed()}`);
  return value;
}

/**
 * Reads a transaction's numbers and enforces what the replay relies on: no negative amount or cost, a
 * quantity > 0 where the transaction is about shares, a positive split ratio and FX rate, SELL proceeds that
 * are not negative, and a positive amount net of fee for a DEPOSIT (its lot is that many units of cash).
 */
export function readAmounts(txn: EngineTransaction, rule: TransactionRule): AmountsReading {
  const type = txn.transaction_type;
  try {
    const quantity = atLeastZero('quantity', parse('quantity', txn.quantity, true)!);
    if (rule.needsQuantity) aboveZero('quantity', quantity);
    const gross = atLeastZero(
      'gross_transaction_amount',
      parse('gross_transaction_amount', txn.gross_transaction_amount, true)!,
    );
    const fee = atLeastZero('trade_fee', parse('trade_fee', txn.trade_fee, false) ?? ZERO);
    const accruedInterest = atLeastZero(
      'accrued_interest',
      parse('accrued_interest', txn.accrued_interest, false) ?? ZERO,
    );
    const isSplit = rule.lots.kind === 'SCALE';
    const ratio = parse('split_ratio', txn.split_ratio, isSplit);
    const splitRatio = isSplit ? aboveZero('split_ratio', ratio!) : null;
    const supplied = parse('transaction_fx_rate', txn.transaction_fx_rate, false);
    const suppliedFxRate = supplied === null ? null : aboveZero('transaction_fx_rate', supplied);
    if (rule.realized === 'PNL' && gross.lt(fee)) {
      throw new Invalid(
        `net proceeds (gross ${gross.toFixed()} − fee ${fee.toFixed()}) must not be negative`,
      );
    }
    if (rule.lots.kind === 'ACQUIRE' && rule.lots.units === 'GROSS_MINUS_FEE' && !gross.gt(fee)) {
      throw new Invalid(
        `the amount net of fee (gross ${gross.toFixed()} − fee ${fee.toFixed()}) must be positive`,
      );
    }
    return { ok: true, amounts: { quantity, gross, fee, accruedInterest, splitRatio, suppliedFxRate } };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, detail: `${type}: ${e.message}` };
    throw e;
  }
}
