import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../dates.ts';
import { buildDayBook } from '../contribution/day-book.ts';
import { planArb } from '../contribution/plans.testing.ts';
import { simulate } from '../contribution/testing.ts';
import { computeAttribution } from './attribution.ts';
import { type BenchmarkSnapshot, benchmarkDays, snapshotProblems } from './benchmark.ts';

const KEYS = ['X', 'Y', 'Z', 'Cash'];

/** Snapshots every few days over some of the keys, weights adding up to 1, returns within ±20 %. */
const snapshotsArb = fc.array(
  fc.record({
    gap: fc.integer({ min: 1, max: 7 }),
    segments: fc.uniqueArray(
      fc.record({
        key: fc.constantFrom(...KEYS),
        weight: fc.integer({ min: 1, max: 100 }),
        return: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
      }),
      { minLength: 1, maxLength: 4, selector: (s) => s.key },
    ),
  }),
  { minLength: 1, maxLength: 10 },
);

describe('attribution: properties', () => {
  it('allocation + selection + interaction = portfolio TWR − benchmark return; segments add up', () => {
    fc.assert(
      fc.property(
        planArb,
        snapshotsArb,
        fc.constantFrom('X', 'Y'),
        fc.constantFrom('grap' as const, 'carino' as const),
        (plan, raw, segmentOfB, linking) => {
          const { portfolio, positions } = simulate('2024-01-01', plan);
          const window = { start_date: '2024-01-01', end_date: portfolio.span.last! };
          const book = buildDayBook(portfolio, positions, window);
          let date = window.start_date;
          const snapshots: BenchmarkSnapshot[] = raw.map((s, k) => {
            if (k > 0) date = addDays(date, s.gap);
            const total = s.segments.reduce((sum, x) => sum + x.weight, 0);
            return { date, segments: s.segments.map((x) => ({ ...x, weight: x.weight / total })) };
          });
          expect(snapshotProblems(snapshots, window.start_date)).toEqual([]);
          const days = benchmarkDays(snapshots, window);
          const segmentOf = (id: string) => (id === 'A' ? 'X' : id === 'B' ? segmentOfB : 'Cash');
          const result = computeAttribution(book, segmentOf, new Map(days.map((d) => [d.date, d])), {
            linking,
          });
          const R = result.portfolio_return.value!;
          const B = result.benchmark_return.value!;
          const scale = Math.max(1, 1 + Math.abs(R), 1 + Math.abs(B));
          const effects = result.allocation.value! + result.selection.value! + result.interaction.value!;
          // Rounding over ≤ 42 days and 4 segments: far below 1e-12 of the growth in play.
          expect(Math.abs(effects - (R - B))).toBeLessThanOrEqual(1e-12 * scale);
          expect(Math.abs(result.residual.value!)).toBeLessThanOrEqual(1e-12 * scale);
          const bySegment = result.segments.reduce((s, x) => s + x.total_effect.value!, 0);
          expect(Math.abs(bySegment - effects)).toBeLessThanOrEqual(1e-14 * scale);
          // The benchmark return is the days' Σ W b linked: here recomputed from the snapshots' own days.
          const linkedB = days.reduce((g, d) => g * (1 + d.total_return), 1) - 1;
          const idle = portfolio.rows.filter((r) => r.bod_market_value + r.bod_cashflow === 0);
          if (idle.length === 0) expect(Math.abs(B - linkedB)).toBeLessThanOrEqual(1e-12 * scale);
        },
      ),
      { numRuns: 300 },
    );
  });
});
