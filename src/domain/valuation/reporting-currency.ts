import { addDays } from '../dates.ts';
import type { IsoDate } from '../records/types.ts';
import { REASON_SEPARATOR } from './day-totals.ts';
import type { FxConversion, FxConverter, PortfolioDay } from './types.ts';

/**
 * Reporting currency (issue 14): a base-currency daily series read in another currency at each day's FX.
 * Pure. The rates come from the valuation's own converter (fx-converter.ts: direct, inverse, triangulated
 * through the pivot, carried forward), so a figure in the reporting currency rests on the same quotes as the
 * valuation itself.
 */

/** The money fields of a portfolio day, all in base currency (the series' own row, less its realized P&L). */
export type BaseDay = Omit<PortfolioDay, 'realized_gain_loss'>;

/** The rate of a day base → reporting, or why there is none. */
export type DayRate = { rate: number; conversion: FxConversion } | { rate: null; reason: string };

/** The reason a day cannot be converted: a MISSING_FX like the valuation's, naming the pair. */
export const missingRateReason = (base: string, reporting: string): string =>
  `MISSING_FX ${base}/${reporting} REPORTING_CURRENCY`;

/** 1 base = rate reporting on `date` (carried forward as the valuation does); the reason when there is none. */
export function dayRateOf(convert: FxConverter, base: string, reporting: string, date: IsoDate): DayRate {
  const conversion = convert(base, reporting, date);
  return conversion === undefined
    ? { rate: null, reason: missingRateReason(base, reporting) }
    : { rate: conversion.rate, conversion };
}

/** What a converted day tells about its conversion. */
export interface DayFx {
  /** 1 base = fx_rate reporting at the close of the day; null when no rate is known. */
  fx_rate: number | null;
  /** The date of the quote used (the older leg when triangulated); null for the same currency or none. */
  fx_date: IsoDate | null;
  fx_route: FxConversion['route'] | null;
}

/**
 * A day in the reporting currency. The close, the flows, the fees and the income (and the `alsoAtClose`
 * fields) convert at the day's rate; the open (the previous close) at the previous close's rate — so that the
 * value carries over from one day to the next unchanged and the move of the rate between two closes lands in
 * the day's return: with no flows (1 + r_rep) = (1 + r_base) × rate_t / rate_{t−1}. A day without both rates
 * (an empty open needs none) is left unconverted, its amounts 0 and the day incomplete with the reason:
 * never converted at a wrong rate.
 */
export function convertDay<T extends BaseDay>(
  day: T,
  rates: { open: DayRate; close: DayRate },
  alsoAtClose: ReadonlyArray<keyof T & string> = [],
): T & DayFx {
  const { open, close } = rates;
  const openRate = open.rate ?? (day.bod_market_value === 0 ? 0 : null);
  const missing =
    openRate === null ? (open as { reason: string }).reason : close.rate === null ? close.reason : null;
  const x = missing === null ? (close.rate as number) : 0;
  const converted: T & DayFx = {
    ...day,
    bod_market_value: missing === null ? day.bod_market_value * (openRate as number) : 0,
    eod_market_value: day.eod_market_value * x,
    bod_cashflow: day.bod_cashflow * x,
    eod_cashflow: day.eod_cashflow * x,
    fees: day.fees * x,
    income: day.income * x,
    fx_rate: missing === null ? x : null,
    fx_date: missing === null && close.rate !== null ? close.conversion.rate_date : null,
    fx_route: missing === null && close.rate !== null ? close.conversion.route : null,
  };
  for (const field of alsoAtClose) {
    const v = day[field];
    if (typeof v === 'number') (converted as unknown as Record<string, number>)[field] = v * x;
  }
  if (missing === null) return converted;
  const reasons = new Set([...(day.incomplete_reason?.split(REASON_SEPARATOR) ?? []), missing]);
  return { ...converted, complete: false, incomplete_reason: [...reasons].sort().join(REASON_SEPARATOR) };
}

/**
 * A base-currency daily series (ascending) in the reporting currency, each day as convertDay converts it. The
 * open of the first row converts at the rate of the day before it (the previous close, carried forward).
 */
export function convertSeries<T extends BaseDay>(
  rows: readonly T[],
  convert: FxConverter,
  base: string,
  reporting: string,
  alsoAtClose: ReadonlyArray<keyof T & string> = [],
): Array<T & DayFx> {
  const rateOn = (date: IsoDate) => dayRateOf(convert, base, reporting, date);
  return rows.map((row, i) => {
    const open = rateOn(i === 0 ? addDays(row.date, -1) : rows[i - 1]!.date);
    return convertDay(row, { open, close: rateOn(row.date) }, alsoAtClose);
  });
}

/** A return, or why there is none (the analytics' Figure). */
type Ret = { value: number; reason?: undefined } | { value: null; reason: string };

/**
 * The FX effect of a period: the return in base, in the reporting currency and the currency's contribution
 * r_fx defined by (1 + r_rep) = (1 + r_base) × (1 + r_fx). Null with the reason when either return is.
 */
export function fxEffectOf(base: Ret, reporting: Ret) {
  const why = base.value === null ? base.reason : reporting.value === null ? reporting.reason : null;
  const fx =
    base.value === null || reporting.value === null || base.value === -1
      ? null
      : (1 + reporting.value) / (1 + base.value) - 1;
  const finite = fx !== null && Number.isFinite(fx) ? fx : null;
  return {
    base_currency_return: base.value,
    reporting_currency_return: reporting.value,
    fx_effect: finite,
    null_reason: finite === null ? (why ?? 'the base-currency return is −100 %') : null,
  };
}
