import { type Dec, negate, ZERO } from '../money.ts';
import { ISO_4217_CODES } from '../records/currencies.ts';
import type { TransactionType } from '../records/types.ts';
import { readAmounts } from './amounts.ts';
import { resolveFx } from './fx.ts';
import { compareReplayOrder, replayOrder, utcDate } from './order.ts';
import { isCashInstrument, ruleOf } from './rules.ts';
import type { Blocked, EngineTransaction, FxLookup, InstrumentTerms, PortfolioTerms } from './types.ts';

/**
 * Cash mode AUTO (issue 14): the position engine books the cash side of a portfolio's trades itself.
 *
 * - The **cash position** of a currency is the key (portfolio, `CASH_<CCY>`). An instrument ingested under
 *   that id is used as it is; without one it is cash in CCY priced 1 (`implicitCashInstrument`), so a
 *   newcomer need not ingest cash instruments.
 * - Every BUY, SELL, DIVIDEND, INTEREST, FEE and TAX on a non-cash security **settles** in the portfolio's
 *   base currency, at the amount its cashflow books in base (the trade's own FX rate or the FX facts, exact):
 *   a payment is a SELL of `CASH_<BASE>`, a receipt a BUY, id `<transaction_id>:SETTLE`, at the trade's instant,
 *   with its economic event and linked group (the transaction id when it has none). These are exactly the
 *   legs the original's clients book by hand (seed-system §5.4), so an AUTO portfolio and an EXPLICIT one with
 *   hand-booked legs have the same positions, series and returns.
 * - DEPOSIT, WITHDRAWAL (and FEE, TAX) booked on a cash security are that cash position's own transactions,
 *   as in EXPLICIT mode; transfers and splits move no cash.
 * - A payment the cash balance does not cover is **funded**: a DEPOSIT of the shortfall (`<id>:FUND`, an
 *   external flow) at the same instant. So a portfolio booked without any cash is measured on the money put
 *   into it — a purchase is a contribution, never a gain — and its cash never goes below zero through a leg.
 */

export const AUTO_CASH_PREFIX = 'CASH_';
export const SETTLE_SUFFIX = ':SETTLE';
export const FUND_SUFFIX = ':FUND';
export const AUTO_CASH_SOURCE = 'PAS_AUTO_CASH';

const SETTLED: ReadonlySet<TransactionType> = new Set(['BUY', 'SELL', 'DIVIDEND', 'INTEREST', 'FEE', 'TAX']);

/** The id of a currency's cash position: CASH_EUR. */
export const autoCashIdOf = (currency: string): string => `${AUTO_CASH_PREFIX}${currency}`;

/** CASH_<CCY> with an active ISO 4217 code is cash in CCY when no instrument was ingested under the id. */
export function implicitCashInstrument(securityId: string): InstrumentTerms | null {
  const currency = securityId.startsWith(AUTO_CASH_PREFIX) ? securityId.slice(AUTO_CASH_PREFIX.length) : '';
  if (!ISO_4217_CODES.has(currency)) return null;
  return { security_id: securityId, currency, product_type: 'Cash', asset_class: 'Cash' };
}

/** The instrument's terms: the ingested ones, else the implicit cash instrument of a CASH_<CCY> id. */
export const instrumentOrImplicit = (
  securityId: string,
  ingested: InstrumentTerms | undefined,
): InstrumentTerms | null => ingested ?? implicitCashInstrument(securityId);

/** Whether the engine books settlement legs for this portfolio, and into which key. */
export function autoCashKeyOf(portfolio: PortfolioTerms | null | undefined): string | null {
  return portfolio?.cash_mode === 'AUTO' ? autoCashIdOf(portfolio.base_currency) : null;
}

/** Whether a transaction on this security settles into cash (it is not a cash position itself). */
export function settlesIntoCash(securityId: string, instrument: InstrumentTerms | null): boolean {
  const terms = instrument ?? implicitCashInstrument(securityId);
  return terms === null || !isCashInstrument(terms);
}

export interface AutoCashInput {
  portfolio: PortfolioTerms;
  /** Transactions booked on the cash key itself (deposits, withdrawals, …). */
  own: readonly EngineTransaction[];
  /** The portfolio's transactions on securities that settle into cash (`settlesIntoCash`). */
  sources: readonly EngineTransaction[];
  fx: FxLookup;
}

export interface AutoCashTransactions {
  /** The cash key's transactions to replay: its own, the settlement legs and the fundings. */
  transactions: EngineTransaction[];
  /** A leg that cannot be priced in base (no FX rate): the key stops at that source transaction. */
  blocked: Blocked | null;
  /** The source transaction the key stopped at (its date is where the stored rows are cut). */
  blockedSource: EngineTransaction | null;
}

function synthetic(
  source: EngineTransaction,
  cashId: string,
  base: string,
  suffix: string,
  type: 'BUY' | 'SELL' | 'DEPOSIT',
  amount: Dec,
): EngineTransaction {
  const text = amount.toFixed();
  return {
    transaction_id: `${source.transaction_id}${suffix}`,
    portfolio_id: source.portfolio_id,
    instrument_id: cashId,
    security_id: cashId,
    transaction_date: source.transaction_date,
    transaction_type: type,
    quantity: text,
    price: '1',
    gross_transaction_amount: text,
    trade_currency: base,
    currency: base,
    trade_fee: '0',
    settlement_date: source.settlement_date,
    transaction_fx_rate: null,
    accrued_interest: null,
    split_ratio: null,
    economic_event_id: source.economic_event_id ?? source.transaction_id,
    linked_transaction_group_id: source.linked_transaction_group_id ?? source.transaction_id,
    calculation_policy_id: null,
    calculation_policy_version: null,
    source_system: AUTO_CASH_SOURCE,
  };
}

/**
 * The settlement leg of one source transaction, in base: its cashflow's amount (gross + fee paid, gross − fee
 * received) at the rate the replay of its own key uses. null: it moves no cash (zero, or a type that settles
 * nothing); 'NO_FX': it cannot be converted yet; 'INVALID': its own key refuses it, so nothing settles.
 */
function legOf(
  source: EngineTransaction,
  base: string,
  fx: FxLookup,
): { amount: Dec } | 'NO_FX' | 'INVALID' | null {
  if (!SETTLED.has(source.transaction_type)) return null;
  const rule = ruleOf(source.transaction_type);
  if (rule?.cashflow == null) return null;
  const reading = readAmounts(source, rule);
  if (!reading.ok) return 'INVALID';
  const a = reading.amounts;
  const resolution = resolveFx(
    source.trade_currency,
    base,
    a.suppliedFxRate,
    utcDate(source.transaction_date),
    fx,
  );
  if (!resolution.ok) return 'NO_FX';
  const magnitude = rule.cashflow.amount === 'GROSS_PLUS_FEE' ? a.gross.plus(a.fee) : a.gross.minus(a.fee);
  const signed = rule.cashflow.sign === 1 ? magnitude : negate(magnitude);
  const amount = signed.times(resolution.fx.rate);
  return amount.isZero() ? null : { amount };
}

/** How a cash transaction moves the balance (units of price 1); 0 when it cannot be read (its replay says why). */
function balanceEffect(txn: EngineTransaction): Dec {
  const rule = ruleOf(txn.transaction_type);
  if (rule === undefined) return ZERO;
  const reading = readAmounts(txn, rule);
  if (!reading.ok) return ZERO;
  const a = reading.amounts;
  const units = (u: string): Dec =>
    u === 'QUANTITY' ? a.quantity : u === 'GROSS_MINUS_FEE' ? a.gross.minus(a.fee) : a.gross.plus(a.fee);
  if (rule.lots.kind === 'ACQUIRE') return units(rule.lots.units);
  if (rule.lots.kind === 'REMOVE') return negate(units(rule.lots.units));
  return ZERO;
}

/**
 * The transactions of an AUTO portfolio's cash key CASH_<BASE>: its own, one settlement leg per source that
 * moves cash, and a funding deposit before every leg the balance does not cover. A pure function of the facts,
 * in replay order; replaying them with `replayKey` gives the cash position.
 */
export function autoCashTransactions(input: AutoCashInput): AutoCashTransactions {
  const base = input.portfolio.base_currency;
  const cashId = autoCashIdOf(base);
  const legs: EngineTransaction[] = [];
  let blockedSource: EngineTransaction | null = null;
  for (const source of replayOrder(input.sources)) {
    const leg = legOf(source, base, input.fx);
    if (leg === null || leg === 'INVALID') continue;
    if (leg === 'NO_FX') {
      blockedSource = source;
      break;
    }
    const type = leg.amount.isNeg() ? 'SELL' : 'BUY';
    legs.push(synthetic(source, cashId, base, SETTLE_SUFFIX, type, leg.amount.abs()));
  }
  // Nothing after the transaction that cannot settle is booked: the key stands as it was before it.
  const stop = blockedSource;
  const own = input.own.filter((t) => stop === null || compareReplayOrder(t, stop) < 0);
  const legIds = new Set(legs.map((l) => l.transaction_id));
  const transactions: EngineTransaction[] = [];
  let balance = ZERO;
  for (const txn of replayOrder([...own, ...legs])) {
    const effect = balanceEffect(txn);
    if (legIds.has(txn.transaction_id) && effect.isNeg()) {
      const available = balance.isNeg() ? ZERO : balance;
      const shortfall = effect.abs().minus(available);
      if (shortfall.gt(0)) {
        const source = txn.transaction_id.slice(0, -SETTLE_SUFFIX.length);
        const funding = synthetic(
          { ...txn, transaction_id: source },
          cashId,
          base,
          FUND_SUFFIX,
          'DEPOSIT',
          shortfall,
        );
        transactions.push(funding);
        balance = balance.plus(shortfall);
      }
    }
    transactions.push(txn);
    balance = balance.plus(effect);
  }
  const blocked: Blocked | null =
    stop === null
      ? null
      : {
          reason: 'MISSING_FX',
          transaction_id: stop.transaction_id,
          detail:
            `settling ${stop.transaction_id} in ${base}: no ${stop.trade_currency}/${base} rate on or before ` +
            utcDate(stop.transaction_date),
        };
  return { transactions, blocked, blockedSource: stop };
}
