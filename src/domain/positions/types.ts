import type { Decimal as DecimalValue } from 'decimal.js';
import type {
  CashMode,
  CostBasisMethod,
  IsoDate,
  IsoInstant,
  TransactionRecord,
  TransactionType,
} from '../records/types.ts';

/**
 * The contract of the position engine: what a replay of one key (portfolio, security) takes and gives.
 * Everything here is a pure function of the facts; the engine stage loads the facts, calls replayKey and
 * writes the result. Amounts are exact decimals (decimal.js, see money.ts); the store writes them as numeric.
 */
export type Dec = DecimalValue;

export type BlockReason =
  | 'MISSING_PORTFOLIO'
  | 'MISSING_INSTRUMENT'
  | 'MISSING_FX'
  | 'OVERSOLD'
  | 'INVALID_TRANSACTION';

export interface PortfolioTerms {
  portfolio_id: string;
  base_currency: string;
  cost_basis_method: CostBasisMethod;
  /** Absent: EXPLICIT. AUTO: the key CASH_<base> also books the settlement legs (auto-cash.ts). */
  cash_mode?: CashMode;
}

export interface InstrumentTerms {
  security_id: string;
  currency: string;
  product_type: string;
  asset_class: string | null;
}

/** A transaction as the engine sees it: the ingested record plus the optional fields the engine reads. */
export type EngineTransaction = TransactionRecord & {
  /** Accrued interest paid on a bond purchase, in the trade currency; null or absent = 0. */
  accrued_interest?: string | null;
  /** SPLIT only: new shares per old share, e.g. '2' for 2-for-1, '1.5' for 3-for-2. */
  split_ratio?: string | null;
};

/** Latest FX rate on or before `date` converting 1 unit of `from` into `to` (direct or inverse), if known. */
export type FxLookup = (
  from: string,
  to: string,
  date: IsoDate,
) => { rate: Dec; rate_date: IsoDate } | undefined;

export interface ReplayInput {
  portfolio_id: string;
  security_id: string;
  /** null when the portfolio fact has not arrived: the key blocks at its first transaction. */
  portfolio: PortfolioTerms | null;
  /** null when the instrument fact has not arrived: the key blocks at its first transaction. */
  instrument: InstrumentTerms | null;
  /** Every current transaction of the key, in any order: the replay sorts them (replayOrder). */
  transactions: readonly EngineTransaction[];
  fx: FxLookup;
}

/** After each applied transaction: the key's position (one row per transaction, in replay order). */
export interface PositionRow {
  seq: number;
  transaction_id: string;
  position_date: IsoDate;
  transaction_date: IsoInstant;
  quantity: Dec;
  cost_basis: Dec;
  cost_basis_local: Dec;
}

/** The booked figures of one transaction (the cost fields of GET /portfolios/{id}/transactions). */
export interface TransactionCost {
  transaction_id: string;
  position_date: IsoDate;
  transaction_fx_rate: Dec;
  /** Where the rate came from: the transaction itself, the FX facts (with the rate date), or 1 (same currency). */
  fx_source: 'TRANSACTION' | 'FX_FACT' | 'SAME_CURRENCY';
  fx_rate_date: IsoDate | null;
  /**
   * Base currency, for every type (the original left FEE/DEPOSIT/TRANSFER_IN in local): gross × fx for an
   * acquisition, (gross + fee) × fx for FEE/TAX, −COGS for a disposal, 0 otherwise. See rules.ts.
   */
  gross_cost: Dec | null;
  net_cost: Dec | null;
  net_cost_local: Dec | null;
  realized_gain_loss: Dec | null;
  realized_gain_loss_local: Dec | null;
  realized_gain_loss_fx: Dec | null;
  realized_gain_loss_price: Dec | null;
}

export type CashflowClassification =
  | 'INVESTMENT_OUTFLOW'
  | 'INVESTMENT_INFLOW'
  | 'INCOME'
  | 'EXPENSE'
  | 'TRANSFER'
  | 'CASHFLOW_IN'
  | 'CASHFLOW_OUT'
  | 'CORPORATE_ACTION';

export interface Cashflow {
  transaction_id: string;
  cashflow_date: IsoDate;
  /** Signed: + into the position / portfolio, − out of it. In `currency` (the transaction's currency). */
  amount: Dec;
  currency: string;
  /** The same amount in the portfolio's base currency, at the transaction's FX rate. */
  amount_base: Dec;
  classification: CashflowClassification;
  timing: 'BOD' | 'EOD';
  is_position_flow: boolean;
  is_portfolio_flow: boolean;
  calculation_type: 'NET';
}

/**
 * A lot: what one acquiring transaction (BUY, TRANSFER_IN, DEPOSIT) opened. Under AVCO the cost is pooled:
 * lot quantities go down oldest first and a lot's open cost is its share of the pool at the pool's average
 * (the open costs add up to the pool exactly); lot_cost_* stays what the lot was acquired for.
 */
export interface Lot {
  /** 'LOT-' + the source transaction id. */
  lot_id: string;
  source_transaction_id: string;
  acquisition_date: IsoDate;
  /** The quantity acquired, in today's units: scaled by every split while the lot was open. */
  original_quantity: Dec;
  open_quantity: Dec;
  /** Cost of the whole original lot, local (trade currency) and base. */
  lot_cost_local: Dec;
  lot_cost_base: Dec;
  /** Cost of what is still open; exactly 0 once the lot is consumed. */
  open_cost_local: Dec;
  open_cost_base: Dec;
  accrued_interest_paid_local: Dec;
}

/** A quantity leaving the position (SELL, TRANSFER_OUT, WITHDRAWAL, FEE/TAX on cash), per lot it came from. */
export interface Disposal {
  transaction_id: string;
  transaction_type: TransactionType;
  disposal_date: IsoDate;
  /** The lot consumed; for AVCO the lot whose quantity was reduced (FIFO order), costs at the pool average. */
  lot_id: string;
  quantity: Dec;
  cost_local: Dec;
  cost_base: Dec;
}

export interface Blocked {
  reason: BlockReason;
  transaction_id: string;
  /** Plain words: 'SELL of 200 exceeds the 150 held', 'no EUR/USD rate on or before 2024-03-01'. */
  detail: string;
}

export interface ReplayResult {
  /** Rows of the transactions applied before the key blocked (all of them when not blocked). */
  rows: PositionRow[];
  costs: TransactionCost[];
  cashflows: Cashflow[];
  /** Every lot ever opened, with what is still open. */
  lots: Lot[];
  disposals: Disposal[];
  blocked: Blocked | null;
}
