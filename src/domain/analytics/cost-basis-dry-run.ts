import type { Decimal } from 'decimal.js';
import { AppError, type FieldError, validationFailed } from '../errors.ts';
import { type Dec, dec } from '../money.ts';
import { type CostBasisTransaction, costBasis } from '../positions/cost-basis.ts';
import { compareReplayOrder, utcDate } from '../positions/order.ts';
import type { EngineTransaction } from '../positions/types.ts';
import { parseInstant } from '../records/fields.ts';
import { COST_BASIS_METHODS, type CostBasisMethod, type IsoDate } from '../records/types.ts';

/**
 * POST /analytics/cost-basis: the lots, disposals and realized P&L a transaction list gives under a method,
 * computed by the position engine's own lot book (positions/cost-basis.ts over positions/lots.ts) without
 * storing anything. A transaction comes in one of two shapes, told apart by `transaction_type`:
 * - the reference vectors' shape: {date, type: buy | sell | split, quantity, price, fee?, ratio_num?, ratio_den?};
 * - the ingest shape: {transaction_date, transaction_type: BUY | SELL | SPLIT, quantity, price, trade_fee?,
 *   split_ratio?, gross_transaction_amount?, trade_currency?}.
 */
export interface DryRunTransaction {
  date?: unknown;
  type?: unknown;
  quantity?: unknown;
  price?: unknown;
  fee?: unknown;
  ratio_num?: unknown;
  ratio_den?: unknown;
  transaction_id?: unknown;
  transaction_date?: unknown;
  transaction_type?: unknown;
  trade_fee?: unknown;
  split_ratio?: unknown;
  gross_transaction_amount?: unknown;
  accrued_interest?: unknown;
  trade_currency?: unknown;
}

export interface CostBasisDryRunRequest {
  method: CostBasisMethod;
  transactions: readonly DryRunTransaction[];
}

export interface LotPart {
  acquisition_date: IsoDate;
  quantity: Dec;
  cost_basis: Dec;
}

export interface DryRunDisposal {
  date: IsoDate;
  quantity: Dec;
  /** Net proceeds: quantity × price − fee. */
  proceeds: Dec;
  cost_basis_removed: Dec;
  realized_gain_loss: Dec;
  /** The lots the sale consumed, in the order the method consumed them. */
  lots: LotPart[];
}

export interface DryRunConventions {
  method: CostBasisMethod;
  fees: 'capitalised_on_buys_deducted_from_proceeds';
  splits: 'lot_quantities_scaled_costs_and_dates_kept';
  hifo_tie_break: 'earliest_acquired';
  avco: 'moving_average_pool_restarts_after_liquidation';
  /** Vector-shaped (or mixed) lists: date, then list order; all-ingest-shaped lists: the engine's replay order. */
  order: 'date_then_list_order' | 'replay_order';
  rounding: 'exact_decimals_quotients_to_24_places';
}

export interface CostBasisDryRun {
  disposals: DryRunDisposal[];
  realized_gain_loss: Dec;
  remaining_quantity: Dec;
  remaining_cost_basis: Dec;
  /** null when nothing is held. */
  average_cost_per_share: Dec | null;
  lots: (LotPart & { cost_per_share: Dec })[];
  total_buy_cost: Dec;
  total_net_proceeds: Dec;
  conventions: DryRunConventions;
}

const INGEST_TYPES: Readonly<Record<string, CostBasisTransaction['type']>> = {
  BUY: 'buy',
  SELL: 'sell',
  SPLIT: 'split',
};

/** The vectors' field names as the ingest shape spells them, for error messages. */
const INGEST_FIELD: Readonly<Record<string, string>> = {
  date: 'transaction_date',
  type: 'transaction_type',
  fee: 'trade_fee',
  ratio_num: 'split_ratio',
};

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const isIngestShape = (t: DryRunTransaction) => t.transaction_type !== undefined;

/**
 * A number or text as given (cost-basis.ts reads and checks it); anything else as its JSON text, which it then
 * refuses by name (it would take a Decimal-like object as a number).
 */
const asValue = (raw: unknown): Decimal.Value | undefined =>
  raw === undefined || raw === null || typeof raw === 'number' || typeof raw === 'string'
    ? (raw ?? undefined)
    : JSON.stringify(raw);

const exactly = (raw: unknown): Dec | null =>
  typeof raw === 'number' || (typeof raw === 'string' && DECIMAL_TEXT.test(raw.trim()))
    ? dec(String(raw).trim())
    : null;

/** An ingest-shaped transaction, read: its UTC instant (null when unreadable) and its lot book input. */
interface IngestReading {
  instant: string | null;
  transactionId: string;
  transactionType: string;
  input: CostBasisTransaction;
}

/**
 * An ingest-shaped transaction as the lot book's input. The date is read as the ingest reads it (a date, or a
 * datetime, UTC without an offset) and becomes its UTC date, the engine's position date. The engine costs a
 * trade from its gross amount, the lot book from quantity × price: a gross amount that differs is refused
 * rather than silently ignored, and so is accrued interest, which the dry run does not book.
 */
function fromIngestShape(t: DryRunTransaction, index: number, errors: FieldError[]): IngestReading {
  const typeText = typeof t.transaction_type === 'string' ? t.transaction_type.trim().toUpperCase() : '';
  const type = INGEST_TYPES[typeText];
  if (type === undefined) {
    errors.push({
      index,
      field: 'transaction_type',
      message: `must be BUY, SELL or SPLIT in a cost-basis dry run, got ${JSON.stringify(t.transaction_type)}`,
    });
  }
  const instant =
    t.transaction_date === undefined || t.transaction_date === null ? null : parseInstant(t.transaction_date);
  if (instant === null) errors.push({ index, field: 'transaction_date', message: 'is required' });
  else if (!instant.ok) errors.push({ index, field: 'transaction_date', message: instant.message });
  const quantity = exactly(t.quantity);
  const price = exactly(t.price);
  const gross = exactly(t.gross_transaction_amount);
  if (type !== 'split' && gross !== null && quantity !== null && price !== null) {
    const amount = quantity.times(price);
    if (!gross.eq(amount)) {
      errors.push({
        index,
        field: 'gross_transaction_amount',
        message: `must equal quantity × price (${amount.toFixed()}) in a dry run, got ${gross.toFixed()}`,
      });
    }
  }
  const accrued = exactly(t.accrued_interest);
  if (accrued !== null && !accrued.isZero()) {
    errors.push({
      index,
      field: 'accrued_interest',
      message: 'is not booked by a cost-basis dry run; leave it out',
    });
  }
  const at = instant?.ok ? instant.value : null;
  return {
    instant: at,
    transactionId: typeof t.transaction_id === 'string' ? t.transaction_id : '',
    transactionType: typeText,
    input: {
      // An unreadable date is already refused above; the lot book needs some text there.
      date: at === null ? '0000-00-00' : utcDate(at),
      type: type ?? ('invalid' as CostBasisTransaction['type']),
      quantity: asValue(t.quantity),
      price: asValue(t.price),
      fee: asValue(t.trade_fee),
      ratio_num: asValue(t.split_ratio),
      ratio_den: type === 'split' ? 1 : undefined,
    },
  };
}

/**
 * The order the position engine would replay an ingest-shaped list in (positions/order.ts): by instant, then
 * BUY before SPLIT before SELL at one instant, then transaction id; the list order where all of those tie. The
 * lot book's own date sort (stable) then keeps it.
 */
function replayOrderOf(readings: readonly IngestReading[]): number[] {
  const keyOf = (r: IngestReading) =>
    // Only the fields compareReplayOrder reads: the instant, the type (its phase) and the id.
    ({
      transaction_id: r.transactionId,
      transaction_date: r.instant!,
      transaction_type: r.transactionType,
    }) as EngineTransaction;
  const keys = readings.map(keyOf);
  return readings.map((_, i) => i).sort((a, b) => compareReplayOrder(keys[a]!, keys[b]!));
}

function fromVectorShape(t: DryRunTransaction): CostBasisTransaction {
  return {
    date: t.date as IsoDate,
    type: t.type as CostBasisTransaction['type'],
    quantity: asValue(t.quantity),
    price: asValue(t.price),
    fee: asValue(t.fee),
    ratio_num: asValue(t.ratio_num),
    ratio_den: asValue(t.ratio_den),
  };
}

/** One currency: the lot book has no FX, so trades in two currencies cannot share a cost basis. */
function checkOneCurrency(transactions: readonly DryRunTransaction[], errors: FieldError[]) {
  let first: unknown;
  transactions.forEach((t, index) => {
    if (t.trade_currency === undefined || t.trade_currency === null) return;
    first ??= t.trade_currency;
    if (t.trade_currency !== first) {
      errors.push({
        index,
        field: 'trade_currency',
        message: `must be the same for every transaction (no FX in a dry run): ${JSON.stringify(first)} before, got ${JSON.stringify(t.trade_currency)}`,
      });
    }
  });
}

/** The lot book's field errors in the names the client used, merged with ours, in transaction order. */
function merged(
  ours: readonly FieldError[],
  theirs: readonly FieldError[],
  transactions: readonly DryRunTransaction[],
) {
  const renamed = theirs.map((e) => {
    const t = transactions[e.index];
    return t !== undefined && isIngestShape(t) ? { ...e, field: INGEST_FIELD[e.field] ?? e.field } : e;
  });
  const said = new Set(ours.map((e) => `${e.index}/${e.field}`));
  // A transaction whose type we refused has no rules for its other fields.
  const untyped = new Set(ours.filter((e) => e.field === 'transaction_type').map((e) => e.index));
  const added = renamed.filter((e) => !said.has(`${e.index}/${e.field}`) && !untyped.has(e.index));
  return [...ours, ...added].sort((a, b) => a.index - b.index);
}

/** The longest transaction list one dry run takes. */
export const MAX_DRY_RUN_TRANSACTIONS = 50_000;

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

/** The request's outer shape: a known method and a list of objects (cost-basis.ts checks each object). */
function checkRequest(request: CostBasisDryRunRequest) {
  const errors: FieldError[] = [];
  if (!isObject(request)) {
    throw validationFailed('the cost basis request is invalid', [
      { index: 0, field: 'body', message: 'must be a JSON object' },
    ]);
  }
  if (!(COST_BASIS_METHODS as readonly unknown[]).includes(request.method)) {
    const got = request.method === undefined ? 'nothing' : JSON.stringify(request.method);
    errors.push({
      index: 0,
      field: 'method',
      message: `must be one of ${COST_BASIS_METHODS.join(', ')}, got ${got}`,
    });
  }
  if (!Array.isArray(request.transactions)) {
    errors.push({ index: 0, field: 'transactions', message: 'must be a list of transactions' });
  } else if (request.transactions.length > MAX_DRY_RUN_TRANSACTIONS) {
    errors.push({
      index: 0,
      field: 'transactions',
      message: `must hold at most ${MAX_DRY_RUN_TRANSACTIONS} transactions, got ${request.transactions.length}`,
    });
  } else {
    request.transactions.forEach((t, index) => {
      if (!isObject(t)) errors.push({ index, field: 'transactions', message: 'must be an object' });
    });
  }
  if (errors.length > 0) throw validationFailed('the cost basis request is invalid', errors);
}

/**
 * The lot book's input in the order it should run: an all-ingest-shaped list in the engine's replay order, any
 * other list as given (the lot book sorts by date, keeping list order within a date). `original[k]` is the
 * request index of the k-th input.
 */
function engineInput(transactions: readonly DryRunTransaction[], errors: FieldError[]) {
  if (transactions.length > 0 && transactions.every(isIngestShape)) {
    const readings = transactions.map((t, i) => fromIngestShape(t, i, errors));
    const original = readings.every((r) => r.instant !== null)
      ? replayOrderOf(readings)
      : readings.map((_, i) => i);
    return { inputs: original.map((i) => readings[i]!.input), original, order: 'replay_order' as const };
  }
  return {
    order: 'date_then_list_order' as const,
    inputs: transactions.map((t, i) =>
      isIngestShape(t) ? fromIngestShape(t, i, errors).input : fromVectorShape(t),
    ),
    original: transactions.map((_, i) => i),
  };
}

export function costBasisDryRun(request: CostBasisDryRunRequest): CostBasisDryRun {
  checkRequest(request);
  const errors: FieldError[] = [];
  checkOneCurrency(request.transactions, errors);
  const { inputs, original, order } = engineInput(request.transactions, errors);
  let result: ReturnType<typeof costBasis>;
  try {
    result = costBasis({ method: request.method, transactions: inputs });
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION_FAILED') {
      const theirs = e.errors.map((x) => ({ ...x, index: original[x.index] ?? x.index }));
      throw validationFailed(e.message, merged(errors, theirs, request.transactions));
    }
    throw e;
  }
  if (errors.length > 0) throw validationFailed('the cost basis transactions are invalid', errors);
  return {
    disposals: result.sales.map((s) => ({
      date: s.date,
      quantity: s.quantity,
      proceeds: s.proceeds,
      cost_basis_removed: s.cost_basis_removed,
      realized_gain_loss: s.realized_gain,
      lots: s.lots.map((l) => ({
        acquisition_date: l.acquired,
        quantity: l.quantity,
        cost_basis: l.cost_basis,
      })),
    })),
    realized_gain_loss: result.realized_gain_total,
    remaining_quantity: result.remaining_quantity,
    remaining_cost_basis: result.remaining_cost_basis,
    average_cost_per_share: result.average_cost_per_share,
    lots: result.remaining_lots.map((l) => ({
      acquisition_date: l.acquired,
      quantity: l.quantity,
      cost_basis: l.cost_basis,
      cost_per_share: l.cost_per_share,
    })),
    total_buy_cost: result.total_buy_cost,
    total_net_proceeds: result.total_net_proceeds,
    conventions: {
      method: result.method,
      fees: 'capitalised_on_buys_deducted_from_proceeds',
      splits: 'lot_quantities_scaled_costs_and_dates_kept',
      hifo_tie_break: 'earliest_acquired',
      avco: 'moving_average_pool_restarts_after_liquidation',
      order,
      rounding: 'exact_decimals_quotients_to_24_places',
    },
  };
}
