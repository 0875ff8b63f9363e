import { type Dec, dec, negate, ZERO } from '../../money.ts';
import { ruleOf } from '../../positions/rules.ts';
import type { BookedTransaction } from './types.ts';

/**
 * What one booked transaction means for the P&L decomposition, exact, in base currency.
 *
 * - `flow`: money into the position (+) or out of it (−), by the series' rule (valuation/flows.ts): a BUY's
 *   cost goes into the security and out of the cash that paid it; a dividend goes out of the security into
 *   cash; a deposit comes into cash from outside. One difference: a FEE or TAX booked on cash is not a flow
 *   here but the portfolio's expense (the series count a FEE on cash as an external flow, for TWR).
 * - `external`: money crossing the portfolio's boundary, the period's net flows: deposits, withdrawals,
 *   transfers in and out. Fees and taxes are P&L, not flows.
 * - `bookCostChange`: + the new lot's cost (acquisitions), − the cost of the lots consumed (disposals).
 * - `other`: the part of bookCostChange that is neither money in or out, nor a booked realized P&L, income,
 *   fee or tax: value that entered or left at other than book cost with no realized P&L booked — a transfer
 *   out of an appreciated holding, foreign cash withdrawn or spent on a fee at another rate than it was
 *   bought at, a bond's accrued interest in its book cost. 0 for trades, income and base-currency cash.
 *
 * So, by construction, per transaction: bookCostChange = flow + realized + income − fee − tax + other.
 */
export interface BookedFigures {
  flow: Dec;
  external: Dec;
  realized: Dec;
  realizedFx: Dec;
  realizedPrice: Dec;
  income: Dec;
  fee: Dec;
  tax: Dec;
  bookCostChange: Dec;
  other: Dec;
  tradeFee: Dec;
}

const decOrZero = (s: string | null): Dec => (s === null ? ZERO : dec(s));

/** The money into the position: +1, −1 or 0 times the cashflow's amount (see valuation/flows.ts). */
function flowSign(t: BookedTransaction): 1 | -1 | 0 {
  const cf = t.cashflow;
  if (cf === null || !cf.is_position_flow) return 0;
  const expense = cf.classification === 'EXPENSE';
  if (expense && t.is_cash) return 0;
  return cf.is_portfolio_flow && !expense ? 1 : -1;
}

export function bookedFiguresOf(t: BookedTransaction): BookedFigures {
  const amount = decOrZero(t.cashflow?.amount_base ?? null);
  const cf = t.cashflow;
  const flow = amount.times(flowSign(t));
  const external = cf?.is_portfolio_flow && cf.classification !== 'EXPENSE' ? amount : ZERO;
  const income = cf?.classification === 'INCOME' ? amount : ZERO;
  const fee = t.transaction_type === 'FEE' ? negate(amount) : ZERO;
  const tax = t.transaction_type === 'TAX' ? negate(amount) : ZERO;
  const realized = decOrZero(t.realized_gain_loss);
  const acquires = ruleOf(t.transaction_type)?.lots.kind === 'ACQUIRE';
  const bookCostChange = acquires ? decOrZero(t.net_cost) : negate(dec(t.disposed_cost_base));
  // The fee of a FEE or TAX is inside its amount; every other type's trade fee is inside its cost or proceeds.
  const tradeFee =
    t.transaction_type === 'FEE' || t.transaction_type === 'TAX' ? ZERO : dec(t.trade_fee_base);
  return {
    flow,
    external,
    realized,
    realizedFx: decOrZero(t.realized_gain_loss_fx),
    realizedPrice: decOrZero(t.realized_gain_loss_price),
    income,
    fee,
    tax,
    bookCostChange,
    other: bookCostChange.minus(flow).minus(realized).minus(income).plus(fee).plus(tax),
    tradeFee,
  };
}
