import { addDays } from '../../dates.ts';
import { type Figure, figureOf, splitFigures } from '../figure.ts';
import { type Breakdown, periodBuckets, type ResolvedPeriod } from '../periods.ts';
import { annualizedOver } from '../returns/annualize.ts';
import { linkReturns } from '../returns/linking.ts';
import type { DailyReturn, IsoDate } from '../returns/types.ts';
import { attributesOf, type WindowAttributes } from './attributes.ts';
import type { PortfolioSeries, SeriesWindow } from './series.ts';
import { windowOf } from './series.ts';

/**
 * The legacy TWR shapes (seed-system §12.2) of one period: its summary entry and its breakdown, from the
 * portfolio's daily returns. Returns are decimals. Fixed against the original: no first-day double
 * compounding (a one-day period is R, not (1 + R)² − 1), no annualization of a year or less (it was the
 * cumulative return relabelled), fees subtracted for NET (it added them), an incomplete valuation gives null
 * with the reason (it counted an unvalued position as 0, a false ±100 %).
 */

export interface TwrOptions {
  include_cumulative: boolean;
  include_annualized: boolean;
  include_attributes: boolean;
}

/** The series and its daily returns (NET or GROSS), aligned by index. */
export interface ReturnSeries extends PortfolioSeries {
  daily: readonly DailyReturn[];
}

/** The key the original gave a bucket's own return, by breakdown. */
export const BREAKDOWN_RETURN_KEYS = {
  DAILY: 'dailyReturn',
  WEEKLY: 'weeklyReturn',
  MONTHLY: 'monthlyReturn',
  QUARTERLY: 'quarterlyReturn',
  YEARLY: 'yearlyReturn',
} as const satisfies Record<Breakdown, string>;

type NullReasons = Record<string, string>;

/** The period is measured from the close of the day before its first day, and annualized beyond a year only. */
const annualizedFrom = (periodStart: IsoDate, end: IsoDate, cumulative: Figure): Figure =>
  annualizedOver(cumulative, { basis: 'act365_25', start: addDays(periodStart, -1), end });

function linkedOverWindow(series: ReturnSeries, window: SeriesWindow): Figure {
  if (window.unknown !== null) return { value: null, reason: window.unknown };
  return linkReturns(series.daily.slice(window.from, window.to));
}

function attributesEntry(attributes: WindowAttributes, reasons: NullReasons) {
  const { begin_market_value, end_market_value, ...sums } = attributes;
  const values = splitFigures({ begin_market_value, end_market_value });
  for (const [name, reason] of Object.entries(values.null_reasons)) reasons[`attributes.${name}`] = reason;
  return { ...values.values, ...sums };
}

/** The period's linked (cumulative) return, or why it is unknown. */
export const periodLinkedReturn = (series: ReturnSeries, period: ResolvedPeriod): Figure =>
  linkedOverWindow(series, windowOf(series, period.start_date, period.end_date));

/** Adds the return figures the options ask for, and their null reasons. */
function returnFields(figures: { cumulative: Figure; annualized: Figure }, options: TwrOptions) {
  const fields: { cumulative_return?: number | null; annualized_return?: number | null } = {};
  const reasons: NullReasons = {};
  if (options.include_cumulative) {
    fields.cumulative_return = figures.cumulative.value;
    if (figures.cumulative.value === null) reasons.cumulative_return = figures.cumulative.reason;
  }
  if (options.include_annualized) {
    fields.annualized_return = figures.annualized.value;
    if (figures.annualized.value === null) reasons.annualized_return = figures.annualized.reason;
  }
  return { fields, reasons };
}

/** The summary entry of a period: its dates, cumulative and annualized TWR, and optionally its attributes. */
export function periodTwr(series: ReturnSeries, period: ResolvedPeriod, options: TwrOptions) {
  const window = windowOf(series, period.start_date, period.end_date);
  const cumulative = linkedOverWindow(series, window);
  const annualized = annualizedFrom(period.start_date, period.end_date, cumulative);
  const { fields, reasons } = returnFields({ cumulative, annualized }, options);
  const { breakdown: _breakdown, ...resolved } = period;
  return {
    ...resolved,
    ...fields,
    ...window.completeness,
    null_reasons: reasons,
    ...(options.include_attributes
      ? { attributes: attributesEntry(attributesOf(series, window), reasons) }
      : {}),
  };
}

/**
 * The breakdown of a period: one result per calendar bucket (periods.ts `periodBuckets`) that the series
 * covers; buckets wholly before the series starts (nothing held) are left out, buckets after it ends are null
 * with the reason.
 *
 * - `<type>Return` (dailyReturn, …): the bucket's own linked return.
 * - `cumulative_return`: as the original had it — since the period's start for DAILY, the bucket's own return
 *   for the others.
 * - `period_to_date_return`: linked from the period's start to the bucket's end, for every type; the last
 *   bucket's equals the period's cumulative return.
 * - `annualized_return`: of period_to_date_return, only once that spans more than a year.
 */
export function periodBreakdown(
  series: ReturnSeries,
  period: ResolvedPeriod,
  breakdown: Breakdown,
  options: TwrOptions,
) {
  const key = BREAKDOWN_RETURN_KEYS[breakdown];
  const first = series.span.first;
  const results = [];
  let growth = 1;
  let linked = 0;
  let broken: string | null = null;
  for (const bucket of periodBuckets(period.start_date, period.end_date, breakdown)) {
    if (first === null || bucket.end_date < first) continue;
    const window = windowOf(series, bucket.start_date, bucket.end_date);
    const own = linkedOverWindow(series, window);
    broken ??= window.unknown;
    for (const r of series.daily.slice(window.from, window.to)) {
      if (r.value !== null) {
        growth *= 1 + r.value;
        linked++;
      } else if (!r.idle) broken ??= `the return of ${r.date} is undefined: ${r.reason}`;
    }
    const toDate: Figure =
      broken !== null
        ? { value: null, reason: broken }
        : linked === 0
          ? { value: null, reason: 'no capital at work in the period' }
          : figureOf(growth - 1, 'the linked growth overflows');
    const annualized = annualizedFrom(period.start_date, bucket.end_date, toDate);
    const { fields, reasons } = returnFields(
      { cumulative: breakdown === 'DAILY' ? toDate : own, annualized },
      options,
    );
    if (own.value === null) reasons[key] = own.reason;
    if (toDate.value === null) reasons.period_to_date_return = toDate.reason;
    results.push({
      start_date: bucket.start_date,
      end_date: bucket.end_date,
      [key]: own.value,
      ...fields,
      period_to_date_return: toDate.value,
      ...window.completeness,
      null_reasons: reasons,
      ...(options.include_attributes
        ? { attributes: attributesEntry(attributesOf(series, window), reasons) }
        : {}),
    });
  }
  return { breakdown_type: breakdown, results };
}
