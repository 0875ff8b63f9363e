import { describe, expect, it } from 'vitest';
import { dailyReturn } from './daily-return.ts';
import type { DailyReturnConventions, ValuationDay } from './types.ts';

const day = (fields: Partial<ValuationDay>): ValuationDay => ({
  date: '2024-04-03',
  bod_market_value: 1000,
  bod_cashflow: 0,
  eod_cashflow: 0,
  eod_market_value: 1000,
  ...fields,
});
const gross = (flow_timing: DailyReturnConventions['flow_timing']): DailyReturnConventions => ({
  flow_timing,
  net_or_gross: 'GROSS',
  fee_booking: 'external_flow',
});

describe('dailyReturn', () => {
  // One day: BMV 1000, a 200 contribution, EMV 1260. By hand per methodology §8.1.
  const withFlow = day({ bod_cashflow: 200, eod_market_value: 1260 });

  it('start of day: EMV/(BMV + F) − 1', () => {
    expect(dailyReturn(withFlow, gross('start_of_day')).value).toBeCloseTo(1260 / 1200 - 1, 15);
  });
  it('end of day: (EMV − F)/BMV − 1', () => {
    expect(dailyReturn(withFlow, gross('end_of_day')).value).toBeCloseTo(1060 / 1000 - 1, 15);
  });
  it('mid-day: (EMV − BMV − F)/(BMV + F/2)', () => {
    expect(dailyReturn(withFlow, gross('mid_day')).value).toBeCloseTo(60 / 1100, 15);
  });
  it('as recorded: BOD flows invested all day, EOD flows not at all (the legacy formula)', () => {
    const both = day({ bod_cashflow: 200, eod_cashflow: -100, eod_market_value: 1160 });
    // (1160 − 1000 − 200 + 100)/(1000 + 200) = 60/1200
    expect(dailyReturn(both, gross('as_recorded')).value).toBeCloseTo(0.05, 15);
  });

  it('fees: NET = GROSS − fees/base, whichever way they are booked', () => {
    // Booked as a flow: a 10 fee leaves as eod_cashflow −10; the portfolio earned 30 before it.
    const asFlow = day({ eod_cashflow: -10, eod_market_value: 1020, fees: 10 });
    const net: DailyReturnConventions = {
      flow_timing: 'as_recorded',
      net_or_gross: 'NET',
      fee_booking: 'external_flow',
    };
    expect(dailyReturn(asFlow, { ...net, net_or_gross: 'GROSS' }).value).toBeCloseTo(0.03, 15);
    expect(dailyReturn(asFlow, net).value).toBeCloseTo(0.02, 15);
    // Inside the value: the same day without the flow.
    const inside = day({ eod_market_value: 1020, fees: 10 });
    const mv: DailyReturnConventions = { ...net, fee_booking: 'market_value' };
    expect(dailyReturn(inside, mv).value).toBeCloseTo(0.02, 15);
    expect(dailyReturn(inside, { ...mv, net_or_gross: 'GROSS' }).value).toBeCloseTo(0.03, 15);
  });

  it('a zero base with a gain is undefined; with no gain the day is idle; a negative base is undefined', () => {
    const funding = day({ bod_market_value: 0, eod_cashflow: 100, eod_market_value: 101 });
    expect(dailyReturn(funding, gross('end_of_day'))).toMatchObject({ value: null, idle: false });
    const idle = day({ bod_market_value: 0, eod_market_value: 0 });
    expect(dailyReturn(idle, gross('as_recorded'))).toMatchObject({ value: null, idle: true });
    const negative = day({ bod_market_value: -50, eod_market_value: -40 });
    const r = dailyReturn(negative, gross('as_recorded'));
    expect(r).toMatchObject({ value: null, idle: false });
    expect(r.reason).toMatch(/negative/);
  });
});
