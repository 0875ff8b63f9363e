import { UNCLASSIFIED } from '../../valuation/allocation.ts';
import type { DailyReturn, IsoDate } from '../returns/types.ts';
import type { GroupDimension, InstrumentAttributes } from './types.ts';

/** The segment of a position along a dimension: the attribute's value, UNCLASSIFIED when null or blank. */
export function segmentKey(attributes: InstrumentAttributes, dimension: GroupDimension): string {
  if (dimension === 'security') return attributes.security_id;
  const value = attributes[dimension]?.trim();
  return value ? value : UNCLASSIFIED;
}

/**
 * The return of a day on a capital at work, like dailyReturn: gain / capital when the capital is positive;
 * idle (left out of the linking) when there is neither capital nor gain; undefined otherwise. Capital and
 * gain within `negligible` of 0 are 0: a cash position emptied by a purchase is left with float dust, not a
 * capital a gain could be divided by.
 */
export function returnOnCapital(
  date: IsoDate,
  capital: number,
  gain: number,
  negligible: number,
): DailyReturn {
  const noCapital = Math.abs(capital) <= negligible;
  if (noCapital && Math.abs(gain) <= negligible) {
    return { date, value: null, reason: 'no capital at work on the day', idle: true };
  }
  if (noCapital)
    return { date, value: null, reason: `a gain of ${gain} with no capital at work`, idle: false };
  if (capital < 0) return { date, value: null, reason: 'the capital at work is negative', idle: false };
  return { date, value: gain / capital, idle: false };
}

/** What counts as 0 in a day's capital: float dust next to the portfolio's capital (1e-9 of it). */
export const negligibleNext = (portfolioCapital: number): number =>
  1e-9 * Math.max(1, Math.abs(portfolioCapital));
