import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { computeRisk } from './compute-risk.ts';

// Mon 4 … Fri 8 March 2024.
const DATES = ['2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08'];
const series = (values: number[]) => values.map((value, i) => ({ date: DATES[i]!, value }));

describe('computeRisk', () => {
  it('small series by hand: (0.1, −0.2, 0.1, 0.25, −0.1)', () => {
    const { metrics, period, statistics } = computeRisk({ returns: series([0.1, -0.2, 0.1, 0.25, -0.1]) });
    // W_5 = 1.1 × 0.8 × 1.1 × 1.25 × 0.9 = 1.089.
    expect(metrics.cumulative_return).toBeCloseTo(0.089, 15);
    expect(metrics.cagr).toBeCloseTo(1.089 ** (252 / 5) - 1, 10);
    expect(statistics.mean).toBeCloseTo(0.03, 16);
    // Σ(r − 0.03)² = 0.0049 + 0.0529 + 0.0049 + 0.0484 + 0.0169 = 0.128; std ddof 1 = √0.032.
    expect(metrics.annualized_volatility).toBeCloseTo(Math.sqrt(0.032 * 252), 13);
    expect(metrics.sharpe_ratio).toBeCloseTo((0.03 / Math.sqrt(0.032)) * Math.sqrt(252), 12);
    // Downside below 0: (0.04 + 0.01)/5 = 0.01 → 0.1 per period.
    expect(metrics.downside_deviation).toBeCloseTo(0.1 * Math.sqrt(252), 13);
    expect(metrics.sortino_ratio).toBeCloseTo(0.3 * Math.sqrt(252), 12);
    expect(metrics.max_drawdown.value).toBeCloseTo(-0.2, 14);
    expect(metrics.calmar_ratio).toBeCloseTo((1.089 ** (252 / 5) - 1) / 0.2, 8);
    // Gains 0.45, losses 0.3.
    expect(metrics.omega_ratio).toBeCloseTo(1.5, 14);
    // The inception defaults to the Friday before Monday 4 March.
    expect(period).toMatchObject({ inception_date: '2024-03-01', calendar_days: 7, observations: 5 });
  });

  it('undefined figures are null with a reason, never NaN or Infinity', () => {
    const result = computeRisk({ returns: series([0.002, 0.002, 0.002, 0.002, 0.002]) });
    const numbers = JSON.stringify(result.metrics, (_k, v) =>
      typeof v === 'number' && !Number.isFinite(v) ? 'BAD' : v,
    );
    expect(numbers).not.toContain('BAD');
    expect(result.metrics.sharpe_ratio).toBeNull();
    expect(result.null_reasons.sharpe_ratio).toMatch(/volatility is zero/);
    expect(result.metrics.beta).toBeNull();
    expect(result.null_reasons.beta).toBe('no benchmark_returns were given');
    expect(result.benchmark).toBeNull();
  });

  it('a benchmark with no date in common leaves every relative figure null with that reason', () => {
    const result = computeRisk({
      returns: series([0.01, 0.02]),
      benchmark_returns: [{ date: '2025-01-02', value: 0.01 }],
    });
    expect(result.metrics.beta).toBeNull();
    expect(result.null_reasons.beta).toMatch(/no date in common/);
    expect(result.benchmark).toMatchObject({ observations: 0, return_dates_without_benchmark: 2 });
  });

  it('echoes the conventions asked for and the rates as converted', () => {
    const { conventions } = computeRisk({
      returns: series([0.01, -0.02, 0.03]),
      periods_per_year: 12,
      risk_free: { annual_rate: 0.12, conversion: 'simple' },
      mar: { annual_rate: 0.1 },
      conventions: { alpha: 'linear', capture: 'cumulative' },
    });
    expect(conventions).toMatchObject({
      alpha: 'linear',
      capture: 'cumulative',
      sharpe: 'arithmetic',
      periods_per_year: 12,
      risk_free: { periodic_rate: 0.01, annual_rate: 0.12, conversion: 'simple' },
      mar: { annual_rate: 0.1, conversion: 'geometric' },
      omega_threshold: { periodic_rate: 0, annual_rate: null, conversion: null },
    });
    expect(conventions.mar.periodic_rate).toBeCloseTo(1.1 ** (1 / 12) - 1, 15);
  });

  it('validates its own input, for callers other than the API', () => {
    expect(() => computeRisk({ returns: series([0.01, Number.NaN]) })).toThrow(AppError);
  });
});
