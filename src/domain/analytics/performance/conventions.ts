import type { NetOrGross } from '../returns/types.ts';

/**
 * The conventions the per-portfolio /performance and /performance/mwr answers name (docs/analytics/performance.md).
 * One unit for all three per-portfolio endpoints (/risk too): returns are decimals, 0.05 = 5 %. The original's
 * TWR was in percent; its MWR and most of its risk metrics were decimals already.
 */
export const RETURN_UNIT = 'decimal';

const FEES =
  'portfolio_daily.fees are FEE transactions (positive). A FEE booked on cash is an external flow of the ' +
  'series, so the flow-adjusted gain is gross of it: NET subtracts it. A FEE booked on a security lowered ' +
  'the value inside the portfolio, so the gain is net of it: GROSS adds it back. NET ≤ GROSS always.';

const INCOMPLETE =
  'A return whose window depends on an incomplete close (the day before start through end) is null with ' +
  'the reason, and incomplete_days counts those closes; the original counted an unvalued position as 0.';

export function twrConventions(netOrGross: NetOrGross) {
  return {
    return_unit: RETURN_UNIT,
    net_or_gross: netOrGross,
    currency: 'base',
    daily_return:
      '(eod_market_value − bod_market_value − bod_cashflow − eod_cashflow [− fees booked as flows, NET] ' +
      '[+ fees inside the value, GROSS]) / (bod_market_value + bod_cashflow)',
    flow_timing: 'as_recorded',
    fees: FEES,
    linking: 'geometric: Π(1 + r_d) − 1; days with no capital at work (before the first deposit) left out',
    period_start: 'the close of the day before start_date',
    annualization_basis: 'act365_25',
    annualization: '(1 + R)^(365.25 / days) − 1, only for a period longer than one year; else null',
    breakdown_weeks: 'Monday to Sunday',
    incomplete_valuation: INCOMPLETE,
  } as const;
}

export function mwrConventions(netOrGross: NetOrGross) {
  return {
    return_unit: RETURN_UNIT,
    net_or_gross: netOrGross,
    currency: 'base',
    method: 'xirr',
    fallback: 'modified_dietz',
    day_count: 'act365f',
    root_selection: 'unique',
    mwr:
      'the return over the period: (1 + xirr)^years − 1, years = Act/365F from the first to the last cash flow ' +
      '(the opening value, or the first deposit of a portfolio that starts empty, to the closing value)',
    mwr_annualized:
      'xirr itself (an annual rate), only when the cash flows span more than one year and options.annualize',
    flows:
      'the external flows of the daily series: deposits, withdrawals, transfers. NET leaves FEEs booked on ' +
      'cash out (a cost inside the value); GROSS counts FEEs booked on a security as withdrawals.',
    flow_dating:
      'a BOD flow of day d at the close of d − 1 (it is invested all of d, and one on start_date joins the ' +
      'opening value); an EOD flow at the close of d',
    period_start: 'the close of the day before start_date',
    incomplete_valuation:
      'mwr is null when the opening or the closing value is incomplete; the closes between do not enter it',
  } as const;
}
