import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { analyseBond } from './bond.ts';
import type { BondRequest } from './bond-terms.ts';
import { DAY_COUNTS } from './day-count.ts';

const close = (actual: number | null, expected: number, rel: number) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(
    rel * Math.abs(expected),
  );
};

const dirtyAt = (request: BondRequest, y: number) =>
  analyseBond({ ...request, yield: y }).figures.dirty_price.value!;

describe('closed forms', () => {
  it('a zero-coupon bond: P = 100/(1+y/f)^(N−1+DSC/E), Macaulay = its one flow time', () => {
    // 30/360: 2024-06-15 → 2024-08-15 is A = 60 of E = 180, so DSC/E = 2/3; 20 periods remain to 2034-06-15.
    const r = analyseBond({
      settlement_date: '2024-08-15',
      maturity_date: '2034-06-15',
      coupon_rate: 0,
      frequency: 2,
      day_count: '30/360 US',
      yield: 0.04,
    });
    const periods = 19 + 2 / 3;
    const t = periods / 2;
    expect(r.coupons_remaining).toBe(20);
    expect(r.accrued_interest).toBe(0);
    expect(r.cash_flows).toHaveLength(1);
    expect(r.cash_flows[0]!.date).toBe('2034-06-15');
    close(r.figures.dirty_price.value, 100 / 1.02 ** periods, 1e-13);
    close(r.figures.clean_price.value, 100 / 1.02 ** periods, 1e-13);
    close(r.figures.macaulay_duration.value, t, 1e-13);
    close(r.figures.modified_duration.value, t / 1.02, 1e-13);
    close(r.figures.convexity.value, (t * (t + 0.5)) / 1.02 ** 2, 1e-13);
  });

  it('settled on a coupon date at a yield equal to the coupon: par, no accrued interest', () => {
    const r = analyseBond({
      settlement_date: '2024-03-01',
      maturity_date: '2034-03-01',
      coupon_rate: 0.045,
      frequency: 4,
      day_count: 'Act/Act ICMA',
      yield: 0.045,
    });
    expect([r.previous_coupon_date, r.accrued_days, r.accrued_interest]).toEqual(['2024-03-01', 0, 0]);
    expect(r.coupons_remaining).toBe(40);
    close(r.figures.clean_price.value, 100, 1e-13);
    // A par bond's Macaulay duration: (1+y/f)/y · (1 − (1+y/f)^−N), in years.
    const g = 1 + 0.045 / 4;
    close(r.figures.macaulay_duration.value, (g / 0.045) * (1 - g ** -40), 1e-12);
  });

  it('a short first period accrues from the issue date and pays a pro-rata first coupon (ICMA)', () => {
    // Quasi-coupon period 2023-11-15 → 2024-05-15 = 182 days; issue 2024-01-10: 51 days to settlement
    // 2024-03-01 (21 + 29 + 1), 126 days to the first coupon (21 + 29 + 31 + 30 + 15); DSC = 75.
    const r = analyseBond({
      settlement_date: '2024-03-01',
      issue_date: '2024-01-10',
      maturity_date: '2029-05-15',
      coupon_rate: 0.05,
      frequency: 2,
      day_count: 'Act/Act ICMA',
      yield: 0.05,
    });
    expect([r.previous_coupon_date, r.accrual_start_date, r.next_coupon_date]).toEqual([
      '2023-11-15',
      '2024-01-10',
      '2024-05-15',
    ]);
    expect([r.accrued_days, r.coupon_period_days, r.days_to_next_coupon]).toEqual([51, 182, 75]);
    close(r.accrued_interest, (2.5 * 51) / 182, 1e-14);
    close(r.cash_flows[0]!.amount, (2.5 * 126) / 182, 1e-14);
    expect(r.cash_flows.slice(1, -1).every((f) => f.amount === 2.5)).toBe(true);
    const dirty = r.cash_flows.reduce((sum, f, k) => sum + f.amount / 1.025 ** (k + 75 / 182), 0);
    close(r.figures.dirty_price.value, dirty, 1e-13);
  });

  it('an issue date before the previous coupon changes nothing', () => {
    const base: BondRequest = {
      settlement_date: '2024-03-01',
      maturity_date: '2029-05-15',
      coupon_rate: 0.05,
      frequency: 2,
      day_count: 'Act/Act ICMA',
      yield: 0.05,
    };
    expect(analyseBond({ ...base, issue_date: '2019-05-15' })).toEqual(analyseBond(base));
  });

  it('the last period: compounded by default, Excel money-market discounting on request', () => {
    // One flow of 103 in DSC/E = 90/180 of a half-year.
    const request: BondRequest = {
      settlement_date: '2024-08-15',
      maturity_date: '2024-11-15',
      coupon_rate: 0.06,
      frequency: 2,
      day_count: '30/360 US',
      yield: 0.05,
    };
    const compounded = analyseBond(request);
    const simple = analyseBond({ ...request, conventions: { last_period: 'excel_simple' } });
    expect(simple.conventions.last_period).toBe('excel_simple');
    close(compounded.figures.dirty_price.value, 103 / 1.025 ** 0.5, 1e-14);
    close(simple.figures.dirty_price.value, 103 / (1 + 0.5 * 0.025), 1e-14);
    close(simple.figures.clean_price.value, 103 / 1.0125 - 1.5, 1e-14);
    close(simple.figures.macaulay_duration.value, 0.25, 1e-14);
    close(simple.figures.modified_duration.value, 0.25 / 1.0125, 1e-14);
    close(simple.figures.convexity.value, (2 * 0.25 ** 2) / 1.0125 ** 2, 1e-14);
    // Solving back from the simple price gives the yield under the same convention.
    const back = analyseBond({
      ...request,
      yield: undefined,
      clean_price: simple.figures.clean_price.value!,
      conventions: { last_period: 'excel_simple' },
    });
    close(back.figures.ytm.value, 0.05, 1e-12);
  });
});

describe('risk measures agree with finite differences of the price', () => {
  it.each(DAY_COUNTS)('%s', (day_count) => {
    const request: BondRequest = {
      settlement_date: '2024-02-20',
      maturity_date: '2041-09-30',
      coupon_rate: 0.0425,
      frequency: 2,
      day_count,
      yield: 0.051,
    };
    const r = analyseBond(request);
    const p = r.figures.dirty_price.value!;
    const h1 = 1e-5;
    const slope = -(dirtyAt(request, 0.051 + h1) - dirtyAt(request, 0.051 - h1)) / (2 * h1);
    const h2 = 1e-4;
    const curvature = (dirtyAt(request, 0.051 + h2) - 2 * p + dirtyAt(request, 0.051 - h2)) / h2 ** 2;
    close(r.figures.modified_duration.value, slope / p, 1e-8);
    close(r.figures.dv01.value, slope / 10_000, 1e-8);
    close(r.figures.convexity.value, curvature / p, 1e-6);
  });
});

/** Random bonds: any day count and frequency, settlement in 2000–2039, 1 month to 40 years, 0–15 % coupon. */
const bondArb = fc
  .record({
    settleDay: fc.integer({ min: 0, max: 40 * 365 }),
    months: fc.integer({ min: 1, max: 480 }),
    maturityDay: fc.integer({ min: 1, max: 31 }),
    couponBp: fc.integer({ min: 0, max: 1500 }),
    frequency: fc.constantFrom(1, 2, 4, 12),
    day_count: fc.constantFrom(...DAY_COUNTS),
    yieldBp: fc.integer({ min: -200, max: 2500 }),
    endOfMonth: fc.boolean(),
    lastPeriod: fc.constantFrom('compounded' as const, 'excel_simple' as const),
  })
  .map((b) => {
    const settlement = new Date(Date.UTC(2000, 0, 1) + b.settleDay * 86_400_000);
    const maturity = new Date(Date.UTC(settlement.getUTCFullYear(), settlement.getUTCMonth() + b.months, 1));
    const lastDay = new Date(Date.UTC(maturity.getUTCFullYear(), maturity.getUTCMonth() + 1, 0)).getUTCDate();
    maturity.setUTCDate(Math.min(b.maturityDay, lastDay));
    const request: BondRequest = {
      settlement_date: settlement.toISOString().slice(0, 10),
      maturity_date: maturity.toISOString().slice(0, 10),
      coupon_rate: b.couponBp / 10_000,
      frequency: b.frequency,
      day_count: b.day_count,
      yield: b.yieldBp / 10_000,
      conventions: { end_of_month: b.endOfMonth, last_period: b.lastPeriod },
    };
    return request;
  })
  .filter((r) => r.maturity_date > r.settlement_date);

describe('price → yield → price', () => {
  it('solving the yield from a clean price gives back the yield and the price', () => {
    fc.assert(
      fc.property(bondArb, (request) => {
        const priced = analyseBond(request);
        const clean = priced.figures.clean_price.value!;
        const solved = analyseBond({ ...request, yield: undefined, clean_price: clean });
        const y = solved.figures.ytm.value!;
        // The price moves by (modified duration × dirty price) per unit of yield: the yield is as exact as
        // the price allows.
        const sensitivity = priced.figures.dv01.value! * 10_000;
        expect(Math.abs(y - request.yield!)).toBeLessThanOrEqual(1e-9 + (1e-13 * clean) / sensitivity);
        const repriced = analyseBond({ ...request, yield: y }).figures.clean_price.value!;
        expect(Math.abs(repriced - clean)).toBeLessThanOrEqual(1e-9 * Math.abs(clean));
      }),
      { numRuns: 300 },
    );
  });
});

describe('invalid terms', () => {
  const valid: BondRequest = {
    settlement_date: '2024-02-15',
    maturity_date: '2030-11-15',
    coupon_rate: 0.06,
    frequency: 2,
    day_count: '30/360 US',
    yield: 0.05,
  };
  const errorsOf = (request: BondRequest) => {
    try {
      analyseBond(request);
    } catch (e) {
      if (e instanceof AppError) return e.errors.map((x) => [x.field, x.message]);
      throw e;
    }
    throw new Error('expected a validation error');
  };

  it('names every wrong field', () => {
    expect(
      errorsOf({
        ...valid,
        settlement_date: '2023-02-29',
        coupon_rate: -0.01,
        frequency: 3,
        day_count: 'ACT/ACT' as BondRequest['day_count'],
        redemption: 0,
      }),
    ).toEqual([
      ['settlement_date', 'must be a calendar date \'YYYY-MM-DD\', got "2023-02-29"'],
      ['coupon_rate', 'must be a number ≥ 0 (a decimal: 0.05 = 5 %), got -0.01'],
      ['frequency', 'must be one of 1, 2, 4, 12, got 3'],
      ['day_count', 'must be one of 30/360 US, Act/Act ICMA, Act/365F, Act/360, got "ACT/ACT"'],
      ['redemption', 'must be a number > 0, got 0'],
    ]);
  });

  it('wants exactly one of yield and clean_price', () => {
    expect(errorsOf({ ...valid, clean_price: 99 })).toEqual([
      ['yield', 'give either yield or clean_price, not both'],
      ['clean_price', 'give either yield or clean_price, not both'],
    ]);
    expect(errorsOf({ ...valid, yield: undefined })).toEqual([
      ['yield', 'give yield or clean_price'],
      ['clean_price', 'give yield or clean_price'],
    ]);
  });

  it('refuses a maturity not after settlement, an issue after settlement and a yield of −f or below', () => {
    expect(errorsOf({ ...valid, maturity_date: '2024-02-15', issue_date: '2024-03-01' })).toEqual([
      ['maturity_date', 'must be after settlement_date'],
      ['issue_date', 'must be on or before settlement_date'],
    ]);
    expect(errorsOf({ ...valid, yield: -2 })).toEqual([
      ['yield', 'must be greater than -2 (every discount factor positive)'],
    ]);
  });
});

describe('a 100-year monthly bond (issue 10)', () => {
  // Settled on a coupon date: no accrued interest, flows at whole periods k = 1..1200, so
  // P(y) = Σ (5/12)/(1+y/12)^k + 100/(1+y/12)^1200. Expected yields solved independently at 40 digits
  // (mpmath.findroot on that series).
  const century: BondRequest = {
    settlement_date: '2024-01-15',
    maturity_date: '2124-01-15',
    coupon_rate: 0.05,
    frequency: 12,
    day_count: '30/360 US',
  };

  it('solves the yield of a clean price: the bracket reaches it though the price overflows near −f', () => {
    for (const [price, expected] of [
      [86.5, 0.057831734852336586],
      [20, 0.25000000001795514],
    ] as const) {
      const solved = analyseBond({ ...century, clean_price: price });
      expect(solved.coupons_remaining).toBe(1200);
      expect(solved.accrued_interest).toBe(0);
      close(solved.figures.ytm.value, expected, 1e-12);
      const repriced = analyseBond({ ...century, yield: solved.figures.ytm.value! });
      close(repriced.figures.clean_price.value, price, 1e-12);
    }
  });
});

describe('an absurd yield', () => {
  const accruing: BondRequest = {
    settlement_date: '2024-02-01',
    maturity_date: '2124-01-15',
    coupon_rate: 0.05,
    frequency: 12,
    day_count: 'Act/365F',
  };

  it('gives no clean price, with the reason, where the dirty price falls below the accrued interest', () => {
    // Act/365F: 17 days accrued of E = 365/12, AI = (5/12)·17/(365/12) = 85/365 ≈ 0.2329, while the dirty
    // price at a yield of 1e6 is ≈ 0.0023.
    for (const y of [1e3, 1e6, 1e300]) {
      const r = analyseBond({ ...accruing, yield: y });
      expect(r.accrued_interest).toBeCloseTo(85 / 365, 14);
      expect(r.figures.dirty_price.value!).toBeLessThan(r.accrued_interest);
      expect(r.figures.clean_price).toEqual({ value: null, reason: expect.stringContaining('negative') });
    }
  });

  it('never quotes a negative clean price, whatever the yield', () => {
    fc.assert(
      fc.property(fc.double({ min: -11.99, max: 1e308, noNaN: true }), (y) => {
        const clean = analyseBond({ ...accruing, yield: y }).figures.clean_price.value;
        expect(clean === null || clean >= 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
