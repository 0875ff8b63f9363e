import { describe, expect, it } from 'vitest';
import { buildDayBook } from '../contribution/day-book.ts';
import { simulate, WORKED_EXAMPLE } from '../contribution/testing.ts';
import { computeAttribution } from './attribution.ts';
import { benchmarkDays } from './benchmark.ts';

/** The first four days of the worked example of contribution.test.ts (and of the docs), by sector; cash has none. */
const PLAN = WORKED_EXAMPLE.slice(0, 4);
const series = simulate('2024-01-02', PLAN);
const SECTOR: Record<string, string> = { AAPL: 'Technology', XOM: 'Energy', CASH: 'UNCLASSIFIED' };
const sectorOf = (id: string) => SECTOR[id]!;

function bookFrom(start: string, end: string) {
  return buildDayBook(
    series.portfolio,
    series.positions.filter((r) => r.date >= start && r.date <= end),
    { start_date: start, end_date: end },
  );
}

const TOL = 15;

describe('attribution: by hand', () => {
  it('one day (4 Jan) against Technology 50 % at 5 %, Energy 50 % at −2 %', () => {
    const window = { start_date: '2024-01-04', end_date: '2024-01-04' };
    const days = benchmarkDays(
      [
        {
          date: '2024-01-04',
          segments: [
            { key: 'Technology', weight: 0.5, return: 0.05 },
            { key: 'Energy', weight: 0.5, return: -0.02 },
          ],
        },
      ],
      window,
    );
    const result = computeAttribution(
      bookFrom('2024-01-04', '2024-01-04'),
      sectorOf,
      new Map(days.map((d) => [d.date, d])),
      { linking: 'grap' },
    );
    // Portfolio: Technology 40 % at 10 %, Energy 40 % at −5 %, cash 20 % at 0: R = 2 %; B = 1.5 %.
    expect(result.portfolio_return.value).toBeCloseTo(0.02, TOL);
    expect(result.benchmark_return.value).toBeCloseTo(0.015, TOL);
    expect(result.active_return.value).toBeCloseTo(0.005, TOL);
    const by = Object.fromEntries(result.segments.map((s) => [s.key, s]));
    const expected: Record<string, [number, number, number]> = {
      // (0.4 − 0.5)(0.05 − 0.015); 0.5 (0.10 − 0.05); (0.4 − 0.5)(0.10 − 0.05)
      Technology: [-0.0035, 0.025, -0.005],
      // (0.4 − 0.5)(−0.02 − 0.015); 0.5 (−0.05 + 0.02); (0.4 − 0.5)(−0.05 + 0.02)
      Energy: [0.0035, -0.015, 0.003],
      // Not in the benchmark: b = B, so 0.2 × (0 − 0.015) is interaction.
      UNCLASSIFIED: [0, 0, -0.003],
    };
    for (const [key, [a, s, i]] of Object.entries(expected)) {
      expect(by[key]!.allocation.value, key).toBeCloseTo(a, TOL);
      expect(by[key]!.selection.value, key).toBeCloseTo(s, TOL);
      expect(by[key]!.interaction.value, key).toBeCloseTo(i, TOL);
    }
    expect(by.UNCLASSIFIED!.benchmark_return).toEqual({
      value: null,
      reason: 'no capital at work in the period',
    });
    expect(by.Technology!.portfolio_weight.value).toBeCloseTo(0.4, TOL);
    expect(by.Technology!.portfolio_return.value).toBeCloseTo(0.1, TOL);
    expect(result.allocation.value).toBeCloseTo(0, TOL);
    expect(result.selection.value).toBeCloseTo(0.01, TOL);
    expect(result.interaction.value).toBeCloseTo(-0.005, TOL);
    expect(Math.abs(result.residual.value!)).toBeLessThan(1e-15);
  });

  it('two days linked by GRAP: day 1 × (1 + B_2), day 2 × (1 + R_1)', () => {
    const snapshots = [
      {
        date: '2024-01-04',
        segments: [
          { key: 'Technology', weight: 0.5, return: 0.05 },
          { key: 'Energy', weight: 0.5, return: -0.02 },
        ],
      },
      {
        date: '2024-01-05',
        segments: [
          { key: 'Technology', weight: 0.5, return: 0.01 },
          { key: 'Energy', weight: 0.5, return: 0.01 },
        ],
      },
    ];
    const window = { start_date: '2024-01-04', end_date: '2024-01-05' };
    const days = benchmarkDays(snapshots, window, '2024-01-06');
    const result = computeAttribution(
      bookFrom('2024-01-04', '2024-01-05'),
      sectorOf,
      new Map(days.map((d) => [d.date, d])),
      { linking: 'grap' },
    );
    const f1 = 1.01;
    const f2 = 1.02;
    // Day 2: Technology 4,400 / 11,200 at 0; Energy 3,800 / 11,200 at 50 / 3,800; cash 3,000 / 11,200 at 0; B = 1 %.
    const wT = 4400 / 11_200;
    const wE = 3800 / 11_200;
    const wC = 3000 / 11_200;
    const rE = 50 / 3800;
    const by = Object.fromEntries(result.segments.map((s) => [s.key, s]));
    expect(by.Technology!.selection.value).toBeCloseTo(f1 * 0.025 + f2 * 0.5 * (0 - 0.01), TOL);
    expect(by.Technology!.interaction.value).toBeCloseTo(f1 * -0.005 + f2 * (wT - 0.5) * (0 - 0.01), TOL);
    expect(by.Energy!.selection.value).toBeCloseTo(f1 * -0.015 + f2 * 0.5 * (rE - 0.01), TOL);
    expect(by.Energy!.interaction.value).toBeCloseTo(f1 * 0.003 + f2 * (wE - 0.5) * (rE - 0.01), TOL);
    expect(by.UNCLASSIFIED!.interaction.value).toBeCloseTo(f1 * -0.003 + f2 * wC * (0 - 0.01), TOL);
    expect(result.allocation.value).toBeCloseTo(0, TOL);
    const R = 1.02 * (1 + 50 / 11_200) - 1;
    const B = 1.015 * 1.01 - 1;
    expect(result.portfolio_return.value).toBeCloseTo(R, TOL);
    expect(result.benchmark_return.value).toBeCloseTo(B, TOL);
    const effects = result.allocation.value! + result.selection.value! + result.interaction.value!;
    expect(effects).toBeCloseTo(R - B, TOL);
    expect(Math.abs(result.residual.value!)).toBeLessThan(1e-15);
  });

  it('a day the benchmark does not cover makes every figure null with the reason', () => {
    const days = benchmarkDays(
      [{ date: '2024-01-05', segments: [{ key: 'Energy', weight: 1, return: 0 }] }],
      { start_date: '2024-01-05', end_date: '2024-01-05' },
    );
    const result = computeAttribution(
      bookFrom('2024-01-04', '2024-01-05'),
      sectorOf,
      new Map(days.map((d) => [d.date, d])),
      { linking: 'carino' },
    );
    expect(result.allocation).toEqual({ value: null, reason: 'the benchmark is not known on 2024-01-04' });
  });
});
