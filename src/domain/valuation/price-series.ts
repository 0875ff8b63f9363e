import type { IsoDate } from '../records/types.ts';
import { lastIndexOnOrBefore } from './search.ts';
import type { PricePoint, PriceSeries } from './types.ts';

/** Builds a security's columnar price series; a later point of the same date replaces an earlier one. */
export function priceSeriesOf(points: readonly PricePoint[]): PriceSeries {
  const byDate = new Map<IsoDate, PricePoint>();
  for (const p of points) byDate.set(p.date, p);
  const sorted = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    dates: sorted.map((p) => p.date),
    prices: Float64Array.from(sorted, (p) => p.price),
    currencies: sorted.map((p) => p.currency),
  };
}

/** The carry-forward price of `date`: the latest point on or before it, or undefined before the first. */
export function priceOn(series: PriceSeries, date: IsoDate): PricePoint | undefined {
  const i = lastIndexOnOrBefore(series.dates, date);
  return i < 0 ? undefined : pointAt(series, i);
}

export const pointAt = (series: PriceSeries, i: number): PricePoint => ({
  date: series.dates[i] as IsoDate,
  price: series.prices[i] as number,
  currency: series.currencies[i] as string,
});
