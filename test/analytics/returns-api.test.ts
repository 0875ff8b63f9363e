import { describe, expect, it } from 'vitest';
import { openApi } from '../api/api-harness.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { type ReturnsCase, returnsCasesOf, type Tolerance, toleranceOf } from '../support/vectors.ts';

/**
 * The stateless return endpoints against the shared reference vectors (copied verbatim into
 * test/fixtures/vectors/returns.json), through HTTP, within each case's stated tolerance (methodology §1.1).
 * Every expected key of every case is mapped to a response field or to an independent recomputation here; a
 * key this file does not know fails the test, so a new case cannot pass by being ignored.
 */

type VectorCase = ReturnsCase;
const casesOf = returnsCasesOf;

/**
 * Leaf-by-leaf: numbers within max(abs, rel·|expected|), strings and integers exactly, null = must be null,
 * arrays element by element (same length), objects on the expected keys.
 */
function expectMatch(actual: unknown, expected: unknown, tol: Tolerance, where: string): void {
  if (expected === null) {
    expect(actual, `${where}: expected null (undefined)`).toBeNull();
  } else if (typeof expected === 'number') {
    expect(typeof actual, `${where}: expected a number, got ${JSON.stringify(actual)}`).toBe('number');
    const bound = Math.max(tol.abs, tol.rel * Math.abs(expected));
    const error = Math.abs((actual as number) - expected);
    expect(error <= bound, `${where}: ${actual} vs ${expected} (|error| ${error} > ${bound})`).toBe(true);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${where}: expected an array`).toBe(true);
    expect((actual as unknown[]).length, `${where}: length`).toBe(expected.length);
    expected.forEach((e, i) => {
      expectMatch((actual as unknown[])[i], e, tol, `${where}[${i}]`);
    });
  } else if (typeof expected === 'object') {
    for (const [k, e] of Object.entries(expected)) {
      expectMatch((actual as Record<string, unknown>)[k], e, tol, `${where}.${k}`);
    }
  } else {
    expect(actual, where).toBe(expected);
  }
}

/** XNPV written out independently of the engine: Σ CF_i / (1 + r)^((d_i − d_0)/365). */
function independentXnpv(rate: number, flows: readonly { date: string; amount: number }[]): number {
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const d0 = Math.min(...flows.map((f) => day(f.date)));
  return flows.reduce((s, f) => s + f.amount / (1 + rate) ** ((day(f.date) - d0) / 365), 0);
}

/** NPV as numpy-financial: Σ v_t / (1 + r)^t, v_0 at t = 0. */
const independentNpv = (rate: number, values: readonly number[]) =>
  values.reduce((s, v, t) => s + v / (1 + rate) ** t, 0);

const api = forSuite(() => openApi(stores()[0]!, 'query'));

async function post(url: string, payload: unknown) {
  const response = await api.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
}

async function ok(url: string, payload: unknown): Promise<Record<string, unknown>> {
  const { status, body } = await post(url, payload);
  expect(status, JSON.stringify(body)).toBe(200);
  expect(body.conventions, 'every analytics response names its conventions').toBeTypeOf('object');
  return body;
}

/** Each expected key is checked by exactly one of these; an unknown key fails. */
function checkAll(c: VectorCase, checks: Record<string, (expected: unknown, tol: Tolerance) => void>) {
  for (const [key, expected] of Object.entries(c.expected)) {
    const check = checks[key];
    expect(check, `${c.name}: no check for expected key ${key}`).toBeDefined();
    check!(expected, toleranceOf(c, key));
  }
}

// ─── twr_daily ──────────────────────────────────────────────────────────────────────────────────────────

describe('POST /analytics/twr — twr_daily vectors', () => {
  interface Day {
    date: string;
    begin_mv: number;
    flow: number;
    end_mv: number;
  }
  const TIMINGS = ['start_of_day', 'end_of_day', 'mid_day'] as const;

  it.each(casesOf('twr_daily'))('%s, in every flow timing', async (_name, c) => {
    const days = c.inputs.days as Day[];
    const rowsWith = (column: 'bod_cashflow' | 'eod_cashflow') =>
      days.map((d) => ({
        date: d.date,
        bod_market_value: d.begin_mv,
        bod_cashflow: column === 'bod_cashflow' ? d.flow : 0,
        eod_cashflow: column === 'eod_cashflow' ? d.flow : 0,
        eod_market_value: d.end_mv,
      }));
    const byTiming: Record<string, Record<string, unknown>> = {};
    for (const timing of TIMINGS) {
      byTiming[timing] = await ok('/analytics/twr', { rows: rowsWith('bod_cashflow'), flow_timing: timing });
    }
    const dailyValues = (timing: string) =>
      (byTiming[timing]!.daily_returns as { value: number | null }[]).map((d) => d.value);
    const checks: Record<string, (e: unknown, tol: Tolerance) => void> = {};
    for (const timing of TIMINGS) {
      checks[`daily_returns_${timing}`] = (e, tol) => {
        expectMatch(dailyValues(timing), e, tol, `${c.name} daily ${timing}`);
      };
      checks[`twr_${timing}`] = (e, tol) => {
        expectMatch(byTiming[timing]!.cumulative_return, e, tol, `${c.name} twr ${timing}`);
      };
    }
    checkAll(c, checks);

    // The same flows in the column their timing means, read as recorded, give the same returns.
    for (const [timing, column] of [
      ['start_of_day', 'bod_cashflow'],
      ['end_of_day', 'eod_cashflow'],
    ] as const) {
      const recorded = await ok('/analytics/twr', { rows: rowsWith(column) });
      expectMatch(
        recorded.cumulative_return,
        c.expected[`twr_${timing}`],
        toleranceOf(c, `twr_${timing}`),
        `${c.name} as_recorded ${column}`,
      );
    }
  });
});

// ─── modified_dietz ─────────────────────────────────────────────────────────────────────────────────────

describe('POST /analytics/modified-dietz — modified_dietz vectors', () => {
  it.each(casesOf('modified_dietz'))('%s', async (_name, c) => {
    const i = c.inputs as {
      start_date: string;
      end_date: string;
      bmv: number;
      emv: number;
      flows: unknown[];
    };
    const request = (flow_timing: string) => ({
      start_date: i.start_date,
      end_date: i.end_date,
      begin_market_value: i.bmv,
      end_market_value: i.emv,
      flows: i.flows,
      flow_timing,
    });
    const eod = await ok('/analytics/modified-dietz', request('end_of_day'));
    const sod = await ok('/analytics/modified-dietz', request('start_of_day'));
    const field = (body: Record<string, unknown>, name: string) => (e: unknown, tol: Tolerance) => {
      expectMatch(body[name], e, tol, `${c.name} ${name}`);
    };
    checkAll(c, {
      modified_dietz_end_of_day: field(eod, 'modified_dietz'),
      modified_dietz_start_of_day: field(sod, 'modified_dietz'),
      weights_end_of_day: field(eod, 'weights'),
      calendar_days: field(eod, 'calendar_days'),
      simple_dietz: field(eod, 'simple_dietz'),
      gain: field(eod, 'gain'),
      irr_period_return: field(eod, 'irr_period_return'),
    });
    // Simple Dietz does not depend on the timing.
    expect(sod.simple_dietz).toBe(eod.simple_dietz);
  });
});

// ─── twr_large_flow ─────────────────────────────────────────────────────────────────────────────────────

describe('POST /analytics/modified-dietz with large_flow_threshold — twr_large_flow vectors', () => {
  it.each(casesOf('twr_large_flow'))('%s', async (_name, c) => {
    const i = c.inputs as {
      start_date: string;
      end_date: string;
      bmv: number;
      emv: number;
      threshold: number;
      large_flows: { date: string; value_before_flow: number; flow: number }[];
      small_flows: { date: string; amount?: number; flow?: number }[];
    };
    const body = await ok('/analytics/modified-dietz', {
      start_date: i.start_date,
      end_date: i.end_date,
      begin_market_value: i.bmv,
      end_market_value: i.emv,
      flow_timing: 'end_of_day',
      large_flow_threshold: i.threshold,
      flows: [
        ...i.large_flows.map((f) => ({
          date: f.date,
          amount: f.flow,
          value_before_flow: f.value_before_flow,
        })),
        ...i.small_flows.map((f) => ({ date: f.date, amount: f.amount ?? f.flow })),
      ],
    });
    const subperiods = body.subperiods as Record<string, unknown>[];
    const largeFlows = body.large_flows as { ratio: number; revalued: boolean }[];
    expect(largeFlows.every((f) => f.revalued)).toBe(true);
    checkAll(c, {
      subperiod_returns: (e, tol) => {
        expectMatch(
          subperiods.map((s) => s.return),
          e,
          tol,
          `${c.name} subperiod_returns`,
        );
      },
      twr_linked: (e, tol) => {
        expectMatch(body.twr_linked, e, tol, `${c.name} twr_linked`);
      },
      modified_dietz_whole_period_no_revaluation: (e, tol) => {
        expectMatch(body.modified_dietz, e, tol, `${c.name} whole-period MD`);
      },
      difference_md_minus_twr: (e, tol) => {
        expectMatch(
          (body.modified_dietz as number) - (body.twr_linked as number),
          e,
          tol,
          `${c.name} MD − TWR`,
        );
      },
      large_flow_ratio: (e, tol) => {
        expectMatch(
          largeFlows.map((f) => f.ratio),
          e,
          tol,
          `${c.name} large_flow_ratio`,
        );
      },
      subperiods: (e, tol) => {
        expectMatch(subperiods, e, tol, `${c.name} subperiods`);
      },
    });
  });
});

// ─── xirr ───────────────────────────────────────────────────────────────────────────────────────────────

describe('POST /analytics/mwr — xirr vectors', () => {
  it.each(casesOf('xirr'))('%s', async (_name, c) => {
    const i = c.inputs as { flows: { date: string; amount: number }[]; bracket: [number, number] };
    const body = await ok('/analytics/mwr', { cashflows: i.flows, conventions: { bracket: i.bracket } });
    expect(body.method).toBe('xirr');
    const rate = body.xirr as number;
    checkAll(c, {
      xirr: (e, tol) => {
        expectMatch(rate, e, tol, `${c.name} xirr`);
      },
      years_spanned: (e, tol) => {
        expectMatch(body.years_spanned, e, tol, `${c.name} years_spanned`);
      },
      xnpv_at_xirr: (e, tol) => {
        expectMatch(independentXnpv(rate, i.flows), e, tol, `${c.name} XNPV at the engine's XIRR`);
      },
      closed_form: (e) => {
        expectMatch(rate, e, toleranceOf(c, 'xirr'), `${c.name} xirr vs closed form`);
      },
      numpy_financial_irr_same_values: () => {}, // needs a second request: checked below
    });
    if ('numpy_financial_irr_same_values' in c.expected) {
      const periodic = await ok('/analytics/irr', { values: i.flows.map((f) => f.amount) });
      expectMatch(
        periodic.irr,
        c.expected.numpy_financial_irr_same_values,
        toleranceOf(c, 'numpy_financial_irr_same_values'),
        `${c.name} periodic IRR of the same values`,
      );
    }
    // The answer is an annual rate: over the span it compounds to period_return.
    expect(body.annual_equivalent).toBe(rate);
  });
});

// ─── irr_periodic ───────────────────────────────────────────────────────────────────────────────────────

describe('POST /analytics/irr — irr_periodic vectors', () => {
  it.each(casesOf('irr_periodic'))('%s', async (_name, c) => {
    const i = c.inputs as { values: number[]; periods_per_year: number | null };
    const body = await ok('/analytics/irr', {
      values: i.values,
      periods_per_year: i.periods_per_year,
      npv_rate: 0.1,
    });
    const rate = body.irr as number;
    checkAll(c, {
      irr: (e, tol) => {
        expectMatch(rate, e, tol, `${c.name} irr`);
      },
      npv_at_irr: (e, tol) => {
        expectMatch(independentNpv(rate, i.values), e, tol, `${c.name} NPV at the engine's IRR`);
      },
      annual_equivalent: (e, tol) => {
        expectMatch(body.annual_equivalent, e, tol, `${c.name} annual_equivalent`);
      },
      npv_at_10pct_numpy_financial: (e, tol) => {
        expectMatch(body.npv, e, tol, `${c.name} npv at 10 %`);
      },
    });
    if (i.periods_per_year === null) {
      expect(body.annual_equivalent).toBeNull();
      expect((body.null_reasons as Record<string, string>).annual_equivalent).toMatch(/periods_per_year/);
    }
  });
});

// ─── The original's bugs (seed-system §12.2–12.3, §14) ──────────────────────────────────────────────────

describe("the original's TWR and MWR bugs, fixed", () => {
  const day = (date: string, bmv: number, emv: number, extra: Record<string, number> = {}) => ({
    date,
    bod_market_value: bmv,
    bod_cashflow: 0,
    eod_cashflow: 0,
    eod_market_value: emv,
    ...extra,
  });

  it('a one-day period reports R, not (1 + R)² − 1', async () => {
    const body = await ok('/analytics/twr', { rows: [day('2024-03-01', 1000, 1010)] });
    // By hand: 1010/1000 − 1 = 1 %; the legacy double-compounding would say 2.01 %.
    expect(body.cumulative_return).toBeCloseTo(0.01, 14);
  });

  it('fees (≥ 0) lower the NET return below GROSS, by fees/base on the day', async () => {
    // A 5 fee paid from cash and booked as an external flow: the value falls 1000 → 1005 after a +10 gain.
    const rows = [day('2024-03-01', 1000, 1005, { eod_cashflow: -5, fees: 5 })];
    const net = await ok('/analytics/twr', { rows, net_or_gross: 'NET' });
    const gross = await ok('/analytics/twr', { rows, net_or_gross: 'GROSS' });
    // By hand: GROSS = (1005 − 1000 + 5)/1000 = 1 %; NET = (10 − 5)/1000 = 0.5 %.
    expect(gross.cumulative_return).toBeCloseTo(0.01, 14);
    expect(net.cumulative_return).toBeCloseTo(0.005, 14);
    // Fees paid inside the portfolio (not a flow): the value change is already net.
    const inside = [day('2024-03-01', 1000, 1005, { fees: 5 })];
    const conventions = { fee_booking: 'market_value' };
    const net2 = await ok('/analytics/twr', { rows: inside, net_or_gross: 'NET', conventions });
    const gross2 = await ok('/analytics/twr', { rows: inside, net_or_gross: 'GROSS', conventions });
    expect(net2.cumulative_return).toBeCloseTo(0.005, 14);
    expect(gross2.cumulative_return).toBeCloseTo(0.01, 14);
  });

  it('a period of a year or less is not annualized; a longer one is, on the stated basis', async () => {
    const short = await ok('/analytics/twr', { rows: [day('2024-01-02', 100, 110)] });
    expect(short.annualized_return).toBeNull();
    expect((short.null_reasons as Record<string, string>).annualized_return).toMatch(/one year or shorter/);
    // 2023-12-31 → 2025-12-31 is 731 days; +21 % over it: 1.21^(365.25/731) − 1 ≈ 10 %.
    const long = await ok('/analytics/twr', {
      rows: [day('2024-01-01', 100, 100), day('2025-12-31', 100, 121)],
    });
    expect(long.annualized_return).toBeCloseTo(1.21 ** (365.25 / 731) - 1, 14);
  });

  it('the MWR is an annual rate and says so; period_return is the return over the span', async () => {
    // 10 days, +1.25 %: XIRR = 1.0125^(365/10) − 1 (closed form), period_return = 1.25 %.
    const body = await ok('/analytics/mwr', {
      start_date: '2024-03-01',
      end_date: '2024-03-11',
      begin_market_value: 100_000,
      end_market_value: 101_250,
      flows: [],
    });
    expect(body.xirr as number).toBeCloseTo(1.0125 ** 36.5 - 1, 10);
    expect(body.period_return as number).toBeCloseTo(0.0125, 12);
    expect(body.cashflows).toEqual([
      { date: '2024-03-01', amount: -100_000 },
      { date: '2024-03-11', amount: 101_250 },
    ]);
  });

  it('a deep loss solves (Newton from 0.1 diverges on it): closed form (B/A)^(365/days) − 1', async () => {
    const body = await ok('/analytics/mwr', {
      cashflows: [
        { date: '2020-01-01', amount: -100_000 },
        { date: '2020-07-01', amount: 2_000 },
      ],
    });
    expect(body.xirr as number).toBeCloseTo(0.02 ** (365 / 182) - 1, 12);
  });

  it('no sign change: XIRR null with the reason, and no fallback below −100 % ("no closing value")', async () => {
    // 1000 invested, 500 added on 1 July, worth 0 at the end: the investor only ever pays in.
    const period = {
      start_date: '2023-12-31',
      end_date: '2024-12-31',
      begin_market_value: 1000,
      end_market_value: 0,
      flows: [{ date: '2024-07-01', amount: 500 }],
    };
    const body = await ok('/analytics/mwr', period);
    expect(body.xirr).toBeNull();
    expect((body.null_reasons as Record<string, string>).xirr).toMatch(/do not change sign/);
    // Issue 10: the Modified Dietz fallback said (0 − 1000 − 500)/(1000 + 500·183/366) = −120 %.
    expect(body.method).toBe('xirr');
    expect(body.period_return).toBeNull();
    expect((body.null_reasons as Record<string, string>).period_return).toMatch(/^no closing value/);
    const dietz = await ok('/analytics/mwr', { ...period, method: 'modified_dietz' });
    expect(dietz.modified_dietz).toBeNull();
    expect((dietz.null_reasons as Record<string, string>).modified_dietz).toMatch(/beyond −100 %/);
    const none = await ok('/analytics/mwr', { ...period, fallback: 'none' });
    expect(none.method).toBe('xirr');
    expect(none.period_return).toBeNull();
  });

  it('two roots: null and both named under `unique` (XIRR default); the one nearest 0.1 for IRR', async () => {
    // −100 + 230/(1+r) − 132/(1+r)² = 0 has roots 10 % and 20 %.
    const values = [-100, 230, -132];
    const periodic = await ok('/analytics/irr', { values });
    expect(periodic.irr as number).toBeCloseTo(0.1, 12);
    expect((periodic.roots as number[]).map((r) => Number(r.toFixed(12)))).toEqual([0.1, 0.2]);
    const unique = await ok('/analytics/irr', { values, conventions: { root_selection: 'unique' } });
    expect(unique.irr).toBeNull();
    expect((unique.null_reasons as Record<string, string>).irr).toMatch(/not unique/);
  });
});

// ─── Breakdowns and periods ─────────────────────────────────────────────────────────────────────────────

describe('POST /analytics/twr breakdown and periods', () => {
  const rows = [
    ['2024-01-30', 100, 101],
    ['2024-01-31', 101, 102],
    ['2024-02-01', 102, 99],
    ['2024-02-02', 99, 103],
  ].map(([date, bmv, emv]) => ({
    date,
    bod_market_value: bmv,
    bod_cashflow: 0,
    eod_cashflow: 0,
    eod_market_value: emv,
  }));

  it('monthly buckets link their own days; a YEAR period covers the rows inside it', async () => {
    const body = await ok('/analytics/twr', {
      rows,
      breakdown: 'MONTHLY',
      periods: [{ type: 'EXPLICIT', name: 'feb', from: '2024-02-01', to: '2024-02-29' }],
    });
    const results = (body.breakdown as { results: { start_date: string; cumulative_return: number }[] })
      .results;
    // By hand (no flows): January 102/100 − 1, February 103/102 − 1.
    expect(results.map((r) => r.start_date)).toEqual(['2024-01-30', '2024-02-01']);
    expect(results[0]!.cumulative_return).toBeCloseTo(0.02, 14);
    expect(results[1]!.cumulative_return).toBeCloseTo(103 / 102 - 1, 14);
    const [feb] = body.periods as Record<string, unknown>[];
    expect(feb).toMatchObject({ name: 'feb', first_date: '2024-02-01', last_date: '2024-02-02' });
    expect(feb!.cumulative_return as number).toBeCloseTo(103 / 102 - 1, 14);
  });

  it('an undefined day makes the linked return null with the day named; idle days are left out', async () => {
    const body = await ok('/analytics/twr', {
      rows: [
        { date: '2024-01-01', bod_market_value: 0, bod_cashflow: 0, eod_cashflow: 0, eod_market_value: 0 },
        {
          date: '2024-01-02',
          bod_market_value: 0,
          bod_cashflow: 0,
          eod_cashflow: 100,
          eod_market_value: 101,
        },
        {
          date: '2024-01-03',
          bod_market_value: 101,
          bod_cashflow: 0,
          eod_cashflow: 0,
          eod_market_value: 102,
        },
      ],
    });
    const daily = body.daily_returns as { value: number | null; null_reasons?: { value: string } }[];
    expect(daily[0]!.value).toBeNull();
    expect(daily[0]!.null_reasons!.value).toMatch(/no capital at work/);
    expect(daily[1]!.value).toBeNull();
    expect(body.cumulative_return).toBeNull();
    expect((body.null_reasons as Record<string, string>).cumulative_return).toMatch(/2024-01-02/);
    // Start of day: the funding day is 101/100 − 1, then 102/101 − 1: 2 % overall; the idle day is skipped.
    const sod = await ok('/analytics/twr', {
      rows: [
        { date: '2024-01-01', bod_market_value: 0, bod_cashflow: 0, eod_cashflow: 0, eod_market_value: 0 },
        {
          date: '2024-01-02',
          bod_market_value: 0,
          bod_cashflow: 100,
          eod_cashflow: 0,
          eod_market_value: 101,
        },
        {
          date: '2024-01-03',
          bod_market_value: 101,
          bod_cashflow: 0,
          eod_cashflow: 0,
          eod_market_value: 102,
        },
      ],
    });
    expect(sod.cumulative_return as number).toBeCloseTo(0.02, 14);
  });
});

// ─── Validation ─────────────────────────────────────────────────────────────────────────────────────────

describe('422s name the field', () => {
  const row = {
    date: '2024-01-02',
    bod_market_value: 1,
    bod_cashflow: 0,
    eod_cashflow: 0,
    eod_market_value: 1,
  };
  const md = {
    start_date: '2024-01-31',
    end_date: '2024-02-29',
    begin_market_value: 100,
    end_market_value: 101,
  };

  it.each([
    ['/analytics/twr', {}, 'rows'],
    ['/analytics/twr', { rows: [] }, 'rows'],
    ['/analytics/twr', { rows: [{ ...row, fees: -1 }] }, 'rows[0].fees'],
    // A JSON body is not type-coerced: null was once read as 0 (a −100 % day), a numeric string as a number.
    ['/analytics/twr', { rows: [{ ...row, eod_market_value: null }] }, 'rows[0].eod_market_value'],
    ['/analytics/twr', { rows: [{ ...row, eod_market_value: '101' }] }, 'rows[0].eod_market_value'],
    ['/analytics/irr', { values: [-100, null, 120] }, 'values[1]'],
    ['/analytics/twr', { rows: [row], flow_timing: 'noon' }, 'flow_timing'],
    ['/analytics/twr', { rows: [row, { ...row, date: '2024-01-01' }] }, 'rows[1].date'],
    ['/analytics/twr', { rows: [row], periods: [{ type: 'ONE_DAY' }] }, 'periods[0].type'],
    [
      '/analytics/twr',
      { rows: [row], conventions: { annualization_basis: 'act360' } },
      'conventions.annualization_basis',
    ],
    ['/analytics/modified-dietz', { ...md, flows: [{ date: '2024-01-31', amount: 5 }] }, 'flows[0].date'],
    ['/analytics/modified-dietz', { ...md, end_date: '2024-01-31', flows: [] }, 'end_date'],
    [
      '/analytics/modified-dietz',
      { ...md, flows: [], flow_timing: 'mid_day', large_flow_threshold: 0.1 },
      'flow_timing',
    ],
    ['/analytics/modified-dietz', { ...md, flows: [], large_flow_threshold: 0 }, 'large_flow_threshold'],
    [
      '/analytics/modified-dietz',
      {
        ...md,
        large_flow_threshold: 0.1,
        flows: [
          { date: '2024-02-10', amount: 50, value_before_flow: 100 },
          { date: '2024-02-10', amount: 5, value_before_flow: 99 },
        ],
      },
      'flows[1].value_before_flow',
    ],
    [
      '/analytics/mwr',
      { cashflows: [{ date: '2024-01-01', amount: -1 }], start_date: '2024-01-01' },
      'start_date',
    ],
    [
      '/analytics/mwr',
      { start_date: '2024-01-01', end_date: '2024-02-01', begin_market_value: 1 },
      'end_market_value',
    ],
    ['/analytics/mwr', { cashflows: [{ date: '2024-13-01', amount: -1 }] }, 'cashflows[0].date'],
    [
      '/analytics/mwr',
      { cashflows: [{ date: '2024-01-01', amount: -1 }], conventions: { bracket: [1, 0] } },
      'conventions.bracket',
    ],
    ['/analytics/irr', { values: [1] }, 'values'],
    ['/analytics/irr', { values: [-1, 2], periods_per_year: 0 }, 'periods_per_year'],
    [
      '/analytics/irr',
      { values: [-1, 2], conventions: { root_selection: 'smallest' } },
      'conventions.root_selection',
    ],
  ])('%s %j → 422 naming %s', async (url, payload, fieldName) => {
    const { status, body } = await post(url, payload);
    expect(status, JSON.stringify(body)).toBe(422);
    expect(body.code).toBe('VALIDATION_FAILED');
    const fields = (body.errors as { field: string }[]).map((e) => e.field);
    expect(fields, JSON.stringify(body.errors)).toContain(fieldName);
  });
});
