import type { IsoDate } from '../records/types.ts';

/** The index of the last date ≤ `date` in ascending `dates`, or −1 when every date is later (binary search). */
export function lastIndexOnOrBefore(dates: readonly IsoDate[], date: IsoDate): number {
  let lo = 0;
  let hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((dates[mid] as IsoDate) <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
