import { describe, expect, it } from 'vitest';
import fixture from '../../../../test/fixtures/quantstats-0.0.86.json' with { type: 'json' };
import { drawdownAnalysis } from './drawdown.ts';

/**
 * The quantstats drawdown convention against quantstats 0.0.86 itself (test/fixtures/quantstats-0.0.86.json,
 * made by scripts/quantstats-fixture.py): `drawdown_details` start = the first date under water, end = the last
 * date under water (or the final date if unrecovered), days = calendar days start … end inclusive, valley and
 * max drawdown; `to_drawdown_series` day by day. Tolerance 1e-12: both compound the same float64 returns.
 */
const INCEPTION = '2024-01-05'; // the weekday before the first return (2024-01-08)

const { inception_only: inceptionOnly, ...withEpisodes } = fixture.drawdowns;

describe.each(Object.entries(withEpisodes))('quantstats 0.0.86 drawdowns: %s', (_name, qs) => {
  const returns = qs.returns.map((value, i) => ({ date: qs.dates[i]!, value }));
  const analysis = drawdownAnalysis(returns, INCEPTION, 'quantstats');

  it('the drawdown series, day by day', () => {
    analysis.series.forEach((d, i) => {
      expect(d.date).toBe(qs.dates[i]);
      expect(d.value).toBeCloseTo(qs.drawdown_series[i]!, 12);
    });
  });

  it("the deepest episode has drawdown_details' start, valley, end and days", () => {
    const deepest = [...qs.details].sort((a, b) => a.max_drawdown - b.max_drawdown)[0]!;
    const m = analysis.maxDrawdown;
    expect(m.value).toBeCloseTo(qs.max_drawdown, 12);
    expect(m.value).toBeCloseTo(deepest.max_drawdown, 12);
    expect({
      start: m.underwater_start_date,
      valley: m.trough_date,
      end: m.underwater_end_date,
      days: m.duration,
    }).toEqual({ start: deepest.start, valley: deepest.valley, end: deepest.end, days: deepest.days });
  });
});

describe('quantstats 0.0.86: the only drawdown starts at inception and never recovers', () => {
  const qs = inceptionOnly;
  const returns = qs.returns.map((value, i) => ({ date: qs.dates[i]!, value }));
  const { maxDrawdown, series } = drawdownAnalysis(returns, INCEPTION, 'quantstats');

  it('the series and max drawdown match; quantstats lists no episode, ours starts on the first return date', () => {
    series.forEach((d, i) => {
      expect(d.value).toBeCloseTo(qs.drawdown_series[i]!, 12);
    });
    expect(maxDrawdown.value).toBeCloseTo(qs.max_drawdown, 12);
    // drawdown_details finds no start in a series that begins under water with no later episode (its gap, not a
    // convention); where it does list such an episode (from_inception above) it starts on the first return date.
    expect(qs.details).toEqual([]);
    expect(maxDrawdown).toMatchObject({
      underwater_start_date: qs.dates[0],
      underwater_end_date: qs.dates.at(-1),
      trough_date: '2024-01-10',
      duration: 5, // 8 … 12 January
    });
  });
});
