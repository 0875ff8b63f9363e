import { type Dec, proRata, quotient, sum, ZERO } from '../money.ts';
import type { CostBasisMethod, IsoDate } from '../records/types.ts';
import type { Lot } from './types.ts';

export interface Acquisition {
  lotId: string;
  sourceTransactionId: string;
  acquisitionDate: IsoDate;
  quantity: Dec;
  costLocal: Dec;
  costBase: Dec;
  accruedInterestLocal: Dec;
}

/** The part of one lot a removal consumed. */
export interface Take {
  lotId: string;
  acquisitionDate: IsoDate;
  quantity: Dec;
  costLocal: Dec;
  costBase: Dec;
}

export interface Removal {
  costLocal: Dec;
  costBase: Dec;
  takes: Take[];
}

interface BookLot {
  /** Acquisition order (the replay order), the tie-breaker of every method. */
  order: number;
  lotId: string;
  sourceTransactionId: string;
  acquisitionDate: IsoDate;
  /** In today's units: scaled by the splits since the lot was opened, while it is open. */
  originalQuantity: Dec;
  openQuantity: Dec;
  lotCostLocal: Dec;
  lotCostBase: Dec;
  /** Lot methods only; under AVCO the open cost is the lot's share of the pool (see lots()). */
  openCostLocal: Dec;
  openCostBase: Dec;
  accruedInterestLocal: Dec;
}

/** True when lot a is consumed before lot b under the method. */
type ConsumedBefore = (a: BookLot, b: BookLot) => boolean;

const earliestFirst: ConsumedBefore = (a, b) => a.order < b.order;
const latestFirst: ConsumedBefore = (a, b) => a.order > b.order;
/**
 * Highest local cost per share first: lotCost / quantity compared by cross-multiplication, so exact. Splits
 * scale every open lot's quantity alike and leave lot costs alone, so the order of open lots never changes.
 */
const highestCostFirst: ConsumedBefore = (a, b) => {
  const cmp = a.lotCostLocal.times(b.originalQuantity).cmp(b.lotCostLocal.times(a.originalQuantity));
  return cmp !== 0 ? cmp > 0 : a.order < b.order;
};

const CONSUMPTION_ORDER: Readonly<Record<CostBasisMethod, ConsumedBefore>> = {
  FIFO: earliestFirst,
  LIFO: latestFirst,
  HIFO: highestCostFirst,
  // The pool gives the cost; lot quantities go down oldest first, for the lots view.
  AVCO: earliestFirst,
};

/**
 * Splits `total` over parts in proportion to their quantities: each part pro rata, the last the remainder,
 * so the parts add up to the total exactly.
 */
function allocate(total: Dec, quantities: readonly Dec[], whole: Dec): Dec[] {
  const shares: Dec[] = [];
  let left = total;
  quantities.forEach((q, i) => {
    const share = i === quantities.length - 1 ? left : proRata(total, q, whole);
    shares.push(share);
    left = left.minus(share);
  });
  return shares;
}

/**
 * The lots of one key under one cost basis method. Exact decimals; cost leaves a partially consumed lot pro
 * rata and what stays is found by subtraction, so for every lot (and the AVCO pool) remaining + removed =
 * acquired holds exactly, per currency, and a fully consumed lot ends at exactly 0.
 */
export class LotBook {
  readonly method: CostBasisMethod;
  readonly #consumedBefore: ConsumedBefore;
  /** Every lot ever opened, in acquisition order. */
  readonly #all: BookLot[] = [];
  /** The open lots, in the order the method consumes them. */
  #open: BookLot[] = [];
  /**
   * Cash only: the overdrafts not yet repaid, oldest first, as lots of negative quantity and cost. Never beside
   * an open lot: an overdraft is opened only once every lot is consumed, and an acquisition repays it first.
   */
  #overdrafts: BookLot[] = [];
  #quantity: Dec = ZERO;
  /** Cost of the open lots; under AVCO the pool, which is the same thing. */
  #costLocal: Dec = ZERO;
  #costBase: Dec = ZERO;

  constructor(method: CostBasisMethod) {
    this.method = method;
    this.#consumedBefore = CONSUMPTION_ORDER[method];
  }

  get quantity(): Dec {
    return this.#quantity;
  }
  get costLocal(): Dec {
    return this.#costLocal;
  }
  get costBase(): Dec {
    return this.#costBase;
  }

  acquire(a: Acquisition): void {
    const repaid = this.#repay(a.quantity);
    if (repaid.gt(0)) {
      // The part that repays the overdraft leaves it; the rest (if any) opens a lot at its share of the cost.
      const rest = a.quantity.minus(repaid);
      if (rest.isZero()) return;
      a = {
        ...a,
        quantity: rest,
        costLocal: proRata(a.costLocal, rest, a.quantity),
        costBase: proRata(a.costBase, rest, a.quantity),
      };
    }
    const lot: BookLot = {
      order: this.#all.length,
      lotId: a.lotId,
      sourceTransactionId: a.sourceTransactionId,
      acquisitionDate: a.acquisitionDate,
      originalQuantity: a.quantity,
      openQuantity: a.quantity,
      lotCostLocal: a.costLocal,
      lotCostBase: a.costBase,
      openCostLocal: a.costLocal,
      openCostBase: a.costBase,
      accruedInterestLocal: a.accruedInterestLocal,
    };
    this.#all.push(lot);
    this.#open.splice(this.#insertionIndex(lot), 0, lot);
    this.#quantity = this.#quantity.plus(a.quantity);
    this.#costLocal = this.#costLocal.plus(a.costLocal);
    this.#costBase = this.#costBase.plus(a.costBase);
  }

  /** Consumes `quantity` (> 0, ≤ the quantity held: the caller checks) and returns what it cost. */
  remove(quantity: Dec): Removal {
    if (quantity.gt(this.#quantity)) {
      throw new RangeError(`remove ${quantity.toFixed()} exceeds the ${this.#quantity.toFixed()} held`);
    }
    const removal = this.method === 'AVCO' ? this.#removeFromPool(quantity) : this.#removeFromLots(quantity);
    this.#quantity = this.#quantity.minus(quantity);
    this.#costLocal = this.#costLocal.minus(removal.costLocal);
    this.#costBase = this.#costBase.minus(removal.costBase);
    return removal;
  }

  /**
   * Cash only (an overdraft): consumes what is held, as `remove` does, and books the rest as an overdraft lot of
   * negative quantity, whose cost is the amount overdrawn at the day's rate (`costPerUnitLocal`, `…Base`), so
   * the part overdrawn realizes nothing. Later acquisitions repay the oldest overdraft first.
   */
  overdraw(
    quantity: Dec,
    costPerUnitLocal: Dec,
    costPerUnitBase: Dec,
    opened: { lotId: string; sourceTransactionId: string; acquisitionDate: IsoDate },
  ): Removal {
    const held = this.#quantity.gt(0) ? this.#quantity : ZERO;
    const removal = held.gt(0) ? this.remove(held) : { costLocal: ZERO, costBase: ZERO, takes: [] };
    const short = quantity.minus(held);
    const costLocal = short.times(costPerUnitLocal);
    const costBase = short.times(costPerUnitBase);
    const lot: BookLot = {
      order: this.#all.length,
      ...opened,
      originalQuantity: short.negated(),
      openQuantity: short.negated(),
      lotCostLocal: costLocal.negated(),
      lotCostBase: costBase.negated(),
      openCostLocal: costLocal.negated(),
      openCostBase: costBase.negated(),
      accruedInterestLocal: ZERO,
    };
    this.#all.push(lot);
    this.#overdrafts.push(lot);
    this.#quantity = this.#quantity.minus(short);
    this.#costLocal = this.#costLocal.minus(costLocal);
    this.#costBase = this.#costBase.minus(costBase);
    return {
      costLocal: removal.costLocal.plus(costLocal),
      costBase: removal.costBase.plus(costBase),
      takes: removal.takes,
    };
  }

  /** Repays overdrafts, oldest first, with up to `quantity`; returns the quantity used. */
  #repay(quantity: Dec): Dec {
    let left = quantity;
    while (left.gt(0) && this.#overdrafts.length > 0) {
      const lot = this.#overdrafts[0]!;
      const owed = lot.openQuantity.negated();
      const whole = left.gte(owed);
      const take = whole ? owed : left;
      const costLocal = whole ? lot.openCostLocal : proRata(lot.openCostLocal, take, owed);
      const costBase = whole ? lot.openCostBase : proRata(lot.openCostBase, take, owed);
      lot.openQuantity = lot.openQuantity.plus(take);
      lot.openCostLocal = lot.openCostLocal.minus(costLocal);
      lot.openCostBase = lot.openCostBase.minus(costBase);
      this.#quantity = this.#quantity.plus(take);
      this.#costLocal = this.#costLocal.minus(costLocal);
      this.#costBase = this.#costBase.minus(costBase);
      if (whole) this.#overdrafts.shift();
      left = left.minus(take);
    }
    return quantity.minus(left);
  }

  /** A split of `numerator` new shares for `denominator` old: quantities scale, costs and dates stay. */
  split(numerator: Dec, denominator: Dec): void {
    const scale = (q: Dec): Dec => quotient(q.times(numerator), denominator);
    for (const lot of this.#open) {
      lot.openQuantity = scale(lot.openQuantity);
      lot.originalQuantity = scale(lot.originalQuantity);
    }
    this.#quantity = sum(this.#open.map((lot) => lot.openQuantity));
  }

  /**
   * Every lot ever opened, in acquisition order. Under AVCO a lot's open quantity went down oldest first and
   * its open cost is its share of the pool at the pool's average (the last open lot takes the remainder, so
   * the open costs add up to the pool exactly); its lot cost is what it was acquired for.
   */
  lots(): Lot[] {
    const poolShares = new Map<BookLot, { local: Dec; base: Dec }>();
    if (this.method === 'AVCO' && this.#open.length > 0) {
      const quantities = this.#open.map((lot) => lot.openQuantity);
      const local = allocate(this.#costLocal, quantities, this.#quantity);
      const base = allocate(this.#costBase, quantities, this.#quantity);
      this.#open.forEach((lot, i) => {
        poolShares.set(lot, { local: local[i]!, base: base[i]! });
      });
    }
    return this.#all.map((lot) => {
      const pooled = poolShares.get(lot);
      // An overdraft is never in the pool (it exists only when no lot is open): its open cost is its own.
      const isPooled = this.method === 'AVCO' && !lot.openQuantity.isNegative();
      return {
        lot_id: lot.lotId,
        source_transaction_id: lot.sourceTransactionId,
        acquisition_date: lot.acquisitionDate,
        original_quantity: lot.originalQuantity,
        open_quantity: lot.openQuantity,
        lot_cost_local: lot.lotCostLocal,
        lot_cost_base: lot.lotCostBase,
        open_cost_local: isPooled ? (pooled?.local ?? ZERO) : lot.openCostLocal,
        open_cost_base: isPooled ? (pooled?.base ?? ZERO) : lot.openCostBase,
        accrued_interest_paid_local: lot.accruedInterestLocal,
      };
    });
  }

  /** Binary search: after every open lot consumed before the new one (so equal keys keep arrival order). */
  #insertionIndex(lot: BookLot): number {
    let lo = 0;
    let hi = this.#open.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#consumedBefore(lot, this.#open[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Takes quantity off the open lots in consumption order; returns the lots and quantities taken. */
  #reduceQuantities(quantity: Dec): { lot: BookLot; quantity: Dec; whole: boolean }[] {
    const parts: { lot: BookLot; quantity: Dec; whole: boolean }[] = [];
    let left = quantity;
    let consumed = 0;
    while (left.gt(0)) {
      const lot = this.#open[consumed]!;
      const whole = left.gte(lot.openQuantity);
      const take = whole ? lot.openQuantity : left;
      parts.push({ lot, quantity: take, whole });
      left = left.minus(take);
      if (whole) consumed += 1;
    }
    return parts;
  }

  #removeFromLots(quantity: Dec): Removal {
    const takes: Take[] = [];
    const parts = this.#reduceQuantities(quantity);
    for (const { lot, quantity: take, whole } of parts) {
      const costLocal = whole ? lot.openCostLocal : proRata(lot.openCostLocal, take, lot.openQuantity);
      const costBase = whole ? lot.openCostBase : proRata(lot.openCostBase, take, lot.openQuantity);
      lot.openQuantity = lot.openQuantity.minus(take);
      lot.openCostLocal = lot.openCostLocal.minus(costLocal);
      lot.openCostBase = lot.openCostBase.minus(costBase);
      takes.push({
        lotId: lot.lotId,
        acquisitionDate: lot.acquisitionDate,
        quantity: take,
        costLocal,
        costBase,
      });
    }
    this.#dropClosedLots(parts);
    return {
      costLocal: sum(takes.map((t) => t.costLocal)),
      costBase: sum(takes.map((t) => t.costBase)),
      takes,
    };
  }

  /** Moving average: cost leaves the pool at the pool's average; all of it when the position is liquidated. */
  #removeFromPool(quantity: Dec): Removal {
    const liquidates = quantity.eq(this.#quantity);
    const costLocal = liquidates ? this.#costLocal : proRata(this.#costLocal, quantity, this.#quantity);
    const costBase = liquidates ? this.#costBase : proRata(this.#costBase, quantity, this.#quantity);
    const parts = this.#reduceQuantities(quantity);
    const quantities = parts.map((p) => p.quantity);
    const local = allocate(costLocal, quantities, quantity);
    const base = allocate(costBase, quantities, quantity);
    const takes = parts.map(({ lot, quantity: take }, i) => {
      lot.openQuantity = lot.openQuantity.minus(take);
      return {
        lotId: lot.lotId,
        acquisitionDate: lot.acquisitionDate,
        quantity: take,
        costLocal: local[i]!,
        costBase: base[i]!,
      };
    });
    this.#dropClosedLots(parts);
    return { costLocal, costBase, takes };
  }

  #dropClosedLots(parts: readonly { whole: boolean }[]): void {
    const closed = parts.filter((p) => p.whole).length;
    if (closed > 0) this.#open = this.#open.slice(closed);
  }
}
