import type { IsoDate } from './calendar.ts';
import { Decimal } from './decimal.ts';

/**
 * The demo's benchmark, so attribution and relative risk can be tried on the demo: a USD 60/40 blend of the
 * demo's world equity ETF and its US Treasury, rebalanced to 60/40 at each month's first business day.
 * Its levels and its monthly compositions (by security and by asset class, each with the component's return
 * over the month) are computed from the demo's own prices, so the two agree: a month's level return is
 * Σ weight × (1 + component return) − 1, to rounding.
 */
export const DEMO_BENCHMARK_ID = 'DEMO_60_40';

/** The blend: component security, its asset class, its weight at each rebalancing. */
const BLEND = [
  { security_id: 'SEC_ETF_WORLD_USD', asset_class: 'Equity', weight: '0.6' },
  { security_id: 'SEC_UST_DEMO_USD', asset_class: 'Fixed Income', weight: '0.4' },
] as const;

export interface DemoBenchmarkDefinition {
  benchmark_id: string;
  benchmark_name: string;
  benchmark_currency: string;
  benchmark_type: 'COMPOSITE';
  return_convention: 'PRICE_RETURN_INDEX';
  provider: string;
  description: string;
}

export interface DemoBenchmarkLevel {
  benchmark_id: string;
  series_date: IsoDate;
  level: string;
}

export interface DemoBenchmarkComposition {
  benchmark_id: string;
  composition_date: IsoDate;
  dimension: 'security' | 'asset_class';
  component_id: string;
  weight: string;
  component_return: string;
}

export interface DemoBenchmark {
  benchmarks: DemoBenchmarkDefinition[];
  benchmark_levels: DemoBenchmarkLevel[];
  benchmark_compositions: DemoBenchmarkComposition[];
}

/** Indices of `dates` where a new month starts (always including 0). */
function monthStarts(dates: readonly IsoDate[]): number[] {
  return dates.flatMap((d, i) => (i === 0 || d.slice(0, 7) !== dates[i - 1]!.slice(0, 7) ? [i] : []));
}

/**
 * The benchmark over the demo's business dates, from the closing prices (decimal strings, one per date) of
 * the blend's securities. Levels start at 100 on the first date; each month is held from the previous
 * month's last close (the first month: from the first close), its weights set at that close.
 */
export function demoBenchmark(
  dates: readonly IsoDate[],
  prices: ReadonlyMap<string, readonly string[]>,
): DemoBenchmark {
  const series = BLEND.map((c) => {
    const p = prices.get(c.security_id);
    if (!p || p.length !== dates.length) throw new RangeError(`no price series for ${c.security_id}`);
    return p.map((x) => new Decimal(x));
  });
  const starts = monthStarts(dates);
  const levels: DemoBenchmarkLevel[] = [];
  const compositions: DemoBenchmarkComposition[] = [];
  let base = new Decimal(100);
  starts.forEach((start, m) => {
    const end = (starts[m + 1] ?? dates.length) - 1;
    const from = Math.max(0, start - 1);
    for (let day = start; day <= end; day++) {
      const growth = BLEND.reduce(
        (sum, c, k) => sum.plus(new Decimal(c.weight).times(series[k]![day]!).div(series[k]![from]!)),
        new Decimal(0),
      );
      levels.push({
        benchmark_id: DEMO_BENCHMARK_ID,
        series_date: dates[day]!,
        level: base.times(growth).toDecimalPlaces(8).toFixed(),
      });
    }
    const monthEnd = base.times(
      BLEND.reduce(
        (sum, c, k) => sum.plus(new Decimal(c.weight).times(series[k]![end]!).div(series[k]![from]!)),
        new Decimal(0),
      ),
    );
    BLEND.forEach((c, k) => {
      const componentReturn = series[k]![end]!.div(series[k]![from]!).minus(1).toDecimalPlaces(12).toFixed();
      for (const [dimension, component_id] of [
        ['security', c.security_id],
        ['asset_class', c.asset_class],
      ] as const) {
        compositions.push({
          benchmark_id: DEMO_BENCHMARK_ID,
          composition_date: dates[start]!,
          dimension,
          component_id,
          weight: c.weight,
          component_return: componentReturn,
        });
      }
    });
    base = monthEnd;
  });
  return {
    benchmarks: [
      {
        benchmark_id: DEMO_BENCHMARK_ID,
        benchmark_name: 'Demo 60/40 (world equity ETF / US Treasury)',
        benchmark_currency: 'USD',
        benchmark_type: 'COMPOSITE',
        return_convention: 'PRICE_RETURN_INDEX',
        provider: 'pas demo',
        description: '60 % SEC_ETF_WORLD_USD, 40 % SEC_UST_DEMO_USD, rebalanced monthly',
      },
    ],
    benchmark_levels: levels,
    benchmark_compositions: compositions,
  };
}
