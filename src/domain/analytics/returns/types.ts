import type { Figure } from '../figure.ts';

export type IsoDate = string;

/**
 * When a day's external flows arrive, for the daily return:
 * - as_recorded: bod_cashflow at the open (invested all day), eod_cashflow at the close (earns nothing);
 * - start_of_day / end_of_day / mid_day: every flow of the day, BOD and EOD alike, at the open, at the close,
 *   or at noon (weight 1/2, the daily simple Dietz).
 */
export const FLOW_TIMINGS = ['as_recorded', 'start_of_day', 'end_of_day', 'mid_day'] as const;
export type FlowTiming = (typeof FLOW_TIMINGS)[number];

/** NET: after fees (fees reduce the return); GROSS: before fees. */
export const NET_OR_GROSS = ['NET', 'GROSS'] as const;
export type NetOrGross = (typeof NET_OR_GROSS)[number];

/**
 * Where a day's fees already show in the row:
 * - external_flow: paid out of the portfolio and booked among the day's cashflows (as a withdrawal), so the
 *   flow-adjusted value change is GROSS of them and NET subtracts them (the legacy formula, §12.2, with the
 *   sign fixed);
 * - market_value: paid inside the portfolio and not in the cashflows, so the value change is already NET of
 *   them and GROSS adds them back.
 */
export const FEE_BOOKINGS = ['external_flow', 'market_value'] as const;
export type FeeBooking = (typeof FEE_BOOKINGS)[number];

/**
 * One day of a daily valuation series, in one currency (the shape of the portfolio daily series). Flows are
 * external flows signed from the portfolio's side (+ contribution, − withdrawal); fees are ≥ 0.
 */
export interface ValuationDay {
  date: IsoDate;
  /** Value at the previous close, before the day's flows. */
  bod_market_value: number;
  bod_cashflow: number;
  eod_cashflow: number;
  /** Value at the close, after every flow of the day. */
  eod_market_value: number;
  /** Fees paid on the day, ≥ 0 (0 when absent). */
  fees?: number;
}

export interface DailyReturnConventions {
  flow_timing: FlowTiming;
  net_or_gross: NetOrGross;
  fee_booking: FeeBooking;
}

/**
 * A daily return. `idle` marks a day with no capital at work and no gain (base and gain both 0, e.g. before
 * the first deposit): it has no return but does not break the chain, so linking leaves it out.
 */
export type DailyReturn = Figure & { date: IsoDate; idle: boolean };

/** A dated external flow of a period, signed from the portfolio's side (+ into the portfolio). */
export interface DatedFlow {
  date: IsoDate;
  amount: number;
}

/** A dated cash flow signed from the investor's side (− paid in, + received), for money-weighted returns. */
export interface InvestorCashflow {
  date: IsoDate;
  amount: number;
}
