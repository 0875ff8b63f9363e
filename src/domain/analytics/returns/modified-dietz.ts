import type { Figure } from '../figure.ts';
import { daysBetween } from './annualize.ts';
import { type RateSolution, solveRate } from './rate-solver.ts';
import type { DatedFlow, IsoDate } from './types.ts';

/**
 * When a dated flow arrives within the period: at the close of its date (earns nothing that day), at its open
 * (invested during the day) or at noon.
 */
export const DIETZ_TIMINGS = ['end_of_day', 'start_of_day', 'mid_day'] as const;
export type DietzTiming = (typeof DIETZ_TIMINGS)[number];

/** A period from the close of start_date (value begin_value) to the close of end_date (value end_value, after every flow). */
export interface DietzPeriod {
  start_date: IsoDate;
  end_date: IsoDate;
  begin_value: number;
  end_value: number;
  /** Flows dated in (start_date, end_date], + into the portfolio. */
  flows: readonly DatedFlow[];
}

export interface DietzResult {
  modified_dietz: Figure;
  simple_dietz: Figure;
  /** The weight of each flow, in input order. */
  weights: number[];
  /** EMV − BMV − Σ CF. */
  gain: number;
  /** end_date − start_date. */
  calendar_days: number;
}

/** The days after the flow the offset of each timing adds: the flow is invested for (end − d + offset) days. */
const TIMING_OFFSET: Record<DietzTiming, number> = { end_of_day: 0, start_of_day: 1, mid_day: 0.5 };

/**
 * The share of the period a flow dated `date` is invested for: (end_date − date + offset)/CD, with offset
 * 0 at the close (GIPS W = (CD − D_i)/CD), 1 at the open, 1/2 at noon.
 */
export const dietzWeight = (
  period: Pick<DietzPeriod, 'start_date' | 'end_date'>,
  date: IsoDate,
  timing: DietzTiming,
) =>
  (daysBetween(date, period.end_date) + TIMING_OFFSET[timing]) /
  daysBetween(period.start_date, period.end_date);

/**
 * Modified Dietz, R = (EMV − BMV − Σ CF_i) / (BMV + Σ W_i CF_i), and the simple Dietz (every W_i = 1/2).
 * `period` must have start_date < end_date and its flows dated inside it.
 */
export function modifiedDietz(period: DietzPeriod, timing: DietzTiming): DietzResult {
  const weights = period.flows.map((f) => dietzWeight(period, f.date, timing));
  const flowSum = period.flows.reduce((s, f) => s + f.amount, 0);
  const weighted = period.flows.reduce((s, f, i) => s + weights[i]! * f.amount, 0);
  const gain = period.end_value - period.begin_value - flowSum;
  return {
    modified_dietz: dietzRatio(gain, period.begin_value + weighted),
    simple_dietz: dietzRatio(gain, period.begin_value + flowSum / 2),
    weights,
    gain,
    calendar_days: daysBetween(period.start_date, period.end_date),
  };
}

function dietzRatio(gain: number, capital: number): Figure {
  if (capital === 0) return { value: null, reason: 'the average capital invested is 0' };
  if (capital < 0) return { value: null, reason: 'the average capital invested is negative' };
  return { value: gain / capital };
}

/**
 * The money-weighted period return that Modified Dietz approximates: R with
 * BMV(1 + R) + Σ CF_i (1 + R)^(W_i) = EMV, the W_i of `timing`. Where several R solve it, the one
 * nearest the Modified Dietz value.
 */
export function periodIrr(period: DietzPeriod, timing: DietzTiming, guess: number): RateSolution {
  // Σ a (1 + R)^(−t) = 0 with t = −1 for BMV, −W_i for each flow and 0 for −EMV.
  const terms = [
    { time: -1, amount: period.begin_value },
    ...period.flows.map((f) => ({ time: -dietzWeight(period, f.date, timing), amount: f.amount })),
    { time: 0, amount: -period.end_value },
  ];
  return solveRate(terms, { bracket: [-0.9999, 100], root_selection: 'closest_to_guess', guess });
}
