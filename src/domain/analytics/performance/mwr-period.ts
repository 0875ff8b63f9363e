import { addDays } from '../../dates.ts';
import { splitFigures } from '../figure.ts';
import type { ResolvedPeriod } from '../periods.ts';
import { isLongerThanAYear } from '../returns/annualize.ts';
import { investorCashflows, moneyWeightedReturn } from '../returns/mwr.ts';
import { DEFAULT_BRACKET } from '../returns/rate-solver.ts';
import type { DatedFlow, NetOrGross } from '../returns/types.ts';
import { closeOf, type PortfolioSeries, windowOf } from './series.ts';

/**
 * The legacy money-weighted return of a period (seed-system §12.3) from the daily series, with its bugs fixed:
 * `mwr` is the return over the period itself (the original reported XIRR's annual rate, even for a week), and
 * `mwr_annualized` is that annual rate only for a period longer than a year (it was null below 365 days and
 * the annual rate at 365); transfers are external flows like deposits (the original left them out, §14.10).
 */

export interface MwrPeriodOptions {
  annualize: boolean;
  net_or_gross: NetOrGross;
}

/**
 * The period's external flows, dated at the instant they happen: a BOD flow of day d at the close of d − 1
 * (it is invested for all of d), an EOD flow at the close of d. NET leaves FEEs booked on cash out of the flows
 * (they stay in the value as the investor's cost, as the original left fees out); GROSS counts FEEs booked on a
 * security as withdrawals too (they are inside the value otherwise).
 */
function flowsOf(rows: PortfolioSeries['rows'], netOrGross: NetOrGross): DatedFlow[] {
  const flows: DatedFlow[] = [];
  for (const r of rows) {
    const feesAsFlows = Math.max(0, r.fees - r.fees_in_value);
    const eod = netOrGross === 'NET' ? r.eod_cashflow + feesAsFlows : r.eod_cashflow - r.fees_in_value;
    if (r.bod_cashflow !== 0) flows.push({ date: addDays(r.date, -1), amount: r.bod_cashflow });
    if (eod !== 0) flows.push({ date: r.date, amount: eod });
  }
  return flows;
}

export function periodMwr(series: PortfolioSeries, period: ResolvedPeriod, options: MwrPeriodOptions) {
  const window = windowOf(series, period.start_date, period.end_date);
  const opening = addDays(period.start_date, -1);
  const begin = closeOf(series, opening);
  const end = closeOf(series, period.end_date);
  const flows = flowsOf(window.rows, options.net_or_gross);
  const reasons: Record<string, string> = {};

  let method: 'xirr' | 'modified_dietz' | 'modified_dietz_fallback' | null = null;
  let mwr = null;
  let mwrAnnualized = null;
  let years = 0;
  const unknown = begin.value === null ? begin.reason : end.value === null ? end.reason : null;
  if (unknown !== null) {
    reasons.mwr = unknown;
    reasons.mwr_annualized = unknown;
  } else {
    // As investor cash flows, netted by date: the span XIRR compounds over runs from the first money in (the
    // opening value, or the first deposit when the portfolio starts empty) to the last money out.
    const cashflows = investorCashflows({
      start_date: opening,
      end_date: period.end_date,
      begin_value: begin.value as number,
      end_value: end.value as number,
      flows,
    });
    const result = moneyWeightedReturn(
      { cashflows },
      {
        method: 'xirr',
        fallback: 'modified_dietz',
        bracket: DEFAULT_BRACKET,
        root_selection: 'unique',
        guess: 0.1,
      },
    );
    years = result.years_spanned;
    method = result.method;
    mwr = result.period_return.value;
    if (result.period_return.value === null) reasons.mwr = result.period_return.reason;
    const dates = cashflows.map((cf) => cf.date).sort();
    const longerThanAYear =
      dates.length > 0 &&
      isLongerThanAYear({ basis: 'act365', start: dates[0]!, end: dates[dates.length - 1]! });
    if (!options.annualize) reasons.mwr_annualized = 'not asked for (options.annualize is false)';
    else if (!longerThanAYear)
      reasons.mwr_annualized = 'not annualized: the money was invested for one year or less';
    else {
      mwrAnnualized = result.annual_equivalent.value;
      if (result.annual_equivalent.value === null) reasons.mwr_annualized = result.annual_equivalent.reason;
    }
  }

  const values = splitFigures({ begin_market_value: begin, end_market_value: end });
  for (const [name, reason] of Object.entries(values.null_reasons)) reasons[`attributes.${name}`] = reason;
  const { breakdown: _breakdown, ...resolved } = period;
  return {
    ...resolved,
    mwr,
    mwr_annualized: mwrAnnualized,
    method,
    years,
    ...window.completeness,
    null_reasons: reasons,
    attributes: {
      ...values.values,
      external_contributions: flows.filter((f) => f.amount > 0).reduce((s, f) => s + f.amount, 0),
      external_withdrawals: flows.filter((f) => f.amount < 0).reduce((s, f) => s + f.amount, 0),
      cashflow_count: flows.length,
    },
  };
}
