import type { IsoDate } from '../../records/types.ts';
import type { BaseDay, DayFx } from '../../valuation/reporting-currency.ts';
import { type Figure, splitFigures } from '../figure.ts';
import { rowsWithin } from '../performance/series.ts';

/**
 * A period's P&L in the reporting currency (issue 14, docs/analytics/pnl.md "Reporting currency"), from the
 * daily series converted day by day (convertSeries): each day's base P&L at that day's rate, plus the
 * translation of the value held across the rate's moves:
 *
 *   total_pnl = end_value − start_value − net_flows
 *             = Σ_t rate_t × (EMV_t − BMV_t − CF_t)   (pnl_at_day_rates)
 *             + Σ_t BMV_t × (rate_t − rate_{t−1})       (fx_translation_effect)
 *
 * with every value in base on the right. Null with the reason when a day of the period is not converted (no
 * rate) or not wholly valued, or when the series end before the period does.
 */
export function pnlInReportingCurrency(
  base: readonly BaseDay[],
  converted: ReadonlyArray<BaseDay & DayFx>,
  span: { last: IsoDate | null },
  period: { start_date: IsoDate; end_date: IsoDate },
) {
  const inBase = rowsWithin(base, period.start_date, period.end_date);
  const rows = rowsWithin(converted, period.start_date, period.end_date);
  const unknown = (): string | null => {
    if (rows.length > 0 && (span.last === null || span.last < period.end_date)) {
      return `the daily series end on ${span.last}`;
    }
    const bad = rows.find((r) => !r.complete);
    return bad === undefined ? null : `the close of ${bad.date} is incomplete (${bad.incomplete_reason})`;
  };
  const why = unknown();
  let startValue = 0;
  let endValue = 0;
  let netFlows = 0;
  let income = 0;
  let fees = 0;
  let atDayRates = 0;
  rows.forEach((r, i) => {
    const b = inBase[i]!;
    if (i === 0) startValue = r.bod_market_value;
    endValue = r.eod_market_value;
    netFlows += r.bod_cashflow + r.eod_cashflow;
    income += r.income;
    fees += r.fees;
    const dayPnl = b.eod_market_value - b.bod_market_value - b.bod_cashflow - b.eod_cashflow;
    atDayRates += (r.fx_rate ?? 0) * dayPnl;
  });
  const total = endValue - startValue - netFlows;
  const f = (value: number): Figure => (why === null ? { value } : { value: null, reason: why });
  const { values, null_reasons } = splitFigures({
    start_value: f(startValue),
    end_value: f(endValue),
    net_flows: f(netFlows),
    income: f(income),
    fees: f(fees),
    total_pnl: f(total),
    pnl_at_day_rates: f(atDayRates),
    fx_translation_effect: f(total - atDayRates),
  });
  return { ...values, null_reasons };
}
