import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../dates.ts';
import { breakdownOf } from './breakdown.ts';
import { linkPlain } from './linking.ts';
import { DEFAULT_BRACKET, type RateSolverOptions } from './rate-solver.ts';
import { type TwrConventions, timeWeightedReturn } from './twr.ts';
import { FLOW_TIMINGS, type InvestorCashflow, type ValuationDay } from './types.ts';
import { xirr, xirrTerms } from './xirr.ts';

/**
 * Properties of the return functions on random data.
 * - TWR: linking the returns of two sub-periods gives the whole period's; monthly buckets link to the whole;
 *   without flows the TWR is the value ratio − 1; with flows recorded as the portfolio series records them, it
 *   is the product of the day's growth factors, whatever the flows (what "time-weighted" means).
 * - XIRR: the XNPV at the engine's root is 0 to 1e-9 of the scale of its terms, Σ|CF_i|(1 + r)^(−t_i)
 *   (the size of the sum's rounding), beyond what rounding r to a float64 makes near r = −1 (relativeXnpv;
 *   when r rounds to exactly −1, the root is checked to lie below 1 + r = 1e-15 instead); deep losses solve,
 *   matching the closed form when there are two flows.
 * Float tolerances: 1e-10 relative on growth (a product of ≤ 80 factors loses ~80 ulps).
 */

const conventions = (flow_timing: TwrConventions['flow_timing']): TwrConventions => ({
  flow_timing,
  net_or_gross: 'GROSS',
  fee_booking: 'external_flow',
  annualization_basis: 'act365_25',
  periods_per_year: 252,
});

interface DayStep {
  growth: number;
  /** Flow as a share of the value before it, and whether it is recorded at BOD or EOD. */
  flowShare: number;
  atOpen: boolean;
  gap: number;
}

const stepArb: fc.Arbitrary<DayStep> = fc.record({
  growth: fc.double({ min: 0.9, max: 1.1, noNaN: true }),
  flowShare: fc.oneof(fc.constant(0), fc.double({ min: -0.5, max: 1, noNaN: true })),
  atOpen: fc.boolean(),
  gap: fc.constantFrom(1, 1, 1, 3),
});

/** A chained daily series (each BOD = the previous EOD) where day t's holdings grow by growth_t. */
function seriesOf(start: number, steps: readonly DayStep[], withFlows: boolean): ValuationDay[] {
  const rows: ValuationDay[] = [];
  let value = start;
  let date = '2023-12-28';
  for (const s of steps) {
    date = addDays(date, s.gap);
    const flow = withFlows ? s.flowShare * value : 0;
    const bod = s.atOpen ? flow : 0;
    const eod = s.atOpen ? 0 : flow;
    const end = (value + bod) * s.growth + eod;
    rows.push({ date, bod_market_value: value, bod_cashflow: bod, eod_cashflow: eod, eod_market_value: end });
    value = end;
  }
  return rows;
}

const seriesArb = (withFlows: boolean) =>
  fc
    .tuple(fc.double({ min: 1e3, max: 1e7, noNaN: true }), fc.array(stepArb, { minLength: 2, maxLength: 80 }))
    .map(([start, steps]) => ({ rows: seriesOf(start, steps, withFlows), steps }));

const closeRel = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

describe('TWR properties', () => {
  it('linking the two parts of a split series gives the whole-period return, in every timing', () => {
    fc.assert(
      fc.property(seriesArb(true), fc.nat(), fc.constantFrom(...FLOW_TIMINGS), ({ rows }, cut, timing) => {
        const k = 1 + (cut % (rows.length - 1));
        const whole = timeWeightedReturn(rows, conventions(timing)).cumulative.value!;
        const a = timeWeightedReturn(rows.slice(0, k), conventions(timing)).cumulative.value!;
        const b = timeWeightedReturn(rows.slice(k), conventions(timing)).cumulative.value!;
        expect(closeRel(1 + linkPlain([a, b]), 1 + whole, 1e-12)).toBe(true);
      }),
    );
  });

  it('monthly buckets link to the whole-period return', () => {
    fc.assert(
      fc.property(seriesArb(true), ({ rows }) => {
        const twr = timeWeightedReturn(rows, conventions('as_recorded'));
        const buckets = breakdownOf(twr.daily, rows[0]!.date, rows[rows.length - 1]!.date, 'MONTHLY');
        const linked = linkPlain(buckets.map((b) => b.cumulative.value!));
        expect(closeRel(1 + linked, 1 + twr.cumulative.value!, 1e-12)).toBe(true);
      }),
    );
  });

  it('with no flows the TWR is the value ratio − 1, in every timing', () => {
    fc.assert(
      fc.property(seriesArb(false), fc.constantFrom(...FLOW_TIMINGS), ({ rows }, timing) => {
        const ratio = rows[rows.length - 1]!.eod_market_value / rows[0]!.bod_market_value;
        const twr = timeWeightedReturn(rows, conventions(timing)).cumulative.value!;
        expect(closeRel(1 + twr, ratio, 1e-10)).toBe(true);
      }),
    );
  });

  it('flows recorded at BOD or EOD do not move it: the TWR is Π growth − 1', () => {
    fc.assert(
      fc.property(seriesArb(true), ({ rows, steps }) => {
        const growth = steps.reduce((g, s) => g * s.growth, 1);
        const twr = timeWeightedReturn(rows, conventions('as_recorded')).cumulative.value!;
        expect(closeRel(1 + twr, growth, 1e-10)).toBe(true);
      }),
    );
  });
});

const solver: RateSolverOptions = { bracket: DEFAULT_BRACKET, root_selection: 'unique', guess: 0.1 };

/**
 * |XNPV(r)| against the scale of its terms, Σ|CF_i|(1 + r)^(−t_i), less what one rounding of r itself can
 * make: near r = −1 a float64 r holds 1 + r to only ε/(1 + r) relative, which moves each term by t_i times
 * that. The result must be below 1e-9.
 */
function relativeXnpv(rate: number, flows: readonly InvestorCashflow[]): number {
  let pv = 0;
  let scale = 0;
  let tMax = 0;
  for (const { time, amount } of xirrTerms(flows)) {
    const term = amount * (1 + rate) ** -time;
    pv += term;
    scale += Math.abs(term);
    tMax = Math.max(tMax, time);
  }
  const roundingOfRate = (tMax * 4 * Number.EPSILON) / (1 + rate);
  return Math.max(0, Math.abs(pv) / scale - roundingOfRate);
}

/**
 * Checks a rate is the root: XNPV ~ 0 (relativeXnpv). When r is exactly −1 (1 + r below what a float64 r can
 * hold next to −1), checks instead that the root lies below a growth 1 + r of 1e-15: there the present value,
 * Σ CF_i g^(−t_i) scaled by g^(t_max), already has the sign of the earliest flow (what it has above the root).
 */
function expectRoot(rate: number, flows: readonly InvestorCashflow[]): void {
  if (rate !== -1) {
    expect(relativeXnpv(rate, flows)).toBeLessThan(1e-9);
    return;
  }
  const terms = xirrTerms(flows).sort((a, b) => a.time - b.time);
  const tMax = terms[terms.length - 1]!.time;
  const lnG = Math.log(1e-15);
  const scaled = terms.reduce((s, { time, amount }) => s + amount * Math.exp((tMax - time) * lnG), 0);
  expect(Math.sign(scaled)).toBe(Math.sign(terms[0]!.amount));
}

/** Investments (−) on the first dates, then receipts (+): one sign change, so one root. */
const oneSignChangeArb = fc
  .record({
    paidIn: fc.array(fc.double({ min: 100, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 15 }),
    received: fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 1, maxLength: 15 }),
    multiple: fc.double({ min: 1e-3, max: 20, noNaN: true }),
    gaps: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 30, maxLength: 30 }),
  })
  .filter(
    ({ paidIn, received, gaps }) =>
      gaps.slice(0, paidIn.length + received.length - 1).reduce((a, b) => a + b, 0) >= 365,
  )
  .map(({ paidIn, received, multiple, gaps }) => {
    const total = paidIn.reduce((a, b) => a + b, 0) * multiple;
    const weights = received.reduce((a, b) => a + b, 0);
    const amounts = [...paidIn.map((a) => -a), ...received.map((w) => (total * w) / weights)];
    let date = '2000-01-01';
    return amounts.map((amount, i) => {
      if (i > 0) date = addDays(date, gaps[i - 1]!);
      return { date, amount };
    });
  });

describe('XIRR properties', () => {
  it('one sign change always solves, and XNPV at the root is 0 to 1e-9 of its terms', () => {
    fc.assert(
      fc.property(oneSignChangeArb, (flows) => {
        const solution = xirr(flows, solver);
        expect(solution.status).toBe('solved');
        expectRoot(solution.rate.value!, flows);
      }),
    );
  });

  it('deep losses solve: a final value of 0.01 %–20 % of the money paid in, over 1–30 years', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e3, max: 1e7, noNaN: true }),
        fc.double({ min: 1e-4, max: 0.2, noNaN: true }),
        fc.integer({ min: 365, max: 30 * 365 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
        (invested, left, days, topUps) => {
          const end = addDays('2001-01-01', days);
          // Two flows: the closed form (left)^(365/days) − 1.
          const two = [
            { date: '2001-01-01', amount: -invested },
            { date: end, amount: invested * left },
          ];
          const rate = xirr(two, solver).rate.value!;
          expect(closeRel(1 + rate, left ** (365 / days), 1e-9)).toBe(true);
          // With top-ups spread over the span: still one sign change, still solved, XNPV ~ 0.
          const more = [
            two[0]!,
            ...topUps.map((share, i) => ({
              date: addDays('2001-01-01', Math.floor(((i + 1) * days) / (topUps.length + 1))),
              amount: -share * invested,
            })),
            two[1]!,
          ];
          const solution = xirr(more, solver);
          expect(solution.status).toBe('solved');
          expect(solution.rate.value!).toBeLessThan(0);
          expectRoot(solution.rate.value!, more);
        },
      ),
    );
  });
});
