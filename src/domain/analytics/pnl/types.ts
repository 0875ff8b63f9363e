import type { IsoDate } from '../../records/types.ts';

/**
 * The inputs of the P&L decomposition, as the store reads them. Booked amounts (what the position engine
 * booked per transaction: costs, realized P&L, cashflows) are exact decimal strings; valuations (market values
 * and unrealized P&L of the daily series) are float64 (design §2.5). All in the portfolio's base currency.
 */

/** The cashflow a transaction booked (signed from the portfolio's point of view: + into the portfolio). */
export interface BookedCashflow {
  amount_base: string;
  classification: string;
  timing: 'BOD' | 'EOD';
  is_position_flow: boolean;
  is_portfolio_flow: boolean;
}

/** One applied transaction of the period with what it booked. */
export interface BookedTransaction {
  transaction_id: string;
  security_id: string;
  transaction_type: string;
  date: IsoDate;
  /** The instrument is cash (units of price 1 in its currency). */
  is_cash: boolean;
  /** transaction_costs.net_cost: for an acquisition, the new lot's book cost in base. */
  net_cost: string | null;
  realized_gain_loss: string | null;
  realized_gain_loss_fx: string | null;
  realized_gain_loss_price: string | null;
  /** Σ cost_base of the lots it consumed (disposals), 0 when it consumed none. */
  disposed_cost_base: string;
  /** Its own trade_fee in base (trade_fee × transaction_fx_rate). */
  trade_fee_base: string;
  /** null: it booked no cashflow (SPLIT). */
  cashflow: BookedCashflow | null;
}

/** A position's end-of-day valuation on one date. */
export interface ValuationPoint {
  /** null: not valued that day (no price, no FX, blocked): never taken as 0. */
  market_value: number | null;
  unrealized_gain_loss: number | null;
  incomplete_reason: string | null;
}

/** What the daily series say about one position over the period. */
export interface PositionValuation {
  security_id: string;
  /** EOD of the day before the period; null when the series has no row that day (nothing held: 0). */
  start: ValuationPoint | null;
  /** EOD of the last day; null when the series has no row that day (nothing held: 0). */
  end: ValuationPoint | null;
  /** Σ over the period's days of (base P&L − local P&L × the day's FX rate); see currencyEffect docs. */
  currency_effect: number;
  /** Days of the period on which that could not be computed (a value, a local value or the rate missing). */
  currency_effect_unknown_days: number;
}

/** The portfolio's EOD value on a date: a number, or null with the reason. */
export interface PortfolioPoint {
  market_value: number | null;
  reason: string | null;
}

export interface PnlInput {
  start: PortfolioPoint;
  end: PortfolioPoint;
  positions: readonly PositionValuation[];
  transactions: readonly BookedTransaction[];
}
