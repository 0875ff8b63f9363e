/**
 * Single-period Brinson–Fachler (1985) attribution of one segment set. For segment s, with portfolio weight
 * w_s and return r_s, benchmark weight W_s and return b_s, and the benchmark's total B = Σ W_s b_s:
 *
 *   allocation   A_s = (w_s − W_s)(b_s − B)
 *   selection    S_s = W_s (r_s − b_s)
 *   interaction  I_s = (w_s − W_s)(r_s − b_s)
 *
 * With Σ w_s = Σ W_s = 1, Σ_s (A_s + S_s + I_s) = Σ w_s r_s − B: the active return.
 *
 * The portfolio side is given as w_s and its contribution x_s = w_s r_s, so that a segment the portfolio does
 * not hold (w_s = 0), or that gained with no capital at work, still adds up: its selection is then
 * x_s − w_s b_s and its interaction 0. A segment the benchmark does not hold has no b_s: it is taken as B,
 * so that its allocation is 0 and its active contribution w_s (r_s − B) is interaction.
 */
export interface SegmentInput {
  key: string;
  portfolio_weight: number;
  /** w_s × r_s. */
  portfolio_contribution: number;
  benchmark_weight: number;
  /** null: the benchmark does not hold the segment. */
  benchmark_return: number | null;
}

export interface SegmentEffects {
  key: string;
  allocation: number;
  selection: number;
  interaction: number;
}

/** A portfolio weight at or below this is none: a ratio over float dust is not a return. */
const NEGLIGIBLE_WEIGHT = 1e-12;

export function brinsonFachler(segments: readonly SegmentInput[], benchmarkReturn: number): SegmentEffects[] {
  return segments.map((s) => {
    const w = s.portfolio_weight;
    const W = s.benchmark_weight;
    const b = s.benchmark_return ?? benchmarkReturn;
    const allocation = (w - W) * (b - benchmarkReturn);
    if (w > NEGLIGIBLE_WEIGHT) {
      const r = s.portfolio_contribution / w;
      return { key: s.key, allocation, selection: W * (r - b), interaction: (w - W) * (r - b) };
    }
    return { key: s.key, allocation, selection: s.portfolio_contribution - w * b, interaction: 0 };
  });
}

/** The benchmark's total return of a segment set: Σ W_s b_s. */
export const benchmarkTotal = (segments: readonly SegmentInput[]): number =>
  segments.reduce((sum, s) => sum + s.benchmark_weight * (s.benchmark_return ?? 0), 0);
