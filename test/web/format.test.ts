import { describe, expect, it } from 'vitest';
import { compact, money, pct } from '../../web/src/format.ts';

/** The dashboard's number formats (issue 13: money to its currency's places, signed returns, no "-0"). */
describe('dashboard number formats', () => {
  // Intl separates the code from the amount with a no-break space (U+00A0), so a figure never wraps.
  it('shows money to the places of its currency, with the code', () => {
    expect(money('830723.974', 'USD')).toBe('USD\u00a0830,723.97');
    expect(money(1234.5, 'JPY')).toBe('JPY\u00a01,235');
    expect(money(-25, 'EUR')).toBe('-EUR\u00a025.00');
  });

  it('signs returns and never shows a negative zero in chart labels', () => {
    expect(pct(0.0947)).toBe('+9.47%');
    expect(pct(-0.0368)).toBe('-3.68%');
    expect(pct(0)).toBe('0.00%');
    expect(compact(-0)).toBe('0');
    expect(compact(-0.0001)).toBe('0');
    expect(compact(-2529.56)).toBe('-2.53K');
    expect(compact(750679.84)).toBe('750.68K');
  });
});
