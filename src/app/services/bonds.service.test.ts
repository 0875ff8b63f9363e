import { describe, expect, it } from 'vitest';
import { expectMatch, readVectors, type Tolerance, toleranceOf } from '../../../test/support/vectors.ts';
import { bondOf } from './bonds.service.ts';

/**
 * The bond service called directly, no database and no HTTP, against the shared bond vectors
 * (test/fixtures/vectors/bonds.json; closed forms within 1e-9 relative, yields within 1e-6, dates and day
 * counts exact, as each case states) and Excel's published PRICE example by hand.
 */

interface BondCase {
  name: string;
  inputs: { settlement_date: string; maturity_date: string; coupon_rate: number; frequency: number };
  expected: Record<string, unknown>;
  tolerance: Tolerance & Record<string, unknown>;
}

const byName = new Map(readVectors<BondCase>('bonds.json').map((c) => [c.name, c]));
const CASES = ['BOND1_excel_price_example_semiannual_30360', 'BOND3_annual_30360_price_to_yield'];

/** The vector's expected key → the answer's field. */
const FIELDS: Record<string, string> = {
  previous_coupon_date: 'previous_coupon_date',
  next_coupon_date: 'next_coupon_date',
  coupons_remaining: 'coupons_remaining',
  accrued_days_A: 'accrued_days',
  accrued_interest: 'accrued_interest',
  dirty_price: 'dirty_price',
  clean_price: 'clean_price',
  ytm: 'ytm',
};

describe('bondOf (the service behind POST /analytics/bonds)', () => {
  it.each(CASES)('%s: dates, accrual, prices and yield match the vector', (name) => {
    const c = byName.get(name)!;
    const given = c.inputs as BondCase['inputs'] & { yield?: number; clean_price?: number };
    const answer: Record<string, unknown> = bondOf({
      ...c.inputs,
      day_count: '30/360 US',
      ...(given.yield === undefined ? { clean_price: given.clean_price! } : { yield: given.yield }),
    });
    for (const [key, field] of Object.entries(FIELDS)) {
      if (!(key in c.expected)) continue;
      expectMatch(answer[field], c.expected[key], toleranceOf(c, key), `${name} ${key}`, Number.isInteger);
    }
  });

  it("prices Excel's documented example at 94.63436162 (PRICE, basis 0)", () => {
    const dates = { settlement_date: '2008-02-15', maturity_date: '2017-11-15' };
    const answer = bondOf({
      ...dates,
      coupon_rate: 0.0575,
      frequency: 2,
      day_count: '30/360 US',
      yield: 0.065,
    });
    expect(Math.abs(answer.clean_price! - 94.63436162)).toBeLessThanOrEqual(5e-9);
    // 90 of 180 days accrued of a 2.875 coupon.
    expect(answer.accrued_interest).toBeCloseTo(2.875 / 2, 12);
  });
});
