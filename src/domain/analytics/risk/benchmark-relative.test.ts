import { describe, expect, it } from 'vitest';
import {
  activePremium,
  alignByDate,
  alpha,
  beta,
  captureRatio,
  informationRatio,
  trackingError,
} from './benchmark-relative.ts';

// r = 2b + 0.001 exactly (up to rounding): β = 2, the intercept is 0.001 per period.
const B = [0.01, -0.005, 0.005, 0];
const R = [0.021, -0.009, 0.011, 0.001];
const P = 252;

describe('benchmark-relative statistics', () => {
  it('beta and alpha in the three forms', () => {
    const slope = beta(R, B);
    expect(slope.value).toBeCloseTo(2, 13);
    expect(alpha(R, B, slope, 0, P, 'intercept').value).toBeCloseTo(0.001, 15);
    expect(alpha(R, B, slope, 0, P, 'linear').value).toBeCloseTo(0.252, 13);
    expect(alpha(R, B, slope, 0, P, 'compound').value).toBeCloseTo(1.001 ** 252 - 1, 12);
    // A risk-free rate rf shifts the intercept by −rf + βrf = rf when β = 2.
    expect(alpha(R, B, slope, 0.0001, P, 'intercept').value).toBeCloseTo(0.0011, 15);
  });

  it('tracking error and information ratio by hand: active a = b + 0.001 = (0.011, −0.004, 0.006, 0.001)', () => {
    // ā = 0.0035; Σ(a − ā)² = 7.5² + 7.5² + 2.5² + 2.5² (× 1e-6) = 1.25e-4; std ddof 1 = √(1.25e-4/3).
    const sd = Math.sqrt(1.25e-4 / 3);
    expect(trackingError(R, B, P).value).toBeCloseTo(sd * Math.sqrt(P), 13);
    expect(informationRatio(R, B, P, 'periodic').value).toBeCloseTo(0.0035 / sd, 12);
    expect(informationRatio(R, B, P, 'annualized').value).toBeCloseTo((0.0035 / sd) * Math.sqrt(P), 11);
    const premium = (1.021 * 0.991 * 1.011 * 1.001) ** 63 - (1.01 * 0.995 * 1.005) ** 63;
    expect(activePremium(R, B, P).value).toBeCloseTo(premium, 12);
    expect(informationRatio(R, B, P, 'geometric').value).toBeCloseTo(premium / (sd * Math.sqrt(P)), 11);
  });

  it('capture ratios: which days each form selects and how it compares them', () => {
    // Up days (b > 0): 0 and 2. Down: day 1 (b < 0); day 3 (b = 0) joins it for the cumulative and arithmetic forms.
    expect(captureRatio(R, B, P, 'arithmetic', 'up').value).toBeCloseTo(0.032 / 0.015, 14);
    expect(captureRatio(R, B, P, 'arithmetic', 'down').value).toBeCloseTo(-0.008 / -0.005, 14);
    expect(captureRatio(R, B, P, 'cumulative', 'up').value).toBeCloseTo(
      (1.021 * 1.011 - 1) / (1.01 * 1.005 - 1),
      13,
    );
    expect(captureRatio(R, B, P, 'cumulative', 'down').value).toBeCloseTo(
      (0.991 * 1.001 - 1) / (0.995 - 1),
      13,
    );
    expect(captureRatio(R, B, P, 'geometric_average', 'down').value).toBeCloseTo(-0.009 / -0.005, 13);
    expect(captureRatio(R, B, P, 'geometric_average', 'up').value).toBeCloseTo(
      (Math.sqrt(1.021 * 1.011) - 1) / (Math.sqrt(1.01 * 1.005) - 1),
      12,
    );
    expect(captureRatio(R, B, P, 'empyrical', 'up').value).toBeCloseTo(
      ((1.021 * 1.011) ** 126 - 1) / ((1.01 * 1.005) ** 126 - 1),
      11,
    );
    expect(captureRatio(R, B, P, 'empyrical', 'down').value).toBeCloseTo(
      (0.991 ** 252 - 1) / (0.995 ** 252 - 1),
      11,
    );
  });

  it('undefined: a constant benchmark has no beta; no rising day, no up capture; flat down days, no ratio', () => {
    expect(beta(R, [0.001, 0.001, 0.001, 0.001])).toEqual({
      value: null,
      reason: expect.stringMatching(/constant/),
    });
    expect(captureRatio(R, [-0.01, -0.01, 0, -0.02], P, 'empyrical', 'up').reason).toMatch(/rising/);
    expect(captureRatio(R, [0.01, 0, 0.02, 0], P, 'cumulative', 'down').reason).toMatch(/does not move/);
    expect(informationRatio([0.02, 0.03], [0.01, 0.02], P, 'periodic').reason).toMatch(
      /tracking error is zero/,
    );
  });

  it('aligns by an inner join on dates', () => {
    const aligned = alignByDate(
      [
        { date: '2024-01-02', value: 0.01 },
        { date: '2024-01-03', value: 0.02 },
        { date: '2024-01-04', value: 0.03 },
      ],
      [
        { date: '2024-01-01', value: 0.5 },
        { date: '2024-01-02', value: 0.1 },
        { date: '2024-01-04', value: 0.3 },
      ],
    );
    expect(aligned).toEqual({
      dates: ['2024-01-02', '2024-01-04'],
      returns: [0.01, 0.03],
      benchmark: [0.1, 0.3],
    });
  });
});
