import { linkingFactors } from '../contribution/linking.ts';
import { negligibleNext, returnOnCapital } from '../contribution/segments.ts';
import type { DayBook, Linking } from '../contribution/types.ts';
import { type Figure, figureOf, undefinedBecause } from '../figure.ts';
import { linkPlain, linkReturns } from '../returns/linking.ts';
import type { DailyReturn, IsoDate } from '../returns/types.ts';
import type { BenchmarkDay } from './benchmark.ts';
import { brinsonFachler, type SegmentInput } from './brinson-fachler.ts';

export interface SegmentAttribution {
  key: string;
  /** The portfolio's positions in the segment. */
  security_ids: string[];
  /** Means over the period's active days of the daily weights. */
  portfolio_weight: Figure;
  benchmark_weight: Figure;
  /** The segment's time-weighted return in the portfolio, and in the benchmark. */
  portfolio_return: Figure;
  benchmark_return: Figure;
  allocation: Figure;
  selection: Figure;
  interaction: Figure;
  /** allocation + selection + interaction. */
  total_effect: Figure;
}

export interface AttributionResult {
  /** The portfolio's TWR over the period. */
  portfolio_return: Figure;
  /** The benchmark's return over the same days: Π(1 + Σ W_s b_s) − 1. */
  benchmark_return: Figure;
  active_return: Figure;
  allocation: Figure;
  selection: Figure;
  interaction: Figure;
  /** active_return − (allocation + selection + interaction). */
  residual: Figure;
  active_days: number;
  segments: SegmentAttribution[];
}

interface SegmentAccumulator {
  security_ids: Set<string>;
  portfolioWeight: number;
  benchmarkWeight: number;
  allocation: number;
  selection: number;
  interaction: number;
  portfolioDaily: DailyReturn[];
  benchmarkDaily: DailyReturn[];
}

function failed(reason: string): AttributionResult {
  const none = undefinedBecause(reason);
  return {
    portfolio_return: none,
    benchmark_return: none,
    active_return: none,
    allocation: none,
    selection: none,
    interaction: none,
    residual: none,
    active_days: 0,
    segments: [],
  };
}

/**
 * Brinson–Fachler attribution over the period of the day book, day by day, linked (`linking`). Each active
 * day t: the portfolio's segments from its positions' capital and gain (w_s,t = Σ capital / Σ_all capital,
 * x_s,t = Σ gain / C_t, the segment's contribution), the benchmark's from `benchmark` (a day for every active
 * day); brinsonFachler gives effects adding up to Σ_s x_s,t − B_t = R_t − B_t; the linking factors of
 * (R_t, B_t) make them add up over the period to Π(1 + R_t) − Π(1 + B_t). Days on which the portfolio had no
 * capital at work are left out on both sides.
 */
export function computeAttribution(
  book: DayBook,
  segmentOf: (securityId: string) => string,
  benchmark: ReadonlyMap<IsoDate, BenchmarkDay>,
  options: { linking: Linking },
): AttributionResult {
  if (!book.ok) return failed(book.reason);
  const days = book.days;
  const bad = days.find((d) => !(d.positions_capital > 0));
  if (bad !== undefined) return failed(`the positions' capital at work on ${bad.date} is not positive`);
  const missing = days.find((d) => !benchmark.has(d.date));
  if (missing !== undefined) return failed(`the benchmark is not known on ${missing.date}`);
  const benchmarkReturns = days.map((d) => benchmark.get(d.date)!.total_return);
  const linked = linkingFactors(
    days.map((d) => d.portfolio_return),
    benchmarkReturns,
    options.linking,
  );
  if (!linked.ok) return failed(linked.reason);

  const segments = new Map<string, SegmentAccumulator>();
  const segment = (key: string): SegmentAccumulator => {
    let acc = segments.get(key);
    if (acc === undefined) {
      acc = {
        security_ids: new Set(),
        portfolioWeight: 0,
        benchmarkWeight: 0,
        allocation: 0,
        selection: 0,
        interaction: 0,
        portfolioDaily: [],
        benchmarkDaily: [],
      };
      segments.set(key, acc);
    }
    return acc;
  };

  days.forEach((day, t) => {
    const bench = benchmark.get(day.date)!;
    const held = new Map<string, { capital: number; gain: number }>();
    for (const p of day.positions) {
      const key = segmentOf(p.security_id);
      segment(key).security_ids.add(p.security_id);
      const h = held.get(key) ?? { capital: 0, gain: 0 };
      h.capital += p.capital;
      h.gain += p.gain;
      held.set(key, h);
    }
    const keys = new Set([...held.keys(), ...bench.segments.keys()]);
    const inputs: SegmentInput[] = [...keys].map((key) => {
      const h = held.get(key);
      const b = bench.segments.get(key);
      return {
        key,
        portfolio_weight: h ? h.capital / day.positions_capital : 0,
        portfolio_contribution: h ? h.gain / day.capital : 0,
        benchmark_weight: b?.weight ?? 0,
        benchmark_return: b?.return ?? null,
      };
    });
    const factor = linked.factors[t]!;
    const negligible = negligibleNext(day.capital);
    for (const effects of brinsonFachler(inputs, bench.total_return)) {
      const acc = segment(effects.key);
      acc.allocation += effects.allocation * factor;
      acc.selection += effects.selection * factor;
      acc.interaction += effects.interaction * factor;
    }
    for (const input of inputs) {
      const acc = segment(input.key);
      acc.portfolioWeight += input.portfolio_weight;
      acc.benchmarkWeight += input.benchmark_weight;
      const h = held.get(input.key);
      if (h) acc.portfolioDaily.push(returnOnCapital(day.date, h.capital, h.gain, negligible));
      const b = bench.segments.get(input.key);
      acc.benchmarkDaily.push(
        b
          ? { date: day.date, value: b.return, idle: false }
          : { date: day.date, value: null, reason: 'not in the benchmark', idle: true },
      );
    }
  });

  const n = days.length;
  const results: SegmentAttribution[] = [...segments]
    .map(([key, acc]) => ({
      key,
      security_ids: [...acc.security_ids].sort(),
      portfolio_weight: figureOf(acc.portfolioWeight / n),
      benchmark_weight: figureOf(acc.benchmarkWeight / n),
      portfolio_return: linkReturns(acc.portfolioDaily),
      benchmark_return: linkReturns(acc.benchmarkDaily),
      allocation: figureOf(acc.allocation),
      selection: figureOf(acc.selection),
      interaction: figureOf(acc.interaction),
      total_effect: figureOf(acc.allocation + acc.selection + acc.interaction),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const sum = (name: 'allocation' | 'selection' | 'interaction') =>
    results.reduce((s, r) => s + (r[name].value ?? 0), 0);
  const allocation = sum('allocation');
  const selection = sum('selection');
  const interaction = sum('interaction');
  const portfolioReturn = book.portfolio_return;
  const benchmarkReturn = linkPlain(benchmarkReturns);
  const active = portfolioReturn.value === null ? null : portfolioReturn.value - benchmarkReturn;
  return {
    portfolio_return: portfolioReturn,
    benchmark_return: figureOf(benchmarkReturn),
    active_return: active === null ? portfolioReturn : figureOf(active),
    allocation: figureOf(allocation),
    selection: figureOf(selection),
    interaction: figureOf(interaction),
    residual: active === null ? portfolioReturn : figureOf(active - (allocation + selection + interaction)),
    active_days: n,
    segments: results,
  };
}
