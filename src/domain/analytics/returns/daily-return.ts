import type { DailyReturn, DailyReturnConventions, FlowTiming, ValuationDay } from './types.ts';

/** The share of the day each flow is invested for, by timing: [weight of bod_cashflow, weight of eod_cashflow]. */
const FLOW_WEIGHTS: Record<FlowTiming, readonly [number, number]> = {
  as_recorded: [1, 0],
  start_of_day: [1, 1],
  end_of_day: [0, 0],
  mid_day: [0.5, 0.5],
};

/**
 * One day's return, a one-day Modified Dietz:
 *
 *   r = (EMV − BMV − CF_bod − CF_eod ∓ fees) / (BMV + w_bod·CF_bod + w_eod·CF_eod)
 *
 * With one flow F this is EMV/(BMV+F) − 1 at the open, (EMV−F)/BMV − 1 at the close and
 * (EMV − BMV − F)/(BMV + F/2) at noon (methodology §8.1). The fee term makes NET lower than GROSS whatever
 * the booking: see FeeBooking.
 */
export function dailyReturn(day: ValuationDay, conventions: DailyReturnConventions): DailyReturn {
  const { bod_market_value: bmv, bod_cashflow: bod, eod_cashflow: eod, eod_market_value: emv } = day;
  const [wBod, wEod] = FLOW_WEIGHTS[conventions.flow_timing];
  const gain = emv - bmv - bod - eod + feeAdjustment(day.fees ?? 0, conventions);
  const base = bmv + wBod * bod + wEod * eod;
  if (base === 0) {
    return gain === 0
      ? {
          date: day.date,
          value: null,
          reason: 'no capital at work on the day: left out of the linking',
          idle: true,
        }
      : { date: day.date, value: null, reason: 'the capital base of the day is 0', idle: false };
  }
  if (base < 0) {
    // A negative base makes a gain look like a loss: no return is meaningful.
    return { date: day.date, value: null, reason: 'the capital base of the day is negative', idle: false };
  }
  const value = gain / base;
  return Number.isFinite(value)
    ? { date: day.date, value, idle: false }
    : { date: day.date, value: null, reason: 'not a finite number for these inputs', idle: false };
}

/** What the fees add to the day's gain: −fees for a NET return of fees booked as flows, +fees for a GROSS one of fees inside the value. */
function feeAdjustment(fees: number, { net_or_gross, fee_booking }: DailyReturnConventions): number {
  if (net_or_gross === 'NET') return fee_booking === 'external_flow' ? -fees : 0;
  return fee_booking === 'market_value' ? fees : 0;
}
