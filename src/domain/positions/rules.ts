import type { TransactionType } from '../records/types.ts';
import type { CashflowClassification, InstrumentTerms } from './types.ts';

/**
 * What a transaction does to the lots of its key.
 * - ACQUIRE opens a lot; REMOVE consumes lots by the cost basis method; SCALE multiplies every open lot's
 *   quantity by the split ratio; NONE leaves them alone.
 * - `units`: the quantity moved: the transaction's quantity, or its amount for cash booked as units of price 1.
 * - `cashOnly`: the effect applies only when the instrument is cash; elsewhere the transaction is a cashflow only.
 */
export type LotEffect =
  | {
      kind: 'ACQUIRE';
      units: 'QUANTITY' | 'GROSS_MINUS_FEE';
      cost: 'BOOK_COST' | 'GROSS' | 'GROSS_MINUS_FEE';
    }
  | { kind: 'REMOVE'; units: 'QUANTITY' | 'GROSS_PLUS_FEE'; cashOnly: boolean }
  | { kind: 'SCALE' }
  | { kind: 'NONE' };

/**
 * How the transaction books its cost fields (net_cost, net_cost_local, gross_cost):
 * - ACQUISITION: the new lot's cost (gross_cost = gross × fx);
 * - DISPOSAL: minus the cost of the lots consumed (the original's sign);
 * - EXPENSE: plus gross + fee, as the original booked a FEE;
 * - NONE: 0.
 */
export type CostBooking = 'ACQUISITION' | 'DISPOSAL' | 'EXPENSE' | 'NONE';

/** PNL: proceeds − cost of the lots consumed (SELL); ZERO: booked as exactly 0 (BUY); NULL: not applicable. */
export type RealizedBooking = 'PNL' | 'ZERO' | 'NULL';

export interface CashflowRule {
  classification: CashflowClassification;
  timing: 'BOD' | 'EOD';
  /** Counts in the security's own time series. */
  positionFlow: boolean;
  /** An external flow of the portfolio (TWR/MWR). */
  portfolioFlow: boolean;
  /** Outflows that carry their fee count it in; every other amount is net of it. */
  amount: 'GROSS_PLUS_FEE' | 'GROSS_MINUS_FEE';
  sign: 1 | -1;
}

export interface TransactionRule {
  /**
   * Order among transactions of the same instant: acquisitions (0), then events that move no quantity
   * out (1), then disposals (2), so a SELL booked at its BUY's instant never reads as an oversell.
   */
  phase: 0 | 1 | 2;
  lots: LotEffect;
  cost: CostBooking;
  realized: RealizedBooking;
  /** The direction of money for the portfolio. Informational: cash legs are booked explicitly (§5.4). */
  cash: 'IN' | 'OUT' | 'NONE';
  /** null: the transaction has no cashflow (SPLIT: nothing is paid). */
  cashflow: CashflowRule | null;
  /** Quantity must be > 0 (the transaction is about shares, not an amount). */
  needsQuantity: boolean;
}

const flow = (
  classification: CashflowClassification,
  timing: 'BOD' | 'EOD',
  portfolioFlow: boolean,
  amount: CashflowRule['amount'],
  sign: 1 | -1,
): CashflowRule => ({ classification, timing, positionFlow: true, portfolioFlow, amount, sign });

/**
 * The transaction rules registry: the one place that says what each type does. Signs, classifications,
 * timings and flow flags are the original's (seed-system §5.2, §5.3), with its bugs fixed (§14): TAX is a
 * valid type (12); FEE and TAX on cash consume the same lots the position shows (13); SPLIT is new.
 */
export const RULES: Readonly<Record<TransactionType, TransactionRule>> = {
  BUY: {
    phase: 0,
    lots: { kind: 'ACQUIRE', units: 'QUANTITY', cost: 'BOOK_COST' },
    cost: 'ACQUISITION',
    realized: 'ZERO',
    cash: 'OUT',
    cashflow: flow('INVESTMENT_OUTFLOW', 'BOD', false, 'GROSS_PLUS_FEE', -1),
    needsQuantity: true,
  },
  SELL: {
    phase: 2,
    lots: { kind: 'REMOVE', units: 'QUANTITY', cashOnly: false },
    cost: 'DISPOSAL',
    realized: 'PNL',
    cash: 'IN',
    cashflow: flow('INVESTMENT_INFLOW', 'EOD', false, 'GROSS_MINUS_FEE', 1),
    needsQuantity: true,
  },
  DIVIDEND: {
    phase: 1,
    lots: { kind: 'NONE' },
    cost: 'NONE',
    realized: 'NULL',
    cash: 'IN',
    cashflow: flow('INCOME', 'EOD', false, 'GROSS_MINUS_FEE', 1),
    needsQuantity: false,
  },
  INTEREST: {
    phase: 1,
    lots: { kind: 'NONE' },
    cost: 'NONE',
    realized: 'NULL',
    cash: 'IN',
    cashflow: flow('INCOME', 'EOD', false, 'GROSS_MINUS_FEE', 1),
    needsQuantity: false,
  },
  FEE: {
    phase: 2,
    lots: { kind: 'REMOVE', units: 'GROSS_PLUS_FEE', cashOnly: true },
    cost: 'EXPENSE',
    realized: 'NULL',
    cash: 'OUT',
    cashflow: flow('EXPENSE', 'EOD', true, 'GROSS_PLUS_FEE', -1),
    needsQuantity: false,
  },
  TAX: {
    phase: 2,
    lots: { kind: 'REMOVE', units: 'GROSS_PLUS_FEE', cashOnly: true },
    cost: 'EXPENSE',
    realized: 'NULL',
    cash: 'OUT',
    cashflow: flow('EXPENSE', 'EOD', false, 'GROSS_PLUS_FEE', -1),
    needsQuantity: false,
  },
  DEPOSIT: {
    phase: 0,
    // The cash that arrives is the amount net of its fee: the lot and the cashflow say the same number.
    lots: { kind: 'ACQUIRE', units: 'GROSS_MINUS_FEE', cost: 'GROSS_MINUS_FEE' },
    cost: 'ACQUISITION',
    realized: 'NULL',
    cash: 'IN',
    cashflow: flow('CASHFLOW_IN', 'BOD', true, 'GROSS_MINUS_FEE', 1),
    needsQuantity: false,
  },
  WITHDRAWAL: {
    phase: 2,
    lots: { kind: 'REMOVE', units: 'GROSS_PLUS_FEE', cashOnly: false },
    cost: 'DISPOSAL',
    realized: 'NULL',
    cash: 'OUT',
    // The cash that leaves is the amount plus its fee, as the lots it consumes (the original's gross − fee
    // cashflow disagreed with its own position by twice the fee).
    cashflow: flow('CASHFLOW_OUT', 'EOD', true, 'GROSS_PLUS_FEE', -1),
    needsQuantity: false,
  },
  TRANSFER_IN: {
    phase: 0,
    lots: { kind: 'ACQUIRE', units: 'QUANTITY', cost: 'GROSS' },
    cost: 'ACQUISITION',
    realized: 'NULL',
    cash: 'NONE',
    cashflow: flow('TRANSFER', 'BOD', true, 'GROSS_MINUS_FEE', 1),
    needsQuantity: true,
  },
  TRANSFER_OUT: {
    phase: 2,
    lots: { kind: 'REMOVE', units: 'QUANTITY', cashOnly: false },
    cost: 'DISPOSAL',
    realized: 'NULL',
    cash: 'NONE',
    cashflow: flow('TRANSFER', 'EOD', true, 'GROSS_MINUS_FEE', -1),
    needsQuantity: true,
  },
  SPLIT: {
    phase: 1,
    lots: { kind: 'SCALE' },
    cost: 'NONE',
    realized: 'NULL',
    cash: 'NONE',
    cashflow: null,
    needsQuantity: false,
  },
};

/** The rule of a type, or undefined for a type the registry does not know (the ingest rejects those). */
export function ruleOf(type: string): TransactionRule | undefined {
  return Object.hasOwn(RULES, type) ? RULES[type as TransactionType] : undefined;
}

/** Cash is modelled as units of price 1; FEE and TAX consume it (the original's §5.4 cash instrument). */
export function isCashInstrument(instrument: InstrumentTerms): boolean {
  return instrument.product_type.toLowerCase() === 'cash' || instrument.asset_class?.toLowerCase() === 'cash';
}

/** The accrued-interest policy of the original: with it, a BUY's book cost leaves the accrued interest out. */
export const EXCLUDE_ACCRUED_INTEREST_POLICY = 'BUY_EXCLUDE_ACCRUED_INTEREST_FROM_BOOK_COST';
