import { computeAttribution } from '../../domain/analytics/attribution/attribution.ts';
import {
  type BenchmarkSegment,
  type BenchmarkSnapshot,
  benchmarkDays,
  type SnapshotProblem,
  snapshotProblems,
  WEIGHT_SUM_TOLERANCE,
} from '../../domain/analytics/attribution/benchmark.ts';
import type { GroupDimension } from '../../domain/analytics/contribution/types.ts';
import { type FieldError, validationFailed } from '../../domain/errors.ts';
import type { Sql } from '../../store/db.ts';
import { findBenchmark, findBenchmarkCompositions } from '../../store/queries/benchmarks.queries.ts';
import { nextCompositionDateOf } from '../../store/queries/contribution.queries.ts';
import {
  figureFields,
  loadPeriodBook,
  type PeriodBody,
  periodHeader,
  segmenter,
  sharedConventions,
} from './contribution.service.ts';

type Segments = BenchmarkSegment[];
export type AttributionBody = PeriodBody & {
  group_by: GroupDimension;
  benchmark_id?: string;
  benchmark?: { segments?: Segments; by_date?: { date: string; segments: Segments }[] };
};

interface Window {
  start_date: string;
  end_date: string;
}

interface ResolvedBenchmark {
  source: 'stored' | 'inline';
  benchmark_id: string | null;
  snapshots: BenchmarkSnapshot[];
  /** The next snapshot after the window, which ends the last one's span (null: the window's end does). */
  next_date: string | null;
}

const refuse = (errors: FieldError[]) => validationFailed('invalid benchmark', errors);
const one = (field: string, message: string) => refuse([{ index: 0, field, message }]);

/** Snapshot problems of an inline benchmark, named by their field in the request. */
function inlineFields(problems: readonly SnapshotProblem[], prefix: string, dated: boolean): FieldError[] {
  return problems.map((p) => {
    const snapshot = dated ? `${prefix}.by_date[${p.snapshot}]` : prefix;
    const field =
      p.segment !== null
        ? `${snapshot}.segments[${p.segment}].${p.field}`
        : p.field === 'date' && dated
          ? `${snapshot}.date`
          : `${snapshot}.segments`;
    return { index: p.segment ?? p.snapshot, field, message: p.message };
  });
}

function inlineBenchmark(body: NonNullable<AttributionBody['benchmark']>, window: Window): ResolvedBenchmark {
  const { segments, by_date } = body;
  if ((segments === undefined) === (by_date === undefined)) {
    throw one('benchmark', 'give exactly one of benchmark.segments (the whole period) and benchmark.by_date');
  }
  const dated = by_date !== undefined;
  const snapshots = by_date ?? [{ date: window.start_date, segments: segments! }];
  const problems = snapshotProblems(snapshots, window.start_date);
  if (problems.length > 0) throw refuse(inlineFields(problems, 'benchmark', dated));
  return { source: 'inline', benchmark_id: null, snapshots, next_date: null };
}

/** A stored benchmark's compositions of the dimension in effect during the window, as snapshots; 422 if unusable. */
async function storedBenchmark(
  db: Sql,
  benchmarkId: string,
  dimension: GroupDimension,
  window: Window,
): Promise<ResolvedBenchmark> {
  if ((await findBenchmark(db, benchmarkId)) === undefined) {
    throw one('benchmark_id', `unknown benchmark ${benchmarkId}`);
  }
  const [compositions, next_date] = await Promise.all([
    findBenchmarkCompositions(db, benchmarkId, dimension, window),
    nextCompositionDateOf(db, benchmarkId, dimension, window.end_date),
  ]);
  const errors: FieldError[] = [];
  const snapshots = compositions.map((c) => ({
    date: c.composition_date,
    segments: c.components.map((s) => {
      if (s.component_return === null) {
        errors.push({
          index: 0,
          field: 'benchmark_id',
          message: `composition of ${c.composition_date} by ${dimension}: ${s.component_id} has no component_return`,
        });
      }
      return { key: s.component_id, weight: s.weight, return: s.component_return ?? 0 };
    }),
  }));
  if (snapshots.length === 0) {
    throw one(
      'benchmark_id',
      `benchmark ${benchmarkId} has no composition by ${dimension} on or before ${window.start_date}`,
    );
  }
  for (const p of snapshotProblems(snapshots, window.start_date)) {
    const snap = snapshots[p.snapshot]!;
    const what = p.segment === null ? '' : ` component ${snap.segments[p.segment]!.key}:`;
    errors.push({
      index: 0,
      field: 'benchmark_id',
      message: `composition of ${snap.date} by ${dimension}:${what} ${p.message}`,
    });
  }
  if (errors.length > 0) throw refuse(errors);
  return { source: 'stored', benchmark_id: benchmarkId, snapshots, next_date };
}

/** The dates of the snapshots whose spans meet the window. */
function snapshotDatesWithin(b: ResolvedBenchmark, window: Window): string[] {
  return b.snapshots
    .filter((s, k) => {
      const next = b.snapshots[k + 1]?.date ?? b.next_date;
      return s.date <= window.end_date && (next === null || next > window.start_date);
    })
    .map((s) => s.date);
}

/**
 * A portfolio's Brinson-Fachler attribution over one period against a stored or inline benchmark
 * (docs/analytics/contribution-attribution.md); 404 for an unknown portfolio, 422 for an unusable benchmark.
 */
export async function attributionOf(db: Sql, portfolioId: string, body: AttributionBody) {
  if ((body.benchmark_id === undefined) === (body.benchmark === undefined)) {
    throw one('benchmark_id', 'give exactly one of benchmark_id (a stored benchmark) and benchmark (inline)');
  }
  const linking = body.conventions?.linking ?? 'grap';
  const ctx = await loadPeriodBook(db, portfolioId, body);
  const window = { start_date: ctx.period.start_date, end_date: ctx.period.end_date };
  const benchmark =
    body.benchmark_id !== undefined
      ? await storedBenchmark(db, body.benchmark_id, body.group_by, window)
      : inlineBenchmark(body.benchmark!, window);
  const days = benchmarkDays(benchmark.snapshots, window, benchmark.next_date);
  const result = computeAttribution(
    ctx.book,
    segmenter(ctx.attributes, body.group_by),
    new Map(days.map((d) => [d.date, d])),
    { linking },
  );
  const { segments, active_days, ...totals } = result;
  return {
    ...periodHeader(ctx),
    group_by: body.group_by,
    benchmark: {
      source: benchmark.source,
      benchmark_id: benchmark.benchmark_id,
      snapshot_dates: snapshotDatesWithin(benchmark, window),
    },
    ...figureFields(totals),
    active_days,
    segments: segments.map(({ key, security_ids, ...figures }) => ({
      key,
      security_ids,
      ...figureFields(figures),
    })),
    conventions: {
      method: 'BRINSON_FACHLER',
      ...sharedConventions(linking),
      weight:
        'Portfolio: w_s,t = Σ_{i∈s} capital_i,t / Σ_j capital_j,t (adds up to 1). Benchmark: W_s,t from ' +
        'its snapshots (benchmark_days), rescaled to add up to exactly 1.',
      segment_contribution:
        "x_s,t = Σ_{i∈s} gain_i,t / C_t (C_t the TWR's base), so Σ_s x_s,t = R_t, the portfolio's daily " +
        'return; the segment return in the formulas is r_s,t = x_s,t / w_s,t.',
      single_period:
        'Each day: A_s = (w_s − W_s)(b_s − B), S_s = W_s (r_s − b_s), I_s = (w_s − W_s)(r_s − b_s), B = Σ ' +
        'W_s b_s; Σ_s (A + S + I) = R_t − B_t.',
      benchmark_days:
        'A snapshot holds from its date until the day before the next (stored: the next composition date ' +
        "of the dimension, even after the period; the last known one: until the period's end). Over its span " +
        'of n days the benchmark is held, not rebalanced: segment s earns the constant daily rate (1 + R_s)^(1/n) ' +
        '− 1 and its weight drifts with it, so the span compounds to Σ W_s (1 + R_s) − 1 exactly. With one ' +
        `snapshot a day, each day's weights and returns are as given. Weights must add up to 1 ± ${WEIGHT_SUM_TOLERANCE}.`,
      missing_segments:
        'A segment the portfolio does not hold: w = 0, so its allocation is −W (b − B) and nothing else. A ' +
        'segment the benchmark does not hold: b is taken as B, so its allocation is 0 and its whole active ' +
        'contribution w (r − B) is interaction. A gain with no capital at work (income after a sale) is ' +
        'selection.',
      residual:
        'residual = active_return − (A + S + I). It holds float rounding (≤ 1e-12 × the growth in play) and ' +
        'money moved between positions that does not net to 0 (see /contribution).',
    },
  };
}
