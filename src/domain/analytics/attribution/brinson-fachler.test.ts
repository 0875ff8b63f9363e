import { describe, expect, it } from 'vitest';
import { benchmarkTotal, brinsonFachler, type SegmentInput } from './brinson-fachler.ts';

/** Portfolio weight and return given as such: the contribution is their product. */
const segment = (key: string, w: number, r: number, W: number, b: number | null): SegmentInput => ({
  key,
  portfolio_weight: w,
  portfolio_contribution: w * r,
  benchmark_weight: W,
  benchmark_return: b,
});

describe('Brinson–Fachler, single period', () => {
  /**
   * The textbook three-country example (Bacon, Practical Portfolio Performance Measurement and Attribution,
   * ch. 5): portfolio UK 40 % at 20 %, Japan 30 % at −5 %, US 30 % at 6 % (8.3 %); benchmark UK 40 % at
   * 10 %, Japan 20 % at −4 %, US 40 % at 8 % (6.4 %). Worked by hand:
   *   allocation  UK 0 × (0.10 − 0.064) = 0;   Japan 0.1 × (−0.04 − 0.064) = −0.0104;  US −0.1 × (0.08 − 0.064) = −0.0016
   *   selection   UK 0.4 × 0.10 = 0.04;        Japan 0.2 × (−0.01) = −0.002;            US 0.4 × (−0.02) = −0.008
   *   interaction UK 0;                        Japan 0.1 × (−0.01) = −0.001;            US −0.1 × (−0.02) = 0.002
   * Totals −0.012 + 0.03 + 0.001 = 0.019 = 8.3 % − 6.4 %.
   */
  const segments = [
    segment('UK', 0.4, 0.2, 0.4, 0.1),
    segment('Japan', 0.3, -0.05, 0.2, -0.04),
    segment('US', 0.3, 0.06, 0.4, 0.08),
  ];

  it('reproduces the textbook example', () => {
    const B = benchmarkTotal(segments);
    expect(B).toBeCloseTo(0.064, 15);
    const effects = Object.fromEntries(brinsonFachler(segments, B).map((e) => [e.key, e]));
    const expected: Record<string, [number, number, number]> = {
      UK: [0, 0.04, 0],
      Japan: [-0.0104, -0.002, -0.001],
      US: [-0.0016, -0.008, 0.002],
    };
    for (const [key, [a, s, i]] of Object.entries(expected)) {
      expect(effects[key]!.allocation, key).toBeCloseTo(a, 15);
      expect(effects[key]!.selection, key).toBeCloseTo(s, 15);
      expect(effects[key]!.interaction, key).toBeCloseTo(i, 15);
    }
    const total = Object.values(effects).reduce((s, e) => s + e.allocation + e.selection + e.interaction, 0);
    expect(total).toBeCloseTo(0.083 - 0.064, 15);
  });

  it('a segment only the benchmark holds: allocation −W (b − B), nothing else', () => {
    const [e] = brinsonFachler([segment('Cash', 0, 0, 0.1, 0.02)], 0.05);
    expect(e).toEqual({ key: 'Cash', allocation: -0.1 * (0.02 - 0.05), selection: 0, interaction: 0 });
  });

  it('a segment only the portfolio holds: b is taken as B, the active contribution is interaction', () => {
    const [e] = brinsonFachler([segment('Gold', 0.1, 0.3, 0, null)], 0.05);
    expect(e!.allocation).toBe(0);
    expect(e!.selection).toBe(0);
    expect(e!.interaction).toBeCloseTo(0.1 * (0.3 - 0.05), 15);
  });

  it('a gain with no weight (income of a position sold the day before) is selection', () => {
    const [e] = brinsonFachler(
      [
        {
          key: 'X',
          portfolio_weight: 0,
          portfolio_contribution: 0.001,
          benchmark_weight: 0.2,
          benchmark_return: 0.01,
        },
      ],
      0.01,
    );
    expect(e).toEqual({ key: 'X', allocation: -0.2 * 0, selection: 0.001, interaction: 0 });
  });
});
