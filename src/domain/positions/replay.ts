import { canonicalJson } from '../canonical.ts';
import { type Dec, negate, ONE, ZERO } from '../money.ts';
import type { IsoDate } from '../records/types.ts';
import { type Amounts, readAmounts } from './amounts.ts';
import { cashflowOf } from './cashflows.ts';
import { resolveFx, splitRealized } from './fx.ts';
import { LotBook, type Removal } from './lots.ts';
import { replayOrder, utcDate } from './order.ts';
import {
  type CostBooking,
  EXCLUDE_ACCRUED_INTEREST_POLICY,
  isCashInstrument,
  type RealizedBooking,
  ruleOf,
  type TransactionRule,
} from './rules.ts';
import type {
  Blocked,
  Cashflow,
  Disposal,
  EngineTransaction,
  FxLookup,
  ReplayInput,
  ReplayResult,
  TransactionCost,
} from './types.ts';

interface KeyContext {
  baseCurrency: string;
  holdsCash: boolean;
  fx: FxLookup;
  book: LotBook;
}

type Step =
  | { ok: true; cost: TransactionCost; cashflow: Cashflow | null; disposals: Disposal[] }
  | { ok: false; blocked: Blocked };

const blockedAt = (txn: EngineTransaction, reason: Blocked['reason'], detail: string): Step => ({
  ok: false,
  blocked: { reason, transaction_id: txn.transaction_id, detail },
});

/**
 * The same transaction given twice is one transaction. Two different versions under one id, or a transaction
 * of another key, mean the caller did not pass the key's current facts, which no replay can make sense of.
 */
function distinct(input: ReplayInput): EngineTransaction[] {
  const byId = new Map<string, { txn: EngineTransaction; text: string }>();
  for (const txn of input.transactions) {
    if (txn.portfolio_id !== input.portfolio_id || txn.security_id !== input.security_id) {
      throw new Error(
        `transaction ${txn.transaction_id} belongs to (${txn.portfolio_id}, ${txn.security_id}), ` +
          `not (${input.portfolio_id}, ${input.security_id})`,
      );
    }
    const text = canonicalJson(txn);
    const seen = byId.get(txn.transaction_id);
    if (seen === undefined) byId.set(txn.transaction_id, { txn, text });
    else if (seen.text !== text) {
      throw new Error(`transaction ${txn.transaction_id} given twice with different content`);
    }
  }
  return [...byId.values()].map((v) => v.txn);
}

/** BUY book cost, local: gross + fee + accrued interest, unless the policy leaves the accrued interest out. */
function bookCost(txn: EngineTransaction, a: Amounts): Dec {
  const cost = a.gross.plus(a.fee);
  return txn.calculation_policy_id === EXCLUDE_ACCRUED_INTEREST_POLICY ? cost : cost.plus(a.accruedInterest);
}

interface LotCosts {
  local: Dec;
  base: Dec;
}

function costFields(
  booking: CostBooking,
  a: Amounts,
  fx: Dec,
  acquired: LotCosts | null,
  removed: LotCosts,
): Pick<TransactionCost, 'gross_cost' | 'net_cost' | 'net_cost_local'> {
  switch (booking) {
    case 'ACQUISITION': {
      const lot = acquired!;
      return { gross_cost: a.gross.times(fx), net_cost: lot.base, net_cost_local: lot.local };
    }
    case 'DISPOSAL':
      return {
        gross_cost: negate(removed.base),
        net_cost: negate(removed.base),
        net_cost_local: negate(removed.local),
      };
    case 'EXPENSE': {
      const expense = a.gross.plus(a.fee);
      return { gross_cost: expense.times(fx), net_cost: expense.times(fx), net_cost_local: expense };
    }
    case 'NONE':
      return { gross_cost: ZERO, net_cost: ZERO, net_cost_local: ZERO };
  }
}

type RealizedFields = Pick<
  TransactionCost,
  'realized_gain_loss' | 'realized_gain_loss_local' | 'realized_gain_loss_fx' | 'realized_gain_loss_price'
>;

function realizedFields(booking: RealizedBooking, a: Amounts, fx: Dec, removed: LotCosts): RealizedFields {
  switch (booking) {
    case 'PNL': {
      const r = splitRealized(a.gross.minus(a.fee), removed.local, removed.base, fx);
      return {
        realized_gain_loss: r.total,
        realized_gain_loss_local: r.local,
        realized_gain_loss_fx: r.fx,
        realized_gain_loss_price: r.price,
      };
    }
    case 'ZERO':
      return {
        realized_gain_loss: ZERO,
        realized_gain_loss_local: ZERO,
        realized_gain_loss_fx: ZERO,
        realized_gain_loss_price: ZERO,
      };
    case 'NULL':
      return {
        realized_gain_loss: null,
        realized_gain_loss_local: null,
        realized_gain_loss_fx: null,
        realized_gain_loss_price: null,
      };
  }
}

/** The quantity a lot effect moves: shares, or for cash booked as units of price 1, the amount. */
function unitsOf(units: 'QUANTITY' | 'GROSS_MINUS_FEE' | 'GROSS_PLUS_FEE', a: Amounts): Dec {
  if (units === 'QUANTITY') return a.quantity;
  return units === 'GROSS_MINUS_FEE' ? a.gross.minus(a.fee) : a.gross.plus(a.fee);
}

/**
 * Applies one transaction to the key, or says why it cannot be applied. Nothing changes unless it can: every
 * check (rule, amounts, FX, quantity held) comes before the lots are touched.
 */
function applyTransaction(ctx: KeyContext, txn: EngineTransaction, date: IsoDate): Step {
  const rule: TransactionRule | undefined = ruleOf(txn.transaction_type);
  if (rule === undefined) {
    return blockedAt(txn, 'INVALID_TRANSACTION', `unknown transaction type "${txn.transaction_type}"`);
  }
  const reading = readAmounts(txn, rule);
  if (!reading.ok) return blockedAt(txn, 'INVALID_TRANSACTION', reading.detail);
  const a = reading.amounts;
  const fxResolution = resolveFx(txn.trade_currency, ctx.baseCurrency, a.suppliedFxRate, date, ctx.fx);
  if (!fxResolution.ok) return blockedAt(txn, 'MISSING_FX', fxResolution.detail);
  const fx = fxResolution.fx;

  let acquired: LotCosts | null = null;
  let removal: Removal | null = null;
  const effect = rule.lots;
  if (effect.kind === 'ACQUIRE') {
    const local =
      effect.cost === 'BOOK_COST'
        ? bookCost(txn, a)
        : effect.cost === 'GROSS'
          ? a.gross
          : a.gross.minus(a.fee);
    acquired = { local, base: local.times(fx.rate) };
    ctx.book.acquire({
      lotId: `LOT-${txn.transaction_id}`,
      sourceTransactionId: txn.transaction_id,
      acquisitionDate: date,
      quantity: unitsOf(effect.units, a),
      costLocal: acquired.local,
      costBase: acquired.base,
      accruedInterestLocal: a.accruedInterest,
    });
  } else if (effect.kind === 'REMOVE' && (ctx.holdsCash || !effect.cashOnly)) {
    const quantity = unitsOf(effect.units, a);
    const held = ctx.book.quantity;
    if (quantity.gt(held) && ctx.holdsCash) {
      // Cash may go below zero (an overdraft, flagged on data health); a security may not (docs/api.md, "Cash").
      const opened = { lotId: `OVERDRAFT-${txn.transaction_id}`, sourceTransactionId: txn.transaction_id };
      removal = ctx.book.overdraw(quantity, ONE, fx.rate, { ...opened, acquisitionDate: date });
    } else if (quantity.gt(held)) {
      return blockedAt(
        txn,
        'OVERSOLD',
        `${txn.transaction_type} of ${quantity.toFixed()} exceeds the ${held.toFixed()} held`,
      );
    } else if (quantity.gt(0)) removal = ctx.book.remove(quantity);
  } else if (effect.kind === 'SCALE') {
    ctx.book.split(a.splitRatio!, ONE);
  }

  const removed: LotCosts = { local: removal?.costLocal ?? ZERO, base: removal?.costBase ?? ZERO };
  const cost: TransactionCost = {
    transaction_id: txn.transaction_id,
    position_date: date,
    transaction_fx_rate: fx.rate,
    fx_source: fx.source,
    fx_rate_date: fx.rateDate,
    ...costFields(rule.cost, a, fx.rate, acquired, removed),
    ...realizedFields(rule.realized, a, fx.rate, removed),
  };
  const disposals: Disposal[] = (removal?.takes ?? []).map((take) => ({
    transaction_id: txn.transaction_id,
    transaction_type: txn.transaction_type,
    disposal_date: date,
    lot_id: take.lotId,
    quantity: take.quantity,
    cost_local: take.costLocal,
    cost_base: take.costBase,
  }));
  const cashflow = rule.cashflow === null ? null : cashflowOf(txn, rule.cashflow, a, fx.rate, date);
  return { ok: true, cost, cashflow, disposals };
}

/**
 * Replays every current transaction of one key (portfolio, security) from nothing, in replay order (see
 * order.ts), and returns the position after each, the booked costs, cashflows, lots and disposals. A pure
 * function of the facts: the same facts in any order give the same result.
 *
 * The first transaction that cannot be applied stops the key: `blocked` says which and why, and the result
 * holds what was applied before it (lots as they stood then). A missing portfolio or instrument stops it at
 * its first transaction, the portfolio checked first.
 */
export function replayKey(input: ReplayInput): ReplayResult {
  const ordered = replayOrder(distinct(input));
  const result: ReplayResult = { rows: [], costs: [], cashflows: [], lots: [], disposals: [], blocked: null };
  const first = ordered[0];
  if (first === undefined) return result;
  const notKnownYet = (reason: Blocked['reason'], what: string): ReplayResult => ({
    ...result,
    blocked: { reason, transaction_id: first.transaction_id, detail: `${what} is not known yet` },
  });
  if (input.portfolio === null) return notKnownYet('MISSING_PORTFOLIO', `portfolio ${input.portfolio_id}`);
  if (input.instrument === null) return notKnownYet('MISSING_INSTRUMENT', `instrument ${input.security_id}`);
  const ctx: KeyContext = {
    baseCurrency: input.portfolio.base_currency,
    holdsCash: isCashInstrument(input.instrument),
    fx: input.fx,
    book: new LotBook(input.portfolio.cost_basis_method),
  };
  for (const [i, txn] of ordered.entries()) {
    const date = utcDate(txn.transaction_date);
    const step = applyTransaction(ctx, txn, date);
    if (!step.ok) {
      result.blocked = step.blocked;
      break;
    }
    result.costs.push(step.cost);
    if (step.cashflow !== null) result.cashflows.push(step.cashflow);
    result.disposals.push(...step.disposals);
    result.rows.push({
      seq: i + 1,
      transaction_id: txn.transaction_id,
      position_date: date,
      transaction_date: txn.transaction_date,
      quantity: ctx.book.quantity,
      cost_basis: ctx.book.costBase,
      cost_basis_local: ctx.book.costLocal,
    });
  }
  result.lots = ctx.book.lots();
  return result;
}
