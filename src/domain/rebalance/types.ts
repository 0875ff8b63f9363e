/**
 * Rebalancing (issue 4 of the analytics work): trades that bring a portfolio's weights to targets, proposed and
 * never booked. Amounts and prices are base-currency float64; weights are decimals of the portfolio's total
 * market value (0.25 = 25 %). Traded quantities are exact decimal strings (whole lots).
 */

import { INSTRUMENT_ATTRIBUTES } from '../instrument-attributes.ts';

/** The instrument attributes a target may be set on, besides the security itself. */
export const REBALANCE_DIMENSIONS = INSTRUMENT_ATTRIBUTES;
export type RebalanceDimension = (typeof REBALANCE_DIMENSIONS)[number];
export type TargetBasis = 'security' | RebalanceDimension;

/** A valued position on the as-of date. */
export interface Holding {
  security_id: string;
  /** Units held (> 0). */
  quantity: number;
  /** Base-currency market value; its price is market_value / quantity. */
  market_value: number;
  /** Cash is the residual of a rebalance, never a target. */
  is_cash: boolean;
  attributes: Partial<Record<RebalanceDimension, string | null>>;
}

export interface Target {
  /** A security_id (targets by security) or an attribute value ('Technology' for targets by sector). */
  key: string;
  weight: number;
  /** Base-currency price per unit, for a security not held (a held one is priced at its market value). */
  price?: number | undefined;
  /** Overrides the request's lot size for this security. */
  lot_size?: number | undefined;
}

/** What happens to what no target names: left as it is, or sold. */
export type Unlisted = 'hold' | 'sell';

export interface RebalanceRequest {
  by: TargetBasis;
  targets: readonly Target[];
  /** Cash kept after the trades, as a weight of the total market value. */
  cash_buffer: number;
  /** A trade worth less than this (base currency) is dropped. */
  min_trade_value: number;
  /** Units per lot; every traded quantity is a whole number of lots (except a sale that closes a position). */
  lot_size: number;
  /** A position (or group) whose weight is within this of its target is left alone (absolute weight). */
  tolerance: number;
  unlisted: Unlisted;
}

export type Side = 'BUY' | 'SELL';

export interface Trade {
  security_id: string;
  side: Side;
  /** Exact decimal string: whole lots, or the whole position for a sale to a target of 0. */
  quantity: string;
  price: number;
  /** quantity × price, base currency, positive for both sides. */
  amount: number;
}

/**
 * Why a position was or was not traded. TRADED; WITHIN_TOLERANCE (its drift, or its group's, is within the
 * tolerance); BELOW_MIN_TRADE (the trade was worth less than min_trade_value); LESS_THAN_A_LOT (the trade
 * toward the target is smaller than one lot); NO_CASH (the buy was cut to nothing to keep the cash buffer);
 * UNLISTED (no target names it and unlisted positions are held); AT_TARGET (nothing to do).
 */
export type Action =
  | 'TRADED'
  | 'WITHIN_TOLERANCE'
  | 'BELOW_MIN_TRADE'
  | 'LESS_THAN_A_LOT'
  | 'NO_CASH'
  | 'UNLISTED'
  | 'AT_TARGET';

export interface PositionOutcome {
  security_id: string;
  /** The target group the position belongs to (targets by dimension); its security_id otherwise. */
  group: string;
  price: number;
  quantity_before: number;
  quantity_after: number;
  market_value_before: number;
  market_value_after: number;
  weight_before: number;
  weight_after: number;
  /** null: no target (an unlisted position that is held). */
  target_weight: number | null;
  /** weight − target weight; null without a target. */
  drift_before: number | null;
  drift_after: number | null;
  action: Action;
}

export interface GroupOutcome {
  key: string;
  target_weight: number | null;
  weight_before: number;
  weight_after: number;
  drift_before: number | null;
  drift_after: number | null;
  within_tolerance: boolean;
}

export interface UnfilledTarget {
  key: string;
  target_weight: number;
  reason: string;
}

export interface RebalanceResult {
  total_market_value: number;
  trades: Trade[];
  positions: PositionOutcome[];
  /** Per target key and unlisted group (targets by dimension only; empty by security). */
  groups: GroupOutcome[];
  cash: {
    before: number;
    after: number;
    weight_before: number;
    weight_after: number;
    /** The cash the buys may not draw below: cash_buffer × total market value. */
    buffer: number;
  };
  /** True when buys were cut to keep the cash buffer. */
  cash_constrained: boolean;
  unfilled: UnfilledTarget[];
}
