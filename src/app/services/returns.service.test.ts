import { describe, expect, it } from 'vitest';
import { expectMatch, type ReturnsCase, returnsCasesOf, toleranceOf } from '../../../test/support/vectors.ts';
import { AppError } from '../../domain/errors.ts';
import { dietz, irrOf, mwr, twr } from './returns.service.ts';

/**
 * The stateless return services called directly with in-memory requests: no database, no HTTP. Numbers are
 * compared with the shared reference vectors (test/fixtures/vectors/returns.json, each case's own tolerance,
 * methodology §1.1) or with values computed by hand below (tolerance 1e-12). The HTTP side of the same
 * endpoints (schemas, defaults, status codes) is test/analytics/returns-api.test.ts.
 */

type VectorCase = ReturnsCase;
const casesOf = returnsCasesOf;
const near = (c: VectorCase, key: string, actual: unknown) => {
  expectMatch(actual, c.expected[key], toleranceOf(c, key), `${c.name} ${key}`, Number.isInteger);
};
const HAND = 1e-12;
/** A figure of an answer by name (the figures are spread from a record, so their names are not typed). */
const figure = (answer: object, name: string) => (answer as Record<string, unknown>)[name];

/** The 422 a service throws, with the fields it names. */
function refusal(run: () => unknown): { code: string; fields: string[] } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    return { code: e.code, fields: e.errors.map((f) => f.field) };
  }
  throw new Error('expected the service to refuse the request');
}

describe('twr (the service behind POST /analytics/twr)', () => {
  it('links two hand-computed days: +10 % then −10 % is −1 %, not annualized within a year', () => {
    const result = twr({
      rows: [
        {
          date: '2024-01-01',
          bod_market_value: 100,
          bod_cashflow: 0,
          eod_cashflow: 0,
          eod_market_value: 110,
        },
        { date: '2024-01-02', bod_market_value: 110, bod_cashflow: 0, eod_cashflow: 0, eod_market_value: 99 },
      ],
    });
    expect(result.daily_returns.map((d) => d.value)).toEqual([
      expect.closeTo(0.1, 12),
      expect.closeTo(-0.1, 12),
    ]);
    expect(Math.abs((result.cumulative_return as number) - (1.1 * 0.9 - 1))).toBeLessThanOrEqual(HAND);
    expect(result.annualized_return ?? null).toBeNull();
    // Without conventions in the request the service applies the documented defaults.
    expect(result.conventions).toMatchObject({
      flow_timing: 'as_recorded',
      net_or_gross: 'NET',
      fee_booking: 'external_flow',
      annualization_basis: 'act365_25',
      periods_per_year: 252,
    });
  });

  it.each(casesOf('twr_daily'))('%s: start-of-day flows match the vector', (_name, c) => {
    const days = c.inputs.days as { date: string; begin_mv: number; flow: number; end_mv: number }[];
    const result = twr({
      rows: days.map((d) => ({
        date: d.date,
        bod_market_value: d.begin_mv,
        bod_cashflow: d.flow,
        eod_cashflow: 0,
        eod_market_value: d.end_mv,
      })),
      flow_timing: 'start_of_day',
    });
    near(
      c,
      'daily_returns_start_of_day',
      result.daily_returns.map((d) => d.value),
    );
    near(c, 'twr_start_of_day', result.cumulative_return);
  });

  it('refuses rows out of date order, naming the row (422)', () => {
    const row = { bod_market_value: 1, bod_cashflow: 0, eod_cashflow: 0, eod_market_value: 1 };
    const refused = refusal(() =>
      twr({
        rows: [
          { ...row, date: '2024-01-02' },
          { ...row, date: '2024-01-01' },
        ],
      }),
    );
    expect(refused).toEqual({ code: 'VALIDATION_FAILED', fields: ['rows[1].date'] });
  });
});

describe('dietz (the service behind POST /analytics/modified-dietz)', () => {
  it.each(casesOf('modified_dietz'))('%s: end-of-day weights match the vector', (_name, c) => {
    const i = c.inputs as { start_date: string; end_date: string; bmv: number; emv: number };
    const result = dietz({
      start_date: i.start_date,
      end_date: i.end_date,
      begin_market_value: i.bmv,
      end_market_value: i.emv,
      flows: c.inputs.flows as { date: string; amount: number }[],
    });
    near(c, 'modified_dietz_end_of_day', figure(result, 'modified_dietz'));
    near(c, 'simple_dietz', figure(result, 'simple_dietz'));
    near(c, 'weights_end_of_day', result.weights);
    near(c, 'gain', result.gain);
    near(c, 'calendar_days', result.calendar_days);
    near(c, 'irr_period_return', figure(result, 'irr_period_return'));
  });

  it('computes one mid-period flow by hand: (120 − 100 − 10) / (100 + 10 · 15/30)', () => {
    const values = { begin_market_value: 100, end_market_value: 120 };
    const flows = [{ date: '2024-05-15', amount: 10 }];
    const result = dietz({ start_date: '2024-04-30', end_date: '2024-05-30', ...values, flows });
    expect(result.calendar_days).toBe(30);
    expect(Math.abs((figure(result, 'modified_dietz') as number) - 10 / 105)).toBeLessThanOrEqual(HAND);
  });

  it('refuses a flow outside the period and an end before the start at once (422)', () => {
    const refused = refusal(() =>
      dietz({
        start_date: '2024-05-31',
        end_date: '2024-05-01',
        begin_market_value: 1,
        end_market_value: 1,
        flows: [{ date: '2024-06-15', amount: 1 }],
      }),
    );
    expect(refused).toEqual({ code: 'VALIDATION_FAILED', fields: ['end_date', 'flows[0].date'] });
  });
});

describe('mwr and irrOf (the services behind POST /analytics/mwr and /irr)', () => {
  it.each(casesOf('xirr'))('%s: XIRR of the cash flows matches the vector', (_name, c) => {
    const flows = c.inputs.flows as { date: string; amount: number }[];
    const bracket = c.inputs.bracket as [number, number] | undefined;
    const result = mwr({ cashflows: flows, ...(bracket ? { conventions: { bracket } } : {}) });
    near(c, 'xirr', figure(result, 'xirr'));
    near(c, 'years_spanned', result.years_spanned);
  });

  it.each(casesOf('irr_periodic'))('%s: the periodic IRR and NPV at 10 % match the vector', (_name, c) => {
    const result = irrOf({ values: c.inputs.values as number[], npv_rate: 0.1 });
    near(c, 'irr', figure(result, 'irr'));
    near(c, 'npv_at_10pct_numpy_financial', figure(result, 'npv'));
  });

  it('solves a one-period IRR by hand: −100 then 110 is 10 %', () => {
    const result = irrOf({ values: [-100, 110] });
    expect(Math.abs((figure(result, 'irr') as number) - 0.1)).toBeLessThanOrEqual(1e-9);
    expect(result.null_reasons).toEqual({ annual_equivalent: 'periods_per_year not given' });
  });

  it('refuses cash flows and a valued period together, naming each extra field (422)', () => {
    const refused = refusal(() =>
      mwr({ cashflows: [{ date: '2024-01-01', amount: -1 }], start_date: '2024-01-01', flows: [] }),
    );
    expect(refused).toEqual({ code: 'VALIDATION_FAILED', fields: ['start_date', 'flows'] });
  });
});
