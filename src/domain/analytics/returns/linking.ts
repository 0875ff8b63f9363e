import type { Figure } from '../figure.ts';
import type { DailyReturn } from './types.ts';

/**
 * Geometric linking: R = Π(1 + r_t) − 1. Idle days (no capital at work) are left out; any other undefined
 * return makes the whole period undefined, since a chain with a missing link has no value.
 */
export function linkReturns(returns: readonly DailyReturn[]): Figure {
  let growth = 1;
  let linked = 0;
  for (const r of returns) {
    if (r.value === null) {
      if (r.idle) continue;
      return { value: null, reason: `the return of ${r.date} is undefined: ${r.reason}` };
    }
    growth *= 1 + r.value;
    linked++;
  }
  if (linked === 0) return { value: null, reason: 'no capital at work in the period' };
  return Number.isFinite(growth)
    ? { value: growth - 1 }
    : { value: null, reason: 'the linked growth overflows' };
}

/** Links plain sub-period returns (no dates, none undefined): Π(1 + r_i) − 1. */
export const linkPlain = (returns: readonly number[]): number => returns.reduce((g, r) => g * (1 + r), 1) - 1;
