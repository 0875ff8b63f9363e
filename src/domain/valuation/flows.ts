import type { CashflowPoint } from './types.ts';

/**
 * What a cashflow means for the daily series. A cashflow's `amount` is signed from the PORTFOLIO's point of
 * view (+ into the portfolio); a position flow is money INTO THE POSITION. The two agree for money that
 * crosses the portfolio's boundary through the position, and are opposite for an investment, whose money
 * moves between the security and cash:
 *
 * | cashflow                                              | flow into the position |
 * |-------------------------------------------------------|------------------------|
 * | external (portfolio) flow: DEPOSIT, WITHDRAWAL,        | +amount                |
 * |   TRANSFER_IN/OUT, FEE booked on cash                 |                        |
 * | BUY, SELL, DIVIDEND, INTEREST, FEE/TAX on a non-cash  | −amount                |
 * |   instrument (paid from / into a cash leg)            |                        |
 * | TAX on cash (an expense, but not an external flow)     | 0                      |
 * | not a position flow (is_position_flow false)          | 0                      |
 *
 * Why TAX on cash is 0: the registry does not count TAX as an external flow, so the portfolio bears it as a
 * loss; booking it as a flow of the cash position would hide that loss at the position level and break the
 * reconciliation "portfolio change = external flows + Σ position P&L". As 0 it is the cash position's loss.
 * Why a FEE on a non-cash instrument is not external: its money leaves through its cash leg (a cash SELL), so
 * the security receives it (+fee) and loses it as P&L, and the two legs cancel in the portfolio — the same as
 * a BUY. (The registry flags FEE as a portfolio flow; that holds for the fee booked on cash.)
 *
 * Returns the multiplier of `amount` (and `amount_base`): +1, −1 or 0.
 */
export function flowSign(cf: CashflowPoint, isCash: boolean): 1 | -1 | 0 {
  if (!cf.is_position_flow) return 0;
  if (isExternalFlow(cf, isCash)) return 1;
  if (isExpense(cf) && isCash) return 0;
  return -1;
}

/** An external flow of the portfolio (its own sign: + into the portfolio): the portfolio flows but a fee paid through a security. */
export function isExternalFlow(cf: CashflowPoint, isCash: boolean): boolean {
  return cf.is_portfolio_flow && !(isExpense(cf) && !isCash);
}

const isExpense = (cf: CashflowPoint): boolean => cf.classification === 'EXPENSE';

/** Income in base (DIVIDEND, INTEREST), as booked: + for money received. */
export const incomeOf = (cf: CashflowPoint): number => (cf.classification === 'INCOME' ? cf.amount_base : 0);

/**
 * Real fees in base, positive: a FEE transaction's whole amount, or a trade's own fee. Withdrawals and
 * transfers out are not fees (the original counted every negative portfolio flow as one, §14.8); TAX is not.
 */
export const feeOf = (cf: CashflowPoint): number =>
  cf.transaction_type === 'FEE' ? Math.abs(cf.amount_base) : Math.abs(cf.fee_base ?? 0);
