import { addYears } from '../dates.ts';
import type { IsoDate } from '../records/types.ts';
import type {
  Allocation,
  AllocationAttributes,
  AllocationDimension,
  AllocationGroup,
  AllocationItem,
} from './types.ts';

export const UNCLASSIFIED = 'UNCLASSIFIED';

/**
 * The allocation of the valued positions as of a date, per requested dimension: groups by the instrument
 * attribute (null or blank → UNCLASSIFIED), each with its base market value and weight = mv / Σ mv of the
 * valued positions (0 when Σ ≤ 0: a weight of a non-positive total means nothing). Sorted by market value,
 * largest first, then key. Unvalued positions have no market value to weigh: they are counted apart, never
 * as 0.
 */
export function allocationOf(
  items: readonly AllocationItem[],
  dimensions: readonly AllocationDimension[],
  asOf: IsoDate,
): Allocation {
  const valued = items.filter(
    (item): item is AllocationItem & { market_value: number } => item.market_value !== null,
  );
  const unvalued = items.filter((item) => item.market_value === null).map((item) => item.security_id);
  const total = valued.reduce((sum, item) => sum + item.market_value, 0);
  return {
    as_of_date: asOf,
    total_market_value: total,
    dimensions: dimensions.map((dimension) => {
      const byKey = new Map<string, number>();
      for (const item of valued) {
        const key = groupKey(item.attributes, dimension, asOf);
        byKey.set(key, (byKey.get(key) ?? 0) + item.market_value);
      }
      const groups: AllocationGroup[] = [...byKey].map(([key, market_value]) => ({
        key,
        market_value,
        weight: total > 0 ? market_value / total : 0,
      }));
      groups.sort((a, b) => b.market_value - a.market_value || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return { dimension, groups };
    }),
    unvalued: { count: unvalued.length, security_ids: unvalued.sort() },
  };
}

function groupKey(attributes: AllocationAttributes, dimension: AllocationDimension, asOf: IsoDate): string {
  if (dimension === 'maturity_bucket') return maturityBucket(attributes.maturity_date ?? null, asOf);
  const value = attributes[dimension]?.trim();
  return value ? value : UNCLASSIFIED;
}

/**
 * The residual maturity bucket, by calendar years from the as-of date, each bucket closed below and open
 * above: '<1Y', '1-3Y', '3-5Y', '5-10Y', '10Y+'. Maturing on or before the as-of date: 'MATURED'.
 */
export function maturityBucket(maturity: IsoDate | null, asOf: IsoDate): string {
  if (maturity === null || maturity.trim() === '') return UNCLASSIFIED;
  if (maturity <= asOf) return 'MATURED';
  if (maturity < addYears(asOf, 1)) return '<1Y';
  if (maturity < addYears(asOf, 3)) return '1-3Y';
  if (maturity < addYears(asOf, 5)) return '3-5Y';
  if (maturity < addYears(asOf, 10)) return '5-10Y';
  return '10Y+';
}
