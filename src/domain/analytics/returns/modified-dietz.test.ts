import { describe, expect, it } from 'vitest';
import { linkAtLargeFlows } from './large-flows.ts';
import { modifiedDietz, periodIrr } from './modified-dietz.ts';

// MD1 of the methodology (§8.2), checked there by hand.
const MD1 = {
  start_date: '2023-12-31',
  end_date: '2024-01-31',
  begin_value: 1_000_000,
  end_value: 1_062_500,
  flows: [
    { date: '2024-01-10', amount: 50_000 },
    { date: '2024-01-18', amount: -20_000 },
    { date: '2024-01-25', amount: 15_000 },
  ],
};

describe('modifiedDietz', () => {
  it('end of day: weights 21/31, 13/31, 6/31 and R = 17,500 / 1,028,387.10', () => {
    const md = modifiedDietz(MD1, 'end_of_day');
    expect(md.weights).toEqual([21 / 31, 13 / 31, 6 / 31]);
    expect(md.gain).toBe(17_500);
    expect(md.calendar_days).toBe(31);
    const denominator = 1_000_000 + (50_000 * 21) / 31 - (20_000 * 13) / 31 + (15_000 * 6) / 31;
    expect(md.modified_dietz.value).toBeCloseTo(17_500 / denominator, 15);
    expect(md.simple_dietz.value).toBeCloseTo(17_500 / (1_000_000 + 45_000 / 2), 15);
  });

  it('start of day adds a day to each weight; mid-day half a day', () => {
    expect(modifiedDietz(MD1, 'start_of_day').weights).toEqual([22 / 31, 14 / 31, 7 / 31]);
    expect(modifiedDietz(MD1, 'mid_day').weights).toEqual([21.5 / 31, 13.5 / 31, 6.5 / 31]);
  });

  it('with no flows it is the value ratio; a zero capital base is undefined', () => {
    const plain = { ...MD1, flows: [] };
    expect(modifiedDietz(plain, 'end_of_day').modified_dietz.value).toBeCloseTo(0.0625, 15);
    expect(modifiedDietz({ ...plain, begin_value: 0 }, 'end_of_day').modified_dietz.value).toBeNull();
  });

  it('periodIrr solves BMV(1 + R) + Σ CF (1 + R)^W = EMV', () => {
    const R = periodIrr(MD1, 'end_of_day', 0.017).rate.value!;
    const w = [21 / 31, 13 / 31, 6 / 31];
    const lhs = 1_000_000 * (1 + R) + MD1.flows.reduce((s, f, i) => s + f.amount * (1 + R) ** w[i]!, 0);
    expect(Math.abs(lhs - 1_062_500)).toBeLessThan(1e-6);
  });
});

describe('linkAtLargeFlows', () => {
  // GIPS1 of the methodology (§8.3): +3 %, then 14.85/15.30 − 1.
  const GIPS1 = {
    start_date: '2024-02-29',
    end_date: '2024-03-31',
    begin_value: 10_000_000,
    end_value: 14_850_000,
    flows: [{ date: '2024-03-14', amount: 5_000_000, value_before_flow: 10_300_000 }],
  };

  it('splits at a large flow and links the sub-periods', () => {
    const linked = linkAtLargeFlows(GIPS1, 'end_of_day', 0.1);
    const [first, second] = linked.subperiods.map((s) => s.return.value!);
    expect(first).toBeCloseTo(10.3 / 10 - 1, 15);
    expect(second).toBeCloseTo(14.85 / 15.3 - 1, 15);
    expect(linked.twr_linked.value).toBeCloseTo(1.03 * (14.85 / 15.3) - 1, 15);
    expect(linked.large_flows).toEqual([
      {
        date: '2024-03-14',
        amount: 5_000_000,
        value_before_flow: 10_300_000,
        ratio: expect.closeTo(5 / 10.3, 15),
        revalued: true,
      },
    ]);
  });

  it('the open of D + 1 is the close of D: start_of_day with the next date gives the same split', () => {
    const sod = { ...GIPS1, flows: [{ ...GIPS1.flows[0]!, date: '2024-03-15' }] };
    const linked = linkAtLargeFlows(sod, 'start_of_day', 0.1);
    expect(linked.subperiods.map((s) => s.end_date)).toEqual(['2024-03-14', '2024-03-31']);
    expect(linked.twr_linked.value).toBeCloseTo(1.03 * (14.85 / 15.3) - 1, 15);
  });

  it('below the threshold no split; a small flow inside a sub-period is weighted over it', () => {
    expect(linkAtLargeFlows(GIPS1, 'end_of_day', 0.5).subperiods).toHaveLength(1);
    const withSmall = { ...GIPS1, flows: [...GIPS1.flows, { date: '2024-03-25', amount: 100_000 }] };
    const second = linkAtLargeFlows({ ...withSmall, end_value: 14_950_000 }, 'end_of_day', 0.1)
      .subperiods[1]!;
    // CD = 17 (03-14 → 03-31), W = 6/17: (14.95 − 15.3 − 0.1)/(15.3 + 0.1·6/17) in millions.
    expect(second.flows_inside).toEqual([{ date: '2024-03-25', amount: 100_000, weight: 6 / 17 }]);
    expect(second.return.value).toBeCloseTo((14.95 - 15.3 - 0.1) / (15.3 + (0.1 * 6) / 17), 14);
  });

  it('a large flow on the last day needs no revaluation (weight 0 is exact)', () => {
    const last = {
      ...GIPS1,
      flows: [{ date: '2024-03-31', amount: 5_000_000, value_before_flow: 10_300_000 }],
      end_value: 15_300_000,
    };
    const linked = linkAtLargeFlows(last, 'end_of_day', 0.1);
    expect(linked.large_flows[0]!.revalued).toBe(false);
    expect(linked.subperiods).toHaveLength(1);
    expect(linked.twr_linked.value).toBeCloseTo(0.03, 15);
  });
});
