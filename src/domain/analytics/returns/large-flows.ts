import { addDays } from '../../dates.ts';
import type { Figure } from '../figure.ts';
import { linkPlain } from './linking.ts';
import { type DietzPeriod, modifiedDietz } from './modified-dietz.ts';
import type { DatedFlow, IsoDate } from './types.ts';

/** A flow that may carry the portfolio's value just before it (needed to test and revalue a large flow). */
export interface ValuedFlow extends DatedFlow {
  value_before_flow?: number | undefined;
}

/** Revaluation needs the flow at a day boundary, so mid-day flows cannot split a period. */
export type BoundaryTiming = 'end_of_day' | 'start_of_day';

export interface LargeFlow {
  date: IsoDate;
  amount: number;
  value_before_flow: number;
  /** amount / value_before_flow (null when that value is 0). */
  ratio: number | null;
  /** False for a flow at the very start or end of the period: its Dietz weight (1 or 0) is already exact. */
  revalued: boolean;
}

export interface SubPeriod {
  start_date: IsoDate;
  end_date: IsoDate;
  begin_value: number;
  end_value: number;
  /** The smaller flows inside the sub-period, weighted by Modified Dietz over it. */
  flows_inside: { date: IsoDate; amount: number; weight: number }[];
  return: Figure;
}

export interface LinkedAtLargeFlows {
  twr_linked: Figure;
  subperiods: SubPeriod[];
  large_flows: LargeFlow[];
}

/**
 * GIPS 2020 large external flows: the portfolio is valued just before every flow at or above `threshold` of
 * that value, the period is split there and the sub-period returns are linked geometrically; smaller flows
 * stay inside their sub-period under Modified Dietz.
 *
 * A flow at the close of D (end_of_day) or at the open of D + 1 (start_of_day) is the same instant: the
 * sub-period ends at the close of D at value_before_flow and the next one starts from value_before_flow +
 * amount. Flows of one date are netted first (the first value_before_flow given for the date is used).
 */
export function linkAtLargeFlows(
  period: Omit<DietzPeriod, 'flows'> & { flows: readonly ValuedFlow[] },
  timing: BoundaryTiming,
  threshold: number,
): LinkedAtLargeFlows {
  const large_flows: LargeFlow[] = [];
  const small: DatedFlow[] = [];
  const cuts: { boundary: IsoDate; amount: number; value_before_flow: number }[] = [];
  for (const flow of netByDate(period.flows)) {
    const vbf = flow.value_before_flow;
    const ratio = vbf === undefined || vbf === 0 ? null : flow.amount / vbf;
    const isLarge =
      vbf !== undefined && flow.amount !== 0 && (ratio === null || Math.abs(ratio) >= threshold);
    if (!isLarge) {
      small.push(flow);
      continue;
    }
    const boundary = timing === 'end_of_day' ? flow.date : addDays(flow.date, -1);
    const revalued = boundary > period.start_date && boundary < period.end_date;
    large_flows.push({ date: flow.date, amount: flow.amount, value_before_flow: vbf, ratio, revalued });
    if (revalued) cuts.push({ boundary, amount: flow.amount, value_before_flow: vbf });
    else small.push(flow);
  }
  cuts.sort((a, b) => (a.boundary < b.boundary ? -1 : 1));

  const subperiods: SubPeriod[] = [];
  let start = period.start_date;
  let begin = period.begin_value;
  for (let k = 0; k <= cuts.length; k++) {
    const cut = cuts[k];
    const end = cut?.boundary ?? period.end_date;
    const endValue = cut?.value_before_flow ?? period.end_value;
    subperiods.push(
      subPeriod({ start_date: start, end_date: end, begin_value: begin, end_value: endValue }, small, timing),
    );
    if (cut) {
      start = cut.boundary;
      begin = cut.value_before_flow + cut.amount;
    }
  }
  return { twr_linked: linkSubPeriods(subperiods), subperiods, large_flows };
}

function subPeriod(
  bounds: Omit<DietzPeriod, 'flows'>,
  flows: readonly DatedFlow[],
  timing: BoundaryTiming,
): SubPeriod {
  // A flow dated d is at the close of d or the open of d, both after the close of start_date and no later than the close of end_date.
  const inside = flows.filter((f) => f.date > bounds.start_date && f.date <= bounds.end_date);
  const dietz = modifiedDietz({ ...bounds, flows: inside }, timing);
  return {
    ...bounds,
    flows_inside: inside.map((f, i) => ({ date: f.date, amount: f.amount, weight: dietz.weights[i]! })),
    return: dietz.modified_dietz,
  };
}

function linkSubPeriods(subperiods: readonly SubPeriod[]): Figure {
  const undefinedOne = subperiods.find((s) => s.return.value === null);
  if (undefinedOne) {
    return {
      value: null,
      reason: `the sub-period ${undefinedOne.start_date}..${undefinedOne.end_date} has no return: ${undefinedOne.return.reason}`,
    };
  }
  return { value: linkPlain(subperiods.map((s) => s.return.value as number)) };
}

/** One flow per date, amounts added, in date order; the first value_before_flow given for the date is kept. */
function netByDate(flows: readonly ValuedFlow[]): ValuedFlow[] {
  const byDate = new Map<IsoDate, ValuedFlow>();
  for (const f of flows) {
    const seen = byDate.get(f.date);
    if (!seen) byDate.set(f.date, { ...f });
    else {
      seen.amount += f.amount;
      seen.value_before_flow ??= f.value_before_flow;
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
