import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeContribution } from './contribution.ts';
import { buildDayBook } from './day-book.ts';
import { planArb } from './plans.testing.ts';
import { simulate } from './testing.ts';

/** The portfolio's TWR recomputed here from its rows: Π over days with capital of EMV − flows over BMV + BOD flows. */
function twrOf(series: ReturnType<typeof simulate>['portfolio']): number {
  let growth = 1;
  for (const r of series.rows) {
    const base = r.bod_market_value + r.bod_cashflow;
    if (base === 0) continue;
    // GROSS: a fee charged on a security is added back.
    growth *=
      1 +
      (r.eod_market_value - r.bod_market_value - r.bod_cashflow - r.eod_cashflow + r.fees_in_value) / base;
  }
  return growth - 1;
}

describe('contribution: properties', () => {
  it('Σ contributions = the portfolio TWR; Σ average weights = 1; positions’ capital = the TWR’s base', () => {
    fc.assert(
      fc.property(planArb, fc.constantFrom('grap' as const, 'carino' as const), (plan, linking) => {
        const { portfolio, positions } = simulate('2024-01-01', plan);
        const end = portfolio.span.last!;
        const book = buildDayBook(portfolio, positions, { start_date: '2024-01-01', end_date: end });
        expect(book.ok).toBe(true);
        if (!book.ok) return;
        for (const d of book.days) {
          expect(Math.abs(d.positions_capital - d.capital)).toBeLessThanOrEqual(1e-9 * d.capital);
        }
        const ids = [...new Set(positions.map((p) => p.security_id))];
        const result = computeContribution(book, ids, {
          linking,
          groupOf: (id) => (id === 'CASH' ? 'cash' : 'risky'),
        });
        const twr = twrOf(portfolio);
        const growth = 1 + Math.abs(twr);
        // Float rounding of sums and products over ≤ 42 days: far below 1e-12 of the growth.
        expect(Math.abs(result.portfolio_return.value! - twr)).toBeLessThanOrEqual(1e-12 * growth);
        const sum = result.positions.reduce((s, p) => s + p.contribution.value!, 0);
        expect(Math.abs(sum - twr)).toBeLessThanOrEqual(1e-12 * growth);
        expect(Math.abs(result.residual.value!)).toBeLessThanOrEqual(1e-12 * growth);
        const groupSum = result.groups!.reduce((s, g) => s + g.contribution.value!, 0);
        expect(Math.abs(groupSum - sum)).toBeLessThanOrEqual(1e-15 * growth);
        const weights = result.positions.reduce((s, p) => s + p.average_weight.value!, 0);
        expect(Math.abs(weights - 1)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 300 },
    );
  });
});
