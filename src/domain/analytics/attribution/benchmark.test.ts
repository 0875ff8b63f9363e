import { describe, expect, it } from 'vitest';
import { benchmarkDays, snapshotProblems } from './benchmark.ts';

const window = { start_date: '2024-01-02', end_date: '2024-01-03' };

describe('benchmark days from snapshots', () => {
  it('daily snapshots: each day has the weights and returns given', () => {
    const days = benchmarkDays(
      [
        {
          date: '2024-01-02',
          segments: [
            { key: 'A', weight: 0.6, return: 0.01 },
            { key: 'B', weight: 0.4, return: -0.02 },
          ],
        },
        {
          date: '2024-01-03',
          segments: [
            { key: 'A', weight: 0.5, return: 0.03 },
            { key: 'B', weight: 0.5, return: 0 },
          ],
        },
      ],
      window,
    );
    expect(days.map((d) => d.date)).toEqual(['2024-01-02', '2024-01-03']);
    expect(days[0]!.segments.get('A')).toEqual({ weight: 0.6, return: 0.01 });
    expect(days[0]!.total_return).toBeCloseTo(0.6 * 0.01 - 0.4 * 0.02, 16);
    expect(days[1]!.total_return).toBeCloseTo(0.015, 16);
  });

  it('a two-day span: constant daily rates, weights drift, the span compounds to Σ W (1 + R) − 1', () => {
    // A earns 21 % over two days (10 % a day), B nothing; 50/50 at the open of the first day.
    const days = benchmarkDays(
      [
        {
          date: '2024-01-02',
          segments: [
            { key: 'A', weight: 0.5, return: 0.21 },
            { key: 'B', weight: 0.5, return: 0 },
          ],
        },
      ],
      window,
    );
    expect(days[0]!.segments.get('A')!.return).toBeCloseTo(0.1, 15);
    expect(days[0]!.total_return).toBeCloseTo(0.05, 15);
    // Day two: A weighs 0.55 / 1.05.
    expect(days[1]!.segments.get('A')!.weight).toBeCloseTo(0.55 / 1.05, 15);
    expect(days[1]!.total_return).toBeCloseTo(0.055 / 1.05, 15);
    expect((1 + days[0]!.total_return) * (1 + days[1]!.total_return) - 1).toBeCloseTo(0.105, 15);
  });

  it('a span clipped by the window keeps its full-span daily rate; the next date after the window bounds it', () => {
    const days = benchmarkDays(
      [{ date: '2024-01-01', segments: [{ key: 'A', weight: 1, return: 0.331 }] }],
      window,
      '2024-01-04',
    );
    // Span 1–3 Jan: 1.1 a day.
    expect(days.map((d) => d.date)).toEqual(['2024-01-02', '2024-01-03']);
    expect(days[0]!.total_return).toBeCloseTo(0.1, 14);
  });

  it('problems name the snapshot and segment', () => {
    expect(
      snapshotProblems(
        [
          {
            date: '2024-01-03',
            segments: [
              { key: 'A', weight: 0.7, return: -1 },
              { key: 'A', weight: 0.2, return: 0 },
            ],
          },
          { date: '2024-01-03', segments: [] },
        ],
        '2024-01-02',
      ),
    ).toEqual([
      { snapshot: 0, segment: null, field: 'date', message: expect.stringContaining('on or before it') },
      { snapshot: 0, segment: 0, field: 'return', message: 'must be above −1 (−100 %)' },
      { snapshot: 0, segment: 1, field: 'key', message: '"A" is listed twice' },
      { snapshot: 0, segment: null, field: 'segments', message: expect.stringContaining('add up to 0.9,') },
      { snapshot: 1, segment: null, field: 'date', message: 'dates must be strictly increasing' },
      { snapshot: 1, segment: null, field: 'segments', message: 'must list at least one segment' },
    ]);
  });
});
