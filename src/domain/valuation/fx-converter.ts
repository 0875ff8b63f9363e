import type { IsoDate } from '../records/types.ts';
import { pairKey } from './fx-pairs.ts';
import { lastIndexOnOrBefore } from './search.ts';
import type { FxConversion, FxConverter, FxQuote } from './types.ts';

/** The quotes of one ordered pair, columnar: ascending dates and their rates. */
interface PairSeries {
  dates: IsoDate[];
  rates: Float64Array;
}

interface Leg {
  rate: number;
  date: IsoDate;
  route: 'DIRECT' | 'INVERSE';
}

/**
 * The FX converter over a set of quotes (1 from = rate to). Conversion from → to on a date uses the latest
 * quotes on or before it, preferring, in order:
 * - SAME: 1, when the currencies are equal;
 * - a single quote: DIRECT (from→to) or INVERSE (1 / to→from); when both pairs are quoted the more recent
 *   quote wins, and on the same date the direct one (it is the quote as published, not a reciprocal);
 * - TRIANGULATED through `pivot`: from→pivot × pivot→to, each leg direct or inverse as above; the rate rests
 *   on the older of the two legs' dates, which is the date it reports.
 * Undefined when none of these exists. Non-positive or non-finite quotes are ignored (no rate can be 0), and
 * a later quote of the same pair and date replaces an earlier one.
 */
export function fxConverterOf(quotes: readonly FxQuote[], pivot = 'USD'): FxConverter {
  const pairs = pairSeriesOf(quotes);

  const latest = (from: string, to: string, date: IsoDate): { rate: number; date: IsoDate } | undefined => {
    const series = pairs.get(pairKey(from, to));
    if (series === undefined) return undefined;
    const i = lastIndexOnOrBefore(series.dates, date);
    return i < 0 ? undefined : { rate: series.rates[i] as number, date: series.dates[i] as IsoDate };
  };

  const leg = (from: string, to: string, date: IsoDate): Leg | undefined => {
    const direct = latest(from, to, date);
    const inverse = latest(to, from, date);
    if (direct !== undefined && (inverse === undefined || direct.date >= inverse.date)) {
      return { rate: direct.rate, date: direct.date, route: 'DIRECT' };
    }
    return inverse === undefined
      ? undefined
      : { rate: 1 / inverse.rate, date: inverse.date, route: 'INVERSE' };
  };

  return (from: string, to: string, date: IsoDate): FxConversion | undefined => {
    if (from === to) return { rate: 1, rate_date: null, route: 'SAME' };
    const single = leg(from, to, date);
    if (single !== undefined) return { rate: single.rate, rate_date: single.date, route: single.route };
    if (from === pivot || to === pivot) return undefined;
    const toPivot = leg(from, pivot, date);
    const fromPivot = leg(pivot, to, date);
    if (toPivot === undefined || fromPivot === undefined) return undefined;
    const older = [toPivot.date, fromPivot.date].sort()[0] as IsoDate;
    return { rate: toPivot.rate * fromPivot.rate, rate_date: older, route: 'TRIANGULATED' };
  };
}

function pairSeriesOf(quotes: readonly FxQuote[]): Map<string, PairSeries> {
  const byPair = new Map<string, Map<IsoDate, number>>();
  for (const q of quotes) {
    if (!(Number.isFinite(q.rate) && q.rate > 0) || q.from === q.to) continue;
    const key = pairKey(q.from, q.to);
    const byDate = byPair.get(key) ?? new Map<IsoDate, number>();
    byPair.set(key, byDate.set(q.date, q.rate));
  }
  const pairs = new Map<string, PairSeries>();
  for (const [key, byDate] of byPair) {
    const dates = [...byDate.keys()].sort();
    pairs.set(key, { dates, rates: Float64Array.from(dates, (d) => byDate.get(d) as number) });
  }
  return pairs;
}
