import { type Dec, negate } from '../money.ts';
import type { IsoDate } from '../records/types.ts';
import type { Amounts } from './amounts.ts';
import type { CashflowRule } from './rules.ts';
import type { Cashflow, EngineTransaction } from './types.ts';

/**
 * The cashflow of a transaction by its rule (seed-system §5.3): the amount is gross + fee for the outflows
 * that carry their fee (BUY, FEE, TAX, WITHDRAWAL), gross − fee otherwise, signed by the rule. In the transaction's
 * `currency`, and in base at the transaction's rate. The sign multiplies the net figure rather than its
 * absolute value (the original's |amt|), so a DIVIDEND whose fee exceeds it shows as the outflow it is. One per transaction, rebuilt on every replay, so a
 * reprocess rewrites it rather than colliding with it (§14 item 15).
 */
export function cashflowOf(
  txn: EngineTransaction,
  rule: CashflowRule,
  amounts: Amounts,
  fxRate: Dec,
  cashflowDate: IsoDate,
): Cashflow {
  const magnitude =
    rule.amount === 'GROSS_PLUS_FEE' ? amounts.gross.plus(amounts.fee) : amounts.gross.minus(amounts.fee);
  const amount = rule.sign === 1 ? magnitude : negate(magnitude);
  return {
    transaction_id: txn.transaction_id,
    cashflow_date: cashflowDate,
    amount,
    currency: txn.currency,
    amount_base: amount.times(fxRate),
    classification: rule.classification,
    timing: rule.timing,
    is_position_flow: rule.positionFlow,
    is_portfolio_flow: rule.portfolioFlow,
    calculation_type: 'NET',
  };
}
