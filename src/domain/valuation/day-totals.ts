/** The portfolio's per-day sums (base), one slot per calendar day of the series, filled position by position. */
export interface DayTotals {
  eod: Float64Array;
  bodCashflow: Float64Array;
  eodCashflow: Float64Array;
  fees: Float64Array;
  income: Float64Array;
  realized: Float64Array;
  /** Why a day is incomplete: '<reason> <security_id>' per position that cannot be valued in base. */
  reasons: (string[] | undefined)[];
}

/** Joins a day's reasons in portfolio_daily.incomplete_reason. */
export const REASON_SEPARATOR = '; ';

export function emptyTotals(dayCount: number): DayTotals {
  return {
    eod: new Float64Array(dayCount),
    bodCashflow: new Float64Array(dayCount),
    eodCashflow: new Float64Array(dayCount),
    fees: new Float64Array(dayCount),
    income: new Float64Array(dayCount),
    realized: new Float64Array(dayCount),
    reasons: new Array<string[] | undefined>(dayCount),
  };
}

export function addReason(totals: DayTotals, day: number, reason: string): void {
  const list = totals.reasons[day];
  if (list === undefined) totals.reasons[day] = [reason];
  else if (!list.includes(reason)) list.push(reason);
}
