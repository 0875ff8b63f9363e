import { type Dec, dec, ONE, quotient } from '../domain/money.ts';
import type { FxLookup } from '../domain/positions/types.ts';
import type { IsoDate } from '../domain/records/types.ts';
import { pairKey } from '../domain/valuation/fx-pairs.ts';
import { lastIndexOnOrBefore } from '../domain/valuation/search.ts';

/** An FX fact as loaded: 1 `from_currency` = `rate` `to_currency` on `rate_date`. */
export interface FxRateRow {
  from_currency: string;
  to_currency: string;
  rate_date: IsoDate;
  rate: string;
}

interface Series {
  dates: IsoDate[];
  rates: Dec[];
}

/**
 * The FX lookup of one batch, over the rates loaded for it (every rate of the pairs it needs, loaded once):
 * the latest rate on or before the date, direct (from → to) or else inverse (1 / the latest to → from rate,
 * held to the money module's quotient scale). When the pair is quoted both ways the later quote wins, the
 * direct one on the same date. Rows may come in any order.
 */
export function fxLookupOf(rows: readonly FxRateRow[]): FxLookup {
  const series = new Map<string, Series>();
  const sorted = [...rows].sort((a, b) =>
    a.rate_date < b.rate_date ? -1 : a.rate_date > b.rate_date ? 1 : 0,
  );
  for (const r of sorted) {
    const key = pairKey(r.from_currency, r.to_currency);
    let s = series.get(key);
    if (!s) {
      s = { dates: [], rates: [] };
      series.set(key, s);
    }
    s.dates.push(r.rate_date);
    s.rates.push(dec(r.rate));
  }
  const latest = (from: string, to: string, date: IsoDate) => {
    const s = series.get(pairKey(from, to));
    if (!s) return undefined;
    const i = lastIndexOnOrBefore(s.dates, date);
    return i < 0 ? undefined : { rate: s.rates[i]!, rate_date: s.dates[i]! };
  };
  return (from, to, date) => {
    if (from === to) return { rate: ONE, rate_date: date };
    const direct = latest(from, to, date);
    const reverse = latest(to, from, date);
    if (!reverse?.rate.gt(0) || (direct && direct.rate_date >= reverse.rate_date)) return direct;
    return { rate: quotient(ONE, reverse.rate), rate_date: reverse.rate_date };
  };
}
