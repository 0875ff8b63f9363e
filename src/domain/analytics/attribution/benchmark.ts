import { addDays } from '../../dates.ts';
import { daysInclusive } from '../periods.ts';
import type { IsoDate } from '../returns/types.ts';

/** One segment of a benchmark snapshot: its weight at the snapshot's open and its return over the span. */
export interface BenchmarkSegment {
  key: string;
  weight: number;
  return: number;
}

/**
 * The benchmark's segments from `date` on, until the day before the next snapshot's date. Stored compositions
 * and the inline `benchmark` of a request both come as snapshots.
 */
export interface BenchmarkSnapshot {
  date: IsoDate;
  segments: BenchmarkSegment[];
}

/** The benchmark on one day: each segment's weight at the open and its return of the day. */
export interface BenchmarkDay {
  date: IsoDate;
  segments: Map<string, { weight: number; return: number }>;
  /** Σ weight × return. */
  total_return: number;
}

/** A problem with the snapshots: which one, which of its segments (null: the snapshot itself), what. */
export interface SnapshotProblem {
  snapshot: number;
  segment: number | null;
  field: 'date' | 'segments' | 'key' | 'weight' | 'return';
  message: string;
}

/** How far the weights of a snapshot may add up from 1 before they are refused rather than rescaled. */
export const WEIGHT_SUM_TOLERANCE = 1e-6;

/**
 * What makes snapshots unusable for the window starting on `start`: dates not strictly increasing, none on
 * or before the start, an empty snapshot, a key twice, weights not adding up to 1 (± 1e-6), a return not
 * above −100 %.
 */
export function snapshotProblems(snapshots: readonly BenchmarkSnapshot[], start: IsoDate): SnapshotProblem[] {
  const problems: SnapshotProblem[] = [];
  if (snapshots.length === 0 || snapshots[0]!.date > start) {
    problems.push({
      snapshot: 0,
      segment: null,
      field: 'date',
      message: `the benchmark must be known on the period's first day ${start}: no snapshot is dated on or before it`,
    });
  }
  snapshots.forEach((snap, k) => {
    if (k > 0 && snap.date <= snapshots[k - 1]!.date) {
      problems.push({
        snapshot: k,
        segment: null,
        field: 'date',
        message: 'dates must be strictly increasing',
      });
    }
    if (snap.segments.length === 0) {
      problems.push({
        snapshot: k,
        segment: null,
        field: 'segments',
        message: 'must list at least one segment',
      });
      return;
    }
    const seen = new Set<string>();
    let total = 0;
    snap.segments.forEach((s, i) => {
      if (seen.has(s.key)) {
        problems.push({ snapshot: k, segment: i, field: 'key', message: `"${s.key}" is listed twice` });
      }
      seen.add(s.key);
      if (!(s.weight >= 0))
        problems.push({ snapshot: k, segment: i, field: 'weight', message: 'must be ≥ 0' });
      if (!(s.return > -1)) {
        problems.push({ snapshot: k, segment: i, field: 'return', message: 'must be above −1 (−100 %)' });
      }
      total += s.weight;
    });
    if (!(Math.abs(total - 1) <= WEIGHT_SUM_TOLERANCE)) {
      problems.push({
        snapshot: k,
        segment: null,
        field: 'segments',
        message: `the weights add up to ${Number(total.toPrecision(12))}, not 1 (± ${WEIGHT_SUM_TOLERANCE})`,
      });
    }
  });
  return problems;
}

/**
 * The benchmark's days over [start, end] from valid snapshots (snapshotProblems empty). Snapshot k spans
 * [date_k, date_{k+1} − 1]; the last one in the list ends the day before `nextDate` (the next snapshot after
 * the window, when known) or else on `end`. Within a span of n days the benchmark is held, not rebalanced:
 * segment s earns the constant daily rate g_s = (1 + R_s)^(1/n) − 1 and its weight drifts with it,
 * W_s,j ∝ W_s (1 + g_s)^j on the span's day j, so the span compounds to exactly Σ W_s (1 + R_s) − 1. Days of a
 * span outside the window are dropped. Weights are rescaled to add up to exactly 1.
 */
export function benchmarkDays(
  snapshots: readonly BenchmarkSnapshot[],
  window: { start_date: IsoDate; end_date: IsoDate },
  nextDate: IsoDate | null = null,
): BenchmarkDay[] {
  const days: BenchmarkDay[] = [];
  snapshots.forEach((snap, k) => {
    const following = snapshots[k + 1]?.date ?? nextDate;
    const spanEnd = following === null ? window.end_date : addDays(following, -1);
    if (spanEnd < window.start_date || snap.date > window.end_date) return;
    const n = daysInclusive(snap.date, spanEnd);
    const total = snap.segments.reduce((s, seg) => s + seg.weight, 0);
    const logGrowth = snap.segments.map((seg) => Math.log1p(seg.return) / n);
    for (let j = 0; j < n; j++) {
      const date = addDays(snap.date, j);
      if (date < window.start_date) continue;
      if (date > window.end_date) break;
      const drifted = snap.segments.map((seg, i) => (seg.weight / total) * Math.exp(j * logGrowth[i]!));
      const sum = drifted.reduce((s, w) => s + w, 0);
      const segments = new Map<string, { weight: number; return: number }>();
      let totalReturn = 0;
      snap.segments.forEach((seg, i) => {
        const weight = sum > 0 ? drifted[i]! / sum : 0;
        const r = Math.expm1(logGrowth[i]!);
        segments.set(seg.key, { weight, return: r });
        totalReturn += weight * r;
      });
      days.push({ date, segments, total_return: totalReturn });
    }
  });
  return days;
}
