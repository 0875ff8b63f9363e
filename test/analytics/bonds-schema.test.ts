import { describe, expect, it } from 'vitest';
import { bondRequestSchema } from '../../src/api/schemas/analytics-bonds.schemas.ts';
import { analyseBond } from '../../src/domain/analytics/bonds/bond.ts';
import type { BondRequest } from '../../src/domain/analytics/bonds/bond-terms.ts';
import { bodyValidator } from '../support/openapi.ts';

/**
 * Issue 10 item 7: the bond body schema is as strict as readBondTerms where JSON Schema can say it — exactly one
 * of yield and clean_price (a null being absent), and no unknown fields.
 */
const schema = bodyValidator(bondRequestSchema);
const terms = {
  settlement_date: '2024-01-15',
  maturity_date: '2030-01-15',
  coupon_rate: 0.05,
  frequency: 2,
  day_count: '30/360 US',
};
const accepted = (body: Record<string, unknown>): boolean => {
  try {
    analyseBond(body as unknown as BondRequest);
    return true;
  } catch {
    return false;
  }
};

describe('bond body schema', () => {
  it.each([
    ['neither yield nor clean_price', terms],
    ['both', { ...terms, yield: 0.05, clean_price: 99 }],
    ['both null', { ...terms, yield: null, clean_price: null }],
    ['an unknown field', { ...terms, yield: 0.05, yeild: 0.05 }],
  ])('refuses %s, as the validator does', (_name, body) => {
    expect(schema(body)).toBe(false);
  });

  it.each([
    ['a yield', { ...terms, yield: 0.05 }],
    ['a clean price and a null yield', { ...terms, clean_price: 99, yield: null }],
  ])('accepts %s, as the validator does', (_name, body) => {
    expect(accepted(body)).toBe(true);
    expect(schema(body)).toBe(true);
  });

  it('the validator refuses the first three bodies too', () => {
    expect(accepted(terms)).toBe(false);
    expect(accepted({ ...terms, yield: 0.05, clean_price: 99 })).toBe(false);
    expect(accepted({ ...terms, yield: null, clean_price: null })).toBe(false);
  });
});
