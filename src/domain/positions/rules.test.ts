import { describe, expect, it } from 'vitest';
import { TRANSACTION_TYPES } from '../records/types.ts';
import { isCashInstrument, RULES, ruleOf } from './rules.ts';
import { cash, equity } from './testing.ts';

/** seed-system §5.3, the original's seeded cashflow rules, row by row: classification, timing, flags, sign. */
const SEEDED_CASHFLOW_RULES = [
  ['BUY', 'INVESTMENT_OUTFLOW', 'BOD', true, false, -1],
  ['SELL', 'INVESTMENT_INFLOW', 'EOD', true, false, 1],
  ['DIVIDEND', 'INCOME', 'EOD', true, false, 1],
  ['INTEREST', 'INCOME', 'EOD', true, false, 1],
  ['FEE', 'EXPENSE', 'EOD', true, true, -1],
  ['TAX', 'EXPENSE', 'EOD', true, false, -1],
  ['TRANSFER_IN', 'TRANSFER', 'BOD', true, true, 1],
  ['TRANSFER_OUT', 'TRANSFER', 'EOD', true, true, -1],
  ['DEPOSIT', 'CASHFLOW_IN', 'BOD', true, true, 1],
  ['WITHDRAWAL', 'CASHFLOW_OUT', 'EOD', true, true, -1],
] as const;

describe('the transaction rules registry', () => {
  it('has a rule for every transaction type the ingest accepts, TAX and SPLIT included', () => {
    expect(Object.keys(RULES).sort()).toEqual([...TRANSACTION_TYPES].sort());
    expect(ruleOf('TAX')).toBeDefined(); // the original sent TAX to a DLQ (§14 item 12)
    expect(ruleOf('OTHER')).toBeUndefined();
    expect(ruleOf('toString')).toBeUndefined();
  });

  it.each(SEEDED_CASHFLOW_RULES)(
    '%s: cashflow %s, %s, position flow %s, portfolio flow %s, sign %d, as the original seeded it',
    (type, classification, timing, positionFlow, portfolioFlow, sign) => {
      expect(RULES[type].cashflow).toMatchObject({
        classification,
        timing,
        positionFlow,
        portfolioFlow,
        sign,
      });
    },
  );

  it('counts the fee into the outflows that carry it (BUY, FEE, TAX, WITHDRAWAL) and nets it off every other amount', () => {
    const withFee = TRANSACTION_TYPES.filter((t) => RULES[t].cashflow?.amount === 'GROSS_PLUS_FEE');
    expect(withFee.sort()).toEqual(['BUY', 'FEE', 'TAX', 'WITHDRAWAL']);
  });

  it('gives SPLIT no cashflow: nothing is paid', () => {
    expect(RULES.SPLIT.cashflow).toBeNull();
  });

  it('orders acquisitions, then events, then disposals at one instant', () => {
    const phase = (p: number) => TRANSACTION_TYPES.filter((t) => RULES[t].phase === p).sort();
    expect(phase(0)).toEqual(['BUY', 'DEPOSIT', 'TRANSFER_IN']);
    expect(phase(1)).toEqual(['DIVIDEND', 'INTEREST', 'SPLIT']);
    expect(phase(2)).toEqual(['FEE', 'SELL', 'TAX', 'TRANSFER_OUT', 'WITHDRAWAL']);
  });

  it('gives each type its effect on lots, cost and realized P&L (seed-system §5.2, with §14 fixed)', () => {
    const summary = Object.fromEntries(
      TRANSACTION_TYPES.map((t) => [t, [RULES[t].lots, RULES[t].cost, RULES[t].realized, RULES[t].cash]]),
    );
    expect(summary).toEqual({
      BUY: [{ kind: 'ACQUIRE', units: 'QUANTITY', cost: 'BOOK_COST' }, 'ACQUISITION', 'ZERO', 'OUT'],
      SELL: [{ kind: 'REMOVE', units: 'QUANTITY', cashOnly: false }, 'DISPOSAL', 'PNL', 'IN'],
      DIVIDEND: [{ kind: 'NONE' }, 'NONE', 'NULL', 'IN'],
      INTEREST: [{ kind: 'NONE' }, 'NONE', 'NULL', 'IN'],
      // FEE and TAX consume cash lots (the original moved the position but not the lots: §14 item 13).
      FEE: [{ kind: 'REMOVE', units: 'GROSS_PLUS_FEE', cashOnly: true }, 'EXPENSE', 'NULL', 'OUT'],
      TAX: [{ kind: 'REMOVE', units: 'GROSS_PLUS_FEE', cashOnly: true }, 'EXPENSE', 'NULL', 'OUT'],
      DEPOSIT: [
        { kind: 'ACQUIRE', units: 'GROSS_MINUS_FEE', cost: 'GROSS_MINUS_FEE' },
        'ACQUISITION',
        'NULL',
        'IN',
      ],
      WITHDRAWAL: [{ kind: 'REMOVE', units: 'GROSS_PLUS_FEE', cashOnly: false }, 'DISPOSAL', 'NULL', 'OUT'],
      TRANSFER_IN: [{ kind: 'ACQUIRE', units: 'QUANTITY', cost: 'GROSS' }, 'ACQUISITION', 'NULL', 'NONE'],
      TRANSFER_OUT: [{ kind: 'REMOVE', units: 'QUANTITY', cashOnly: false }, 'DISPOSAL', 'NULL', 'NONE'],
      SPLIT: [{ kind: 'SCALE' }, 'NONE', 'NULL', 'NONE'],
    });
  });

  it('knows cash by product type or asset class, in any case', () => {
    expect(isCashInstrument(cash())).toBe(true);
    expect(isCashInstrument({ ...equity(), product_type: 'CASH' })).toBe(true);
    expect(isCashInstrument({ ...equity(), product_type: 'Deposit', asset_class: 'cash' })).toBe(true);
    expect(isCashInstrument(equity())).toBe(false);
    expect(isCashInstrument({ ...equity(), asset_class: null })).toBe(false);
  });
});
