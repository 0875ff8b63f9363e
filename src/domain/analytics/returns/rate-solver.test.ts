import { describe, expect, it } from 'vitest';
import { moneyWeightedReturn, type ValuedPeriod } from './mwr.ts';
import { DEFAULT_BRACKET, type RateSolverOptions } from './rate-solver.ts';
import { irr, npv, xirr, xnpv, yearsSpanned } from './xirr.ts';

const unique: RateSolverOptions = { bracket: DEFAULT_BRACKET, root_selection: 'unique', guess: 0.1 };
const numpyRule: RateSolverOptions = { ...unique, root_selection: 'closest_to_guess' };

/** A valued period from `start_date` (worth `begin_value`) to `end_date` (worth `end_value`), with its flows. */
const valued = (
  start_date: string,
  end_date: string,
  begin_value: number,
  end_value: number,
  flows: ValuedPeriod['flows'] = [],
): { period: ValuedPeriod } => ({ period: { start_date, end_date, begin_value, end_value, flows } });

describe('xirr (closed forms of methodology §9.1)', () => {
  const two = (from: string, to: string, a: number, b: number) => [
    { date: from, amount: -a },
    { date: to, amount: b },
  ];
  it('10 days +1.25 %: 1.0125^(365/10) − 1', () => {
    expect(xirr(two('2024-03-01', '2024-03-11', 100_000, 101_250), unique).rate.value).toBeCloseTo(
      1.0125 ** 36.5 - 1,
      12,
    );
  });
  it('one day: (B/A)^365 − 1', () => {
    expect(xirr(two('2024-03-01', '2024-03-02', 100_000, 100_035), unique).rate.value).toBeCloseTo(
      1.00035 ** 365 - 1,
      12,
    );
  });
  it('366 days across a leap day count as 366/365 years: 1.1^(365/366) − 1', () => {
    const flows = two('2024-01-01', '2025-01-01', 100, 110);
    expect(yearsSpanned(flows)).toBe(366 / 365);
    expect(xirr(flows, unique).rate.value).toBeCloseTo(1.1 ** (365 / 366) - 1, 13);
  });
  it('an extreme loss (−85 % a year) solves, where Newton from 0.1 leaves the domain', () => {
    const flows = two('2023-01-01', '2024-01-01', 100_000, 14_520);
    const rate = xirr(flows, unique).rate.value!;
    expect(rate).toBeCloseTo(0.1452 - 1, 12);
    expect(Math.abs(xnpv(rate, flows))).toBeLessThan(1e-6);
  });
  it('no sign change: null with the reason', () => {
    const s = xirr(two('2024-01-01', '2024-02-01', 100, -5), unique);
    expect(s).toMatchObject({ status: 'no_sign_change', rate: { value: null } });
  });
});

describe('irr (closed forms of methodology §9.2)', () => {
  it('[-100, 0, 0, 74]: 0.74^(1/3) − 1', () => {
    expect(irr([-100, 0, 0, 74], numpyRule).rate.value).toBeCloseTo(0.74 ** (1 / 3) - 1, 12);
  });
  it('a par bond (5 % coupons, 100 back) yields exactly 5 %', () => {
    expect(irr([-100, 5, 5, 5, 5, 105], numpyRule).rate.value).toBeCloseTo(0.05, 13);
  });
  it('two roots (10 % and 20 %): the one nearest 0.1, or none under `unique`', () => {
    expect(irr([-100, 230, -132], numpyRule)).toMatchObject({ rate: { value: expect.closeTo(0.1, 12) } });
    const u = irr([-100, 230, -132], unique);
    expect(u.status).toBe('not_unique');
    expect(u.roots.map((x) => Number(x.toFixed(10)))).toEqual([0.1, 0.2]);
  });
  it('no root in the bracket when the polynomial has no real one: −1 + 1.5v − v² < 0 for all v', () => {
    // −100 + 150/(1+r) − 100/(1+r)²: discriminant 150² − 4·100·100 < 0.
    expect(irr([-100, 150, -100], numpyRule)).toMatchObject({ status: 'no_root', rate: { value: null } });
  });
  it('npv discounts v_0 at t = 0 (numpy-financial)', () => {
    expect(npv(0.1, [-100, 110])).toBeCloseTo(0, 12);
  });
});

describe('moneyWeightedReturn', () => {
  it('turns a valued period into investor flows and reports the return over the span', () => {
    const m = moneyWeightedReturn(valued('2023-01-01', '2024-01-01', 100, 121), {
      ...unique,
      method: 'xirr',
      fallback: 'modified_dietz',
    });
    expect(m.cashflows).toEqual([
      { date: '2023-01-01', amount: -100 },
      { date: '2024-01-01', amount: 121 },
    ]);
    expect(m.xirr.value).toBeCloseTo(0.21, 13);
    expect(m.period_return.value).toBeCloseTo(0.21, 13);
    expect(m.method).toBe('xirr');
  });
  it('Modified Dietz when asked for, labelled, with its annual equivalent', () => {
    const m = moneyWeightedReturn(valued('2023-01-01', '2025-01-01', 100, 121), {
      ...unique,
      method: 'modified_dietz',
      fallback: 'none',
    });
    expect(m.method).toBe('modified_dietz');
    expect(m.period_return.value).toBeCloseTo(0.21, 15);
    expect(m.annual_equivalent.value).toBeCloseTo(1.21 ** (365 / 731) - 1, 15);
  });

  const xirrFirst = { ...unique, method: 'xirr', fallback: 'modified_dietz' } as const;
  it('flows that never change sign: no return, "no closing value", never a loss beyond −100 %', () => {
    // 1000 in, 500 more in, worth 0 at the end: Modified Dietz would say (0 − 1500)/(1000 + 500·183/366) = −1.2.
    const m = moneyWeightedReturn(
      valued('2023-12-31', '2024-12-31', 1000, 0, [{ date: '2024-07-01', amount: 500 }]),
      xirrFirst,
    );
    expect(m.xirr.value).toBeNull();
    expect(m.period_return).toEqual({ value: null, reason: expect.stringMatching(/^no closing value/) });
    expect(m.annual_equivalent.value).toBeNull();
  });
  it('flows all on one date: the reason says so (not "no sign change"), and no fallback answers', () => {
    const m = moneyWeightedReturn(
      {
        cashflows: [
          { date: '2024-03-01', amount: -100 },
          { date: '2024-03-01', amount: 110 },
        ],
      },
      xirrFirst,
    );
    expect(m.xirr).toEqual({ value: null, reason: expect.stringContaining('one date') });
    expect(m.period_return).toEqual({ value: null, reason: expect.stringContaining('one date') });
    expect(m.method).toBe('xirr');
  });
  it('the Modified Dietz fallback never reports a loss beyond −100 %', () => {
    // −100 + 10x − 50x² (x = 1/(1+r)) has no real root (100 < 4·100·50): XIRR has none, the fallback answers.
    // By hand: BMV 100, a 10 withdrawal after 365 of 731 days (W = 366/731), EMV −50:
    // (−50 − 100 + 10)/(100 − 10·366/731) ≈ −1.47, below −100 %.
    const m = moneyWeightedReturn(
      {
        cashflows: [
          { date: '2023-01-01', amount: -100 },
          { date: '2024-01-01', amount: 10 },
          { date: '2025-01-01', amount: -50 },
        ],
      },
      xirrFirst,
    );
    expect(m.method).toBe('modified_dietz_fallback');
    expect(m.period_return).toEqual({ value: null, reason: expect.stringContaining('beyond −100 %') });
    expect(m.period_return.reason).toMatch(/gives -1\.4737/);
  });
});
