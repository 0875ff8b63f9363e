import { validationFailed } from '../../domain/errors.ts';
import type { IsoDate } from '../../domain/records/types.ts';
import { fxConverterOf } from '../../domain/valuation/fx-converter.ts';
import { type DayRate, dayRateOf } from '../../domain/valuation/reporting-currency.ts';
import type { FxConverter } from '../../domain/valuation/types.ts';
import type { Sql } from '../../store/db.ts';
import { fxQuotesOf } from '../../store/series-facts.ts';

/**
 * Reporting currency (issue 14, docs/analytics/performance.md "Reporting currency"): the currency an answer
 * is given in, and the FX converter that takes the portfolio's base-currency figures into it — the
 * valuation's converter (direct, inverse, triangulated through the pivot PAS_FX_PIVOT) over the quotes among
 * the base, the reporting currency and the pivot.
 */

/** An answer's currency: the base one (`converter` null: nothing converts) or another with its converter. */
export interface Reporting {
  base_currency: string;
  reporting_currency: string;
  pivot: string;
  converter: FxConverter | null;
}

/** The reporting currency asked for (upper-cased), the base one by default; loads the quotes it needs. */
export async function reportingOf(
  db: Sql,
  base: string,
  requested: string | undefined,
  pivot: string,
): Promise<Reporting> {
  const reporting = (requested ?? base).toUpperCase();
  if (reporting === base) return { base_currency: base, reporting_currency: base, pivot, converter: null };
  const pairs: Array<[string, string]> = [[base, reporting]];
  if (pivot !== base && pivot !== reporting) pairs.push([base, pivot], [pivot, reporting]);
  const rows = await fxQuotesOf(db, pairs);
  const quotes = rows.map((r) => ({
    from: r.from_currency,
    to: r.to_currency,
    date: r.rate_date,
    rate: r.rate,
  }));
  return {
    base_currency: base,
    reporting_currency: reporting,
    pivot,
    converter: fxConverterOf(quotes, pivot),
  };
}

/** The rate base → reporting on a date (1 in the base currency). */
export function rateOn(reporting: Reporting, date: IsoDate): DayRate {
  if (reporting.converter === null) {
    return { rate: 1, conversion: { rate: 1, rate_date: null, route: 'SAME' } };
  }
  return dayRateOf(reporting.converter, reporting.base_currency, reporting.reporting_currency, date);
}

/** What an answer says about its conversion on one date: the rate, its quote's date and its route. */
export function conversionOf(reporting: Reporting, date: IsoDate | null) {
  if (date === null || reporting.converter === null) {
    return {
      reporting_currency: reporting.reporting_currency,
      fx_rate: date === null ? null : 1,
      fx_date: null,
      fx_route: date === null ? null : 'SAME',
      fx_missing_reason: null,
    };
  }
  const r = rateOn(reporting, date);
  return r.rate === null
    ? {
        reporting_currency: reporting.reporting_currency,
        fx_rate: null,
        fx_date: null,
        fx_route: null,
        fx_missing_reason: r.reason,
      }
    : {
        reporting_currency: reporting.reporting_currency,
        fx_rate: r.rate,
        fx_date: r.conversion.rate_date,
        fx_route: r.conversion.route,
        fx_missing_reason: null,
      };
}

/** A 422 for a request that cannot be answered in another currency than the base one. */
export function baseCurrencyOnly(field: string, what: string, base: string): never {
  throw validationFailed('invalid request body', [
    { index: 0, field, message: `${what} is given in the base currency ${base} only` },
  ]);
}

/**
 * Positions as of a date in the reporting currency: market values and costs at the date's rate (a translation
 * at one rate, so weights do not change). Without a rate every position is unvalued with the reason, the day
 * incomplete and its totals withheld (`built` false): never a base amount labelled in another currency.
 */
export function positionsIn<
  P extends { eod_market_value: number | null; cost_basis: number; incomplete_reason: string | null },
>(
  reporting: Reporting,
  v: {
    as_of_date: string | null;
    built: boolean;
    positions: P[];
    complete: boolean;
    incomplete_reasons: string[];
  },
) {
  if (reporting.converter === null || v.as_of_date === null) return v;
  const r = rateOn(reporting, v.as_of_date);
  if (r.rate === null) {
    return {
      ...v,
      built: false,
      complete: false,
      incomplete_reasons: [...new Set([...v.incomplete_reasons, r.reason])].sort(),
      positions: v.positions.map((p) => ({ ...p, eod_market_value: null, incomplete_reason: r.reason })),
    };
  }
  const rate = r.rate;
  return {
    ...v,
    positions: v.positions.map((p) => ({
      ...p,
      eod_market_value: p.eod_market_value === null ? null : p.eod_market_value * rate,
      cost_basis: p.cost_basis * rate,
    })),
  };
}
