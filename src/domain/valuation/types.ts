import type { InstrumentAttributeValues } from '../instrument-attributes.ts';
import type { IsoDate } from '../records/types.ts';

/**
 * The contract of the valuation and series engine (pure). Market values, flows in base currency and P&L of
 * the daily series are float64 (design §2.5: booked amounts are exact decimals; valuations are not). The
 * series stage loads the facts and the derived position rows, calls valuePortfolio and writes the rows.
 */

/** One price fact of a security: the carry-forward source. */
export interface PricePoint {
  date: IsoDate;
  price: number;
  /** The price's quote currency, which may differ from the instrument's. */
  currency: string;
}

/** A security's prices, ascending by date (columnar, loaded once and cached by the stage). */
export interface PriceSeries {
  dates: readonly IsoDate[];
  prices: Float64Array;
  currencies: readonly string[];
}

/** One FX fact: 1 unit of `from` is worth `rate` units of `to` on `date`. */
export interface FxQuote {
  from: string;
  to: string;
  date: IsoDate;
  rate: number;
}

/** How an FX conversion was made: 1 (same currency), the direct quote, the inverse quote, or via the pivot. */
export type FxRoute = 'SAME' | 'DIRECT' | 'INVERSE' | 'TRIANGULATED';

export interface FxConversion {
  rate: number;
  /** The oldest quote date the rate rests on (for triangulation: the older of the two legs); null for SAME. */
  rate_date: IsoDate | null;
  route: FxRoute;
}

/** Converts 1 unit of `from` into `to` with the latest quotes on or before `date`; undefined when impossible. */
export type FxConverter = (from: string, to: string, date: IsoDate) => FxConversion | undefined;

export type ValuationStatus = 'CURRENT' | 'STALE' | 'UNVALUED';

/** A transaction's position row after it (exact decimals parsed to float64), in replay order. */
export interface HistoryPoint {
  position_date: IsoDate;
  /** The row's replay sequence (PositionRow.seq): orders rows of the same date; absent = the array order. */
  seq?: number;
  quantity: number;
  cost_basis: number;
  cost_basis_local: number;
}

/** A cashflow of the key as the position engine booked it (signed from the portfolio's point of view). */
export interface CashflowPoint {
  cashflow_date: IsoDate;
  transaction_type: string;
  classification: string;
  timing: 'BOD' | 'EOD';
  amount: number;
  currency: string;
  amount_base: number;
  is_position_flow: boolean;
  is_portfolio_flow: boolean;
  /** Realized P&L in base booked by this transaction (SELL), else 0. */
  realized_gain_loss: number;
  /** The trade's own fee in base (BUY/SELL/…); counted as a fee of the day. Absent = 0. Not read for FEE. */
  fee_base?: number;
}

export interface PositionInput {
  security_id: string;
  /** null: the instrument fact is missing (the position engine has blocked the key anyway). */
  instrument: { currency: string; is_cash: boolean } | null;
  history: readonly HistoryPoint[];
  cashflows: readonly CashflowPoint[];
  /** The key is blocked from this date on (its rows stop there): the portfolio days from it are incomplete. */
  blocked_from: IsoDate | null;
}

export interface PortfolioInput {
  portfolio_id: string;
  base_currency: string;
  /** Calendar days first_day..last_day inclusive (first activity .. latest business date). */
  first_day: IsoDate;
  last_day: IsoDate;
  positions: readonly PositionInput[];
  prices: (security_id: string) => PriceSeries | undefined;
  fx: FxConverter;
}

/** One position on one calendar day. Local = the instrument's currency; base = the portfolio's. */
export interface PositionDay {
  date: IsoDate;
  security_id: string;
  quantity: number;
  cost_basis: number;
  cost_basis_local: number;
  market_price: number | null;
  price_date: IsoDate | null;
  valuation_status: ValuationStatus;
  /** instrument currency → base rate used for the day's values, and its quote date. */
  fx_rate: number | null;
  fx_date: IsoDate | null;
  bod_market_value_local: number | null;
  eod_market_value_local: number | null;
  bod_market_value: number | null;
  eod_market_value: number | null;
  /** Money into the position by timing (local, and base), from its position flows. */
  bod_cashflow_local: number;
  eod_cashflow_local: number;
  bod_cashflow: number;
  eod_cashflow: number;
  income: number;
  fees: number;
  unrealized_gain_loss_local: number | null;
  unrealized_gain_loss: number | null;
  /** Why the day cannot be valued in base: 'NO_PRICE', 'MISSING_FX EUR/USD', 'POSITION_BLOCKED'. */
  incomplete_reason: string | null;
}

/** One portfolio day, base currency. */
export interface PortfolioDay {
  date: IsoDate;
  bod_market_value: number;
  eod_market_value: number;
  /** External (portfolio) flows by timing: deposits, withdrawals, transfers, fees booked on cash. */
  bod_cashflow: number;
  eod_cashflow: number;
  /** Real fees only (FEE transactions and trade fees), as a positive number. */
  fees: number;
  income: number;
  realized_gain_loss: number;
  complete: boolean;
  incomplete_reason: string | null;
}

export interface PortfolioSeries {
  positions: PositionDay[];
  portfolio: PortfolioDay[];
}

/** The instrument attributes allocation groups by (null or empty → 'UNCLASSIFIED'). */
export interface AllocationAttributes extends Partial<InstrumentAttributeValues> {
  maturity_date?: IsoDate | null;
}

export type AllocationDimension = keyof Omit<AllocationAttributes, 'maturity_date'> | 'maturity_bucket';

/** A position as of a date: its base market value (null = unvalued) and its instrument's attributes. */
export interface AllocationItem {
  security_id: string;
  market_value: number | null;
  attributes: AllocationAttributes;
}

export interface AllocationGroup {
  key: string;
  market_value: number;
  weight: number;
}

export interface Allocation {
  as_of_date: IsoDate;
  /** Σ market value of the valued positions (the weights' denominator). */
  total_market_value: number;
  dimensions: { dimension: AllocationDimension; groups: AllocationGroup[] }[];
  /** Positions without a base market value: in no group and outside the weights. */
  unvalued: { count: number; security_ids: string[] };
}
