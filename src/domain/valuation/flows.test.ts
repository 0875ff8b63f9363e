import { describe, expect, it } from 'vitest';
import type { TransactionType } from '../records/types.ts';
import { feeOf, flowSign, incomeOf, isExternalFlow } from './flows.ts';
import { cashflow } from './testing.ts';

/**
 * Every type, on cash and on a security: the booked amount (portfolio's view, from the registry), the flow
 * into the position, whether it is an external flow of the portfolio, and its income and fee. Magnitude 100.
 */
const table: [TransactionType, 'cash' | 'security', number, number, boolean, number, number][] = [
  // type, booked on, amount, flow into the position, external, income, fees
  ['BUY', 'security', -100, 100, false, 0, 0],
  ['BUY', 'cash', -100, 100, false, 0, 0],
  ['SELL', 'security', 100, -100, false, 0, 0],
  ['SELL', 'cash', 100, -100, false, 0, 0],
  ['DIVIDEND', 'security', 100, -100, false, 100, 0],
  ['INTEREST', 'security', 100, -100, false, 100, 0],
  ['INTEREST', 'cash', 100, -100, false, 100, 0],
  ['FEE', 'cash', -100, -100, true, 0, 100],
  ['FEE', 'security', -100, 100, false, 0, 100],
  ['TAX', 'cash', -100, 0, false, 0, 0],
  ['TAX', 'security', -100, 100, false, 0, 0],
  ['DEPOSIT', 'cash', 100, 100, true, 0, 0],
  ['WITHDRAWAL', 'cash', -100, -100, true, 0, 0],
  ['TRANSFER_IN', 'security', 100, 100, true, 0, 0],
  ['TRANSFER_IN', 'cash', 100, 100, true, 0, 0],
  ['TRANSFER_OUT', 'security', -100, -100, true, 0, 0],
  ['TRANSFER_OUT', 'cash', -100, -100, true, 0, 0],
];

describe('flow signs', () => {
  it.each(table)(
    '%s on %s: amount %d, into the position %d, external %s, income %d, fees %d',
    (type, on, amount, into, external, income, fees) => {
      const cf = cashflow(type, '2024-01-02', 100, { fx: 1 });
      const isCash = on === 'cash';
      expect(cf.amount).toBe(amount);
      expect(flowSign(cf, isCash) * cf.amount + 0).toBe(into); // + 0: no −0
      expect(isExternalFlow(cf, isCash)).toBe(external);
      expect(incomeOf(cf)).toBe(income);
      expect(feeOf(cf)).toBe(fees);
    },
  );

  it('applies the same sign to the base amount and counts a trade’s own fee', () => {
    const buy = cashflow('BUY', '2024-01-02', 100, { currency: 'EUR', fx: 1.1, fee_base: 2.2 });
    expect(flowSign(buy, false) * buy.amount_base).toBeCloseTo(110, 12);
    expect(feeOf(buy)).toBe(2.2);
  });

  it('gives no flow for a cashflow that is not a position flow', () => {
    expect(flowSign({ ...cashflow('DEPOSIT', '2024-01-02', 100), is_position_flow: false }, true)).toBe(0);
  });
});
