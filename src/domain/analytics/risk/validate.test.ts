import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { validateRiskRequest } from './validate.ts';

const RETURNS = [
  { date: '2024-01-02', value: 0.01 },
  { date: '2024-01-03', value: -0.02 },
  { date: '2024-01-04', value: 0.005 },
];

/** The [index, field] of each error the request raises ([] when it is valid). */
function problems(body: unknown): [number, string][] {
  try {
    validateRiskRequest(body);
    return [];
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(e.code).toBe('VALIDATION_FAILED');
    return e.errors.map((x) => [x.index, x.field]);
  }
}

describe('validateRiskRequest', () => {
  it('accepts a minimal and a full request', () => {
    expect(problems({ returns: RETURNS })).toEqual([]);
    expect(
      problems({
        returns: RETURNS,
        benchmark_returns: RETURNS,
        inception_date: '2024-01-01',
        periods_per_year: 252,
        risk_free: { annual_rate: 0.02, conversion: 'simple' },
        mar: { periodic_rate: 0.0001 },
        omega_threshold: { annual_rate: 0.05 },
        var: { confidence: [0.9, 0.975], horizon_days: 10 },
        rolling_window: 3,
        conventions: { cagr_basis: 'act365', drawdown: 'pyfolio' },
      }),
    ).toEqual([]);
  });

  it('names the item and field of a bad return', () => {
    const returns = [...RETURNS, { date: '2024-01-05', value: Number.NaN }, { date: '2024-02-30', value: 0 }];
    expect(problems({ returns })).toEqual([
      [3, 'returns[3].value'],
      [4, 'returns[4].date'],
    ]);
    expect(problems({ returns: [{ date: '2024-01-02', value: Number.POSITIVE_INFINITY }] })).toEqual([
      [0, 'returns[0].value'],
    ]);
    expect(problems({ returns: [{ date: '2024-01-02', value: 0.01, weight: 1 }] })).toEqual([
      [0, 'returns[0].weight'],
    ]);
  });

  it('dates must be strictly ascending in both series', () => {
    const swapped = [RETURNS[1], RETURNS[0], RETURNS[2]];
    expect(problems({ returns: RETURNS, benchmark_returns: swapped })).toEqual([
      [1, 'benchmark_returns[1].date'],
    ]);
    expect(problems({ returns: [RETURNS[0], RETURNS[0]] })).toEqual([[1, 'returns[1].date']]);
  });

  it('options out of range', () => {
    expect(problems({ returns: RETURNS, var: { confidence: [0, 0.95, 0.95] } })).toEqual([
      [0, 'var.confidence[0]'],
      [2, 'var.confidence[2]'],
    ]);
    // 1 − 5e-324 is 1 in float64: no tail to read the VaR at (was a NaN quantile and a 500).
    expect(problems({ returns: RETURNS, var: { confidence: [5e-324, 1e-15] } })).toEqual([
      [0, 'var.confidence[0]'],
    ]);
    expect(problems({ returns: RETURNS, var: { horizon_days: 0.5 } })).toEqual([[0, 'var.horizon_days']]);
    expect(problems({ returns: RETURNS, rolling_window: 4 })).toEqual([[0, 'rolling_window']]);
    expect(problems({ returns: RETURNS, rolling_window: 1 })).toEqual([[0, 'rolling_window']]);
    expect(problems({ returns: RETURNS, periods_per_year: 0 })).toEqual([[0, 'periods_per_year']]);
    expect(problems({ returns: RETURNS, inception_date: '2024-01-02' })).toEqual([[0, 'inception_date']]);
    expect(problems({ returns: RETURNS, mar: {} })).toEqual([[0, 'mar']]);
    expect(problems({ returns: RETURNS, risk_free: { periodic_rate: 0.001, conversion: 'simple' } })).toEqual(
      [[0, 'risk_free.conversion']],
    );
    expect(problems({ returns: RETURNS, omega_threshold: { annual_rate: -1 } })).toEqual([
      [0, 'omega_threshold.annual_rate'],
    ]);
    expect(problems({ returns: RETURNS, conventions: { moments: 'Sample', speed: 'fast' } })).toEqual([
      [0, 'conventions.speed'],
      [0, 'conventions.moments'],
    ]);
  });

  it('a body that is not an object, or has no returns', () => {
    expect(problems(null)).toEqual([[0, '(body)']]);
    expect(problems({})).toEqual([[0, 'returns']]);
    expect(problems({ returns: [] })).toEqual([[0, 'returns']]);
  });
});
