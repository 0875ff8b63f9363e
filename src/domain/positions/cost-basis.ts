import type { Decimal } from 'decimal.js';
import { type FieldError, validationFailed } from '../errors.ts';
import { type Dec, dec, ONE, quotient, sum, ZERO } from '../money.ts';
import type { CostBasisMethod, IsoDate } from '../records/types.ts';
import { LotBook } from './lots.ts';

/**
 * A stateless cost-basis calculation in one currency: a list of buys, sells and splits and a method give the
 * sales, the remaining lots and the totals. The same lot book as the position engine, without FX, cashflows or
 * storage: the reference vectors run through it, and so can POST /analytics/cost-basis.
 */
export interface CostBasisTransaction {
  date: IsoDate;
  type: 'buy' | 'sell' | 'split';
  quantity?: Decimal.Value;
  price?: Decimal.Value;
  fee?: Decimal.Value;
  /** split: `ratio_num` new shares for `ratio_den` old (3 for 2: 3 and 2). */
  ratio_num?: Decimal.Value;
  ratio_den?: Decimal.Value;
}

export interface CostBasisRequest {
  method: CostBasisMethod;
  transactions: readonly CostBasisTransaction[];
}

export interface SaleLot {
  acquired: IsoDate;
  quantity: Dec;
  cost_basis: Dec;
}

export interface Sale {
  date: IsoDate;
  quantity: Dec;
  /** Net proceeds: quantity × price − fee. */
  proceeds: Dec;
  cost_basis_removed: Dec;
  realized_gain: Dec;
  lots: SaleLot[];
}

export interface RemainingLot {
  acquired: IsoDate;
  quantity: Dec;
  cost_basis: Dec;
  cost_per_share: Dec;
}

export interface CostBasisResult {
  method: CostBasisMethod;
  sales: Sale[];
  realized_gain_total: Dec;
  remaining_quantity: Dec;
  remaining_cost_basis: Dec;
  /** Open lots in acquisition order; under AVCO each at its share of the pool. */
  remaining_lots: RemainingLot[];
  /** null when nothing is held. */
  average_cost_per_share: Dec | null;
  total_buy_cost: Dec;
  total_net_proceeds: Dec;
}

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

interface Checked {
  index: number;
  date: IsoDate;
  type: CostBasisTransaction['type'];
  quantity: Dec;
  price: Dec;
  fee: Dec;
  ratioNum: Dec;
  ratioDen: Dec;
}

function readNumber(
  errors: FieldError[],
  index: number,
  field: string,
  raw: Decimal.Value | undefined,
  fallback: Dec | null,
  positive: boolean,
): Dec {
  if (raw === undefined || raw === null) {
    if (fallback !== null) return fallback;
    errors.push({ index, field, message: 'is required' });
    return ZERO;
  }
  const text = typeof raw === 'string' ? raw.trim() : String(raw);
  if (!(typeof raw === 'object' || DECIMAL_TEXT.test(text))) {
    errors.push({ index, field, message: `must be a number, got ${JSON.stringify(raw)}` });
    return ZERO;
  }
  const value = dec(typeof raw === 'object' ? raw : text);
  if (positive ? !value.gt(0) : value.isNeg() && !value.isZero()) {
    errors.push({
      index,
      field,
      message: `must be ${positive ? 'greater than 0' : 'at least 0'}, got ${text}`,
    });
  }
  return value;
}

function check(transactions: readonly CostBasisTransaction[]): Checked[] {
  const errors: FieldError[] = [];
  const checked = transactions.map((t, index): Checked => {
    if (typeof t.date !== 'string' || !DATE_TEXT.test(t.date)) {
      errors.push({
        index,
        field: 'date',
        message: `must be a date 'YYYY-MM-DD', got ${JSON.stringify(t.date)}`,
      });
    }
    if (t.type !== 'buy' && t.type !== 'sell' && t.type !== 'split') {
      errors.push({
        index,
        field: 'type',
        message: `must be buy, sell or split, got ${JSON.stringify(t.type)}`,
      });
    }
    const trade = t.type !== 'split';
    return {
      index,
      date: t.date,
      type: t.type,
      quantity: trade ? readNumber(errors, index, 'quantity', t.quantity, null, true) : ZERO,
      price: trade ? readNumber(errors, index, 'price', t.price, null, false) : ZERO,
      fee: trade ? readNumber(errors, index, 'fee', t.fee, ZERO, false) : ZERO,
      ratioNum: trade ? ONE : readNumber(errors, index, 'ratio_num', t.ratio_num, null, true),
      ratioDen: trade ? ONE : readNumber(errors, index, 'ratio_den', t.ratio_den, ONE, true),
    };
  });
  if (errors.length > 0) throw validationFailed('the cost basis transactions are invalid', errors);
  return checked;
}

/**
 * Runs the transactions in date order (a stable sort: the same date keeps list order) under the method.
 * Buy: a lot costing quantity × price + fee. Sell: net proceeds quantity × price − fee, realized gain =
 * proceeds − cost removed. Split: every open lot's quantity × num / den, costs unchanged.
 */
export function costBasis(request: CostBasisRequest): CostBasisResult {
  const ordered = check(request.transactions).sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : 0,
  );
  const book = new LotBook(request.method);
  const sales: Sale[] = [];
  const buyCosts: Dec[] = [];
  for (const t of ordered) {
    if (t.type === 'buy') {
      const cost = t.quantity.times(t.price).plus(t.fee);
      buyCosts.push(cost);
      book.acquire({
        lotId: `LOT-${t.index}`,
        sourceTransactionId: String(t.index),
        acquisitionDate: t.date,
        quantity: t.quantity,
        costLocal: cost,
        costBase: cost,
        accruedInterestLocal: ZERO,
      });
    } else if (t.type === 'sell') {
      const proceeds = t.quantity.times(t.price).minus(t.fee);
      const problem = proceeds.isNeg()
        ? `net proceeds must not be negative, got ${proceeds.toFixed()}`
        : t.quantity.gt(book.quantity)
          ? `sells ${t.quantity.toFixed()} but only ${book.quantity.toFixed()} is held`
          : null;
      if (problem !== null) {
        throw validationFailed('the cost basis transactions are invalid', [
          { index: t.index, field: 'quantity', message: problem },
        ]);
      }
      const removal = book.remove(t.quantity);
      sales.push({
        date: t.date,
        quantity: t.quantity,
        proceeds,
        cost_basis_removed: removal.costLocal,
        realized_gain: proceeds.minus(removal.costLocal),
        lots: removal.takes.map((take) => ({
          acquired: take.acquisitionDate,
          quantity: take.quantity,
          cost_basis: take.costLocal,
        })),
      });
    } else {
      book.split(t.ratioNum, t.ratioDen);
    }
  }
  const remaining = book
    .lots()
    .filter((lot) => lot.open_quantity.gt(0))
    .map((lot) => ({
      acquired: lot.acquisition_date,
      quantity: lot.open_quantity,
      cost_basis: lot.open_cost_local,
      cost_per_share: quotient(lot.open_cost_local, lot.open_quantity),
    }));
  return {
    method: request.method,
    sales,
    realized_gain_total: sum(sales.map((s) => s.realized_gain)),
    remaining_quantity: book.quantity,
    remaining_cost_basis: book.costLocal,
    remaining_lots: remaining,
    average_cost_per_share: book.quantity.gt(0) ? quotient(book.costLocal, book.quantity) : null,
    total_buy_cost: sum(buyCosts),
    total_net_proceeds: sum(sales.map((s) => s.proceeds)),
  };
}
