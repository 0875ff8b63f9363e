import { describe, expect, it } from 'vitest';
import { DEMO_BENCHMARK_ID, demoBenchmark } from './benchmark.ts';
import { generateDemo } from './generate.ts';

describe('the demo benchmark', () => {
  const data = generateDemo({ seed: 3, portfolios: 1, years: 1, endDate: '2025-12-31' });
  const priceOf = (security: string, date: string) =>
    Number(data.market_prices.find((p) => p.security_id === security && p.price_date === date)!.price);
  const dates = data.business_dates.map((d) => d.business_date);

  it('has one definition, a level on every business date starting at 100, and monthly compositions', () => {
    expect(data.benchmarks.map((b) => b.benchmark_id)).toEqual([DEMO_BENCHMARK_ID]);
    expect(data.benchmark_levels.map((l) => l.series_date)).toEqual(dates);
    expect(data.benchmark_levels[0]!.level).toBe('100');
    const months = new Set(dates.map((d) => d.slice(0, 7)));
    for (const dimension of ['security', 'asset_class']) {
      const rows = data.benchmark_compositions.filter((c) => c.dimension === dimension);
      expect(new Set(rows.map((c) => c.composition_date)).size).toBe(months.size);
      // Each snapshot's weights add up to 1 (attribution requires it).
      for (const date of new Set(rows.map((c) => c.composition_date))) {
        const total = rows
          .filter((c) => c.composition_date === date)
          .reduce((s, c) => s + Number(c.weight), 0);
        expect(total).toBeCloseTo(1, 12);
      }
    }
  });

  it('levels follow a 60/40 blend held from the previous month-end, and agree with the component returns', () => {
    // Second month, computed by hand from the prices: held from the first month's last close.
    const secondMonth = dates.filter((d) => d.slice(0, 7) === dates[0]!.slice(0, 7)).length;
    const prevEnd = dates[secondMonth - 1]!;
    const level = (date: string) => Number(data.benchmark_levels.find((l) => l.series_date === date)!.level);
    const mid = dates[secondMonth + 5]!;
    const blend =
      0.6 * (priceOf('SEC_ETF_WORLD_USD', mid) / priceOf('SEC_ETF_WORLD_USD', prevEnd)) +
      0.4 * (priceOf('SEC_UST_DEMO_USD', mid) / priceOf('SEC_UST_DEMO_USD', prevEnd));
    expect(level(mid)).toBeCloseTo(level(prevEnd) * blend, 6);

    // Every month: the level's return over the month = Σ weight × (1 + component return) − 1.
    for (const date of new Set(data.benchmark_compositions.map((c) => c.composition_date))) {
      const i = dates.indexOf(date);
      const end = dates.findLastIndex((d) => d.slice(0, 7) === date.slice(0, 7));
      const from = Math.max(0, i - 1);
      const comps = data.benchmark_compositions.filter(
        (c) => c.composition_date === date && c.dimension === 'asset_class',
      );
      const expected = comps.reduce((s, c) => s + Number(c.weight) * (1 + Number(c.component_return)), 0) - 1;
      expect(level(dates[end]!) / level(dates[from]!) - 1).toBeCloseTo(expected, 9);
    }
  });

  it('refuses a price series that does not cover the dates', () => {
    expect(() => demoBenchmark(['2025-01-02'], new Map())).toThrow(/SEC_ETF_WORLD_USD/);
  });
});
