import { INSTRUMENT_ATTRIBUTES, type InstrumentAttributeValues } from '../../instrument-attributes.ts';
import type { Figure } from '../figure.ts';
import type { DailyReturn, IsoDate } from '../returns/types.ts';

/**
 * One row of the position daily series (base currency). `bod_cashflow`/`eod_cashflow` are every flow into the
 * position by timing; `external_*` are the portfolio's external flows among them (deposits, withdrawals,
 * transfers, fees booked on cash), the rest being money moved between positions (trades, their cash legs,
 * income paid to cash).
 */
export interface PositionDayInput {
  date: IsoDate;
  security_id: string;
  bod_market_value: number | null;
  eod_market_value: number | null;
  bod_cashflow: number;
  eod_cashflow: number;
  external_bod_cashflow: number;
  external_eod_cashflow: number;
  /**
   * FEE and TAX transactions paid through this (non-cash) position, ≥ 0: money that came in from its cash leg
   * at the close and left as its loss.
   */
  expenses_paid: number;
  /** The FEE transactions among them, ≥ 0: a GROSS return adds them back. */
  fees_in_value: number;
  is_cash: boolean;
  incomplete_reason: string | null;
}

/** A position's day: its capital at work and its gain, base currency. */
export interface PositionDayFigures {
  security_id: string;
  capital: number;
  gain: number;
}

/** One day of the period on which the portfolio had capital at work (its TWR return is defined). */
export interface ActiveDay {
  date: IsoDate;
  /** The portfolio's GROSS return of the day, as /performance computes it (dailyReturnOf). */
  portfolio_return: number;
  /** The TWR's capital base: BOD market value + BOD external flows. */
  capital: number;
  /** Σ of the positions' capital (equal to `capital` except as docs/analytics/contribution-attribution.md says). */
  positions_capital: number;
  positions: PositionDayFigures[];
}

/** The period's days, ready for contribution and attribution; or why they cannot be computed. */
export type DayBook =
  | {
      ok: true;
      days: ActiveDay[];
      /** Every day's portfolio return (idle days included). */
      daily: DailyReturn[];
      /** The portfolio's GROSS TWR over the period, as /performance gives it. */
      portfolio_return: Figure;
    }
  | { ok: false; reason: string };

/** Linking of per-day arithmetic effects into period effects that add up to a geometric period return. */
export const LINKINGS = ['grap', 'carino'] as const;
export type Linking = (typeof LINKINGS)[number];

/** The instrument attributes a position is grouped by. */
export const GROUP_DIMENSIONS = [...INSTRUMENT_ATTRIBUTES, 'security'] as const;
export type GroupDimension = (typeof GROUP_DIMENSIONS)[number];

export interface InstrumentAttributes extends InstrumentAttributeValues {
  security_id: string;
  name: string | null;
  is_cash: boolean;
}
