import { describe, expect, it } from 'vitest';
import { openApi } from '../api/api-harness.ts';
import { poster } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { expectMatch, readVectors, type Tolerance, toleranceOf } from '../support/vectors.ts';

/** The shared reference cases of kind bond, copied verbatim from ../shared/vectors/ (methodology §11). */
interface BondCase {
  name: string;
  kind: string;
  inputs: Record<string, unknown> & { day_count: string };
  expected: Record<string, unknown>;
  tolerance: Tolerance & Record<string, unknown>;
}
const CASES = readVectors<BondCase>('bonds.json');

/** The vectors describe the day count in words ("30/360 US (Excel basis 0)"); the API takes its name. */
function dayCountOf(text: string): string {
  const t = text.toLowerCase();
  if (t.includes('30/360')) return '30/360 US';
  if (/icma|isma|act(ual)?\/act(ual)?/.test(t)) return 'Act/Act ICMA';
  if (/act(ual)?\/365/.test(t)) return 'Act/365F';
  if (/act(ual)?\/360/.test(t)) return 'Act/360';
  throw new Error(`a day count the test does not know: ${text}`);
}

/** Where each expected key of a vector is in the response (`[]` marks a column of cash_flows). */
const FIELD: Record<string, string> = {
  previous_coupon_date: 'previous_coupon_date',
  next_coupon_date: 'next_coupon_date',
  coupons_remaining: 'coupons_remaining',
  accrued_days_A: 'accrued_days',
  coupon_period_days_E: 'coupon_period_days',
  days_settlement_to_next_DSC: 'days_to_next_coupon',
  accrued_interest: 'accrued_interest',
  dirty_price: 'dirty_price',
  clean_price: 'clean_price',
  ytm: 'ytm',
  macaulay_duration: 'macaulay_duration',
  modified_duration: 'modified_duration',
  convexity: 'convexity',
  dv01_per_100: 'dv01',
  cash_flows: 'cash_flows[].amount',
  cash_flow_times_years: 'cash_flows[].time_years',
};

/** A key with this suffix is the same quantity under the Excel money-market last period (methodology §11). */
const EXCEL_SIMPLE = '_excel_simple_last_period';

function valueAt(body: Record<string, unknown>, field: string): unknown {
  const [list, column] = field.split('[].');
  if (column === undefined) return body[field];
  return (body[list!] as Record<string, unknown>[]).map((row) => row[column]);
}

/** The vector's inputs as a request: its terms and the one of yield / clean_price it gives. */
function requestOf(c: BondCase, lastPeriod: 'compounded' | 'excel_simple') {
  const i = c.inputs;
  expect(i.face ?? 100, `${c.name}: prices are per 100 of face`).toBe(100);
  return {
    settlement_date: i.settlement_date,
    maturity_date: i.maturity_date,
    coupon_rate: i.coupon_rate,
    frequency: i.frequency,
    day_count: dayCountOf(i.day_count),
    redemption: i.redemption,
    ...('yield' in i ? { yield: i.yield } : { clean_price: i.clean_price }),
    conventions: { last_period: lastPeriod },
  };
}

const runs = CASES.flatMap((c) => {
  const keys = Object.keys(c.expected);
  const variants = keys.some((k) => k.endsWith(EXCEL_SIMPLE))
    ? (['compounded', 'excel_simple'] as const)
    : (['compounded'] as const);
  return variants.map((v) => [c.name, v, c] as const);
});

const h = forSuite(() => openApi(stores()[0]!, 'query'));

const post = poster(h, '/analytics/bonds');

describe('POST /analytics/bonds: the shared bond reference vectors', () => {
  it('are bond cases whose every expected key the test knows', () => {
    expect(CASES.length).toBeGreaterThan(0);
    for (const c of CASES) {
      expect(c.kind).toBe('bond');
      for (const key of Object.keys(c.expected)) {
        expect(FIELD[key.replace(EXCEL_SIMPLE, '')], `${c.name}: ${key}`).toBeDefined();
      }
    }
  });

  it.each(runs)('%s (%s last period)', async (_, lastPeriod, c) => {
    const res = await post(requestOf(c, lastPeriod));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.conventions).toMatchObject({
      day_count: dayCountOf(c.inputs.day_count),
      frequency: c.inputs.frequency,
      last_period: lastPeriod,
    });
    for (const [key, expected] of Object.entries(c.expected)) {
      const simple = key.endsWith(EXCEL_SIMPLE);
      // A key of the other convention is checked in that run; the keys of both (dates, days) in each.
      const base = key.replace(EXCEL_SIMPLE, '');
      const othersHaveOwn = `${base}${EXCEL_SIMPLE}` in c.expected;
      if (lastPeriod === 'excel_simple' ? !simple && othersHaveOwn : simple) continue;
      expectMatch(
        valueAt(body, FIELD[base]!),
        expected,
        toleranceOf(c, key),
        `${c.name} ${key}`,
        Number.isInteger,
      );
    }
    expect(body.null_reasons).toEqual({});
  });
});

describe('POST /analytics/bonds: edge cases', () => {
  it('a clean price round-trips through the yield, and the given price is echoed', async () => {
    const terms = {
      settlement_date: '2024-05-31',
      maturity_date: '2044-02-29',
      coupon_rate: 0.03,
      frequency: 2,
      day_count: 'Act/Act ICMA',
    };
    const priced = (await post({ ...terms, yield: 0.0725 })).json();
    const solved = (await post({ ...terms, clean_price: priced.clean_price })).json();
    expect(Math.abs(solved.ytm - 0.0725)).toBeLessThanOrEqual(1e-12);
    expect(solved.clean_price).toBe(priced.clean_price);
    expect(Math.abs(solved.modified_duration - priced.modified_duration)).toBeLessThanOrEqual(1e-9);
    // Maturity on 29 Feb with the end-of-month rule: coupons on the last days of August and February.
    expect([solved.previous_coupon_date, solved.next_coupon_date]).toEqual(['2024-02-29', '2024-08-31']);
  });

  it('issue 10: a century monthly bond solves; an absurd yield gives no clean price, with the reason', async () => {
    const century = {
      settlement_date: '2024-01-15',
      maturity_date: '2124-01-15',
      coupon_rate: 0.05,
      frequency: 12,
      day_count: '30/360 US',
    };
    // 5.7832 % solved independently (mpmath, 40 digits) on Σ (5/12)/(1+y/12)^k + 100/(1+y/12)^1200 = 86.5.
    const solved = await post({ ...century, clean_price: 86.5 });
    expect(solved.statusCode, solved.body).toBe(200);
    expect(Math.abs(solved.json().ytm - 0.057831734852336586)).toBeLessThanOrEqual(1e-13);
    const absurd = await post({ ...century, settlement_date: '2024-02-01', yield: 1e300 });
    expect(absurd.statusCode, absurd.body).toBe(200);
    expect(absurd.json().clean_price).toBeNull();
    expect(absurd.json().null_reasons.clean_price).toMatch(/negative at this yield/);
  });

  it('a zero-coupon bond has one cash flow, the redemption, and a duration equal to its time', async () => {
    const body = (
      await post({
        settlement_date: '2025-01-15',
        maturity_date: '2030-01-15',
        coupon_rate: 0,
        frequency: 1,
        day_count: 'Act/365F',
        yield: 0.03,
      })
    ).json();
    expect(body.cash_flows).toEqual([{ date: '2030-01-15', amount: 100, time_years: 5 }]);
    expect(body.accrued_interest).toBe(0);
    expect(Math.abs(body.dirty_price - 100 / 1.03 ** 5)).toBeLessThanOrEqual(1e-12);
    expect(body.macaulay_duration).toBe(5);
  });

  it('a short first period (issue after the previous quasi-coupon) accrues from the issue date', async () => {
    const body = (
      await post({
        settlement_date: '2024-03-01',
        issue_date: '2024-01-10',
        maturity_date: '2029-05-15',
        coupon_rate: 0.05,
        frequency: 2,
        day_count: 'Act/Act ICMA',
        yield: 0.05,
      })
    ).json();
    expect(body.accrual_start_date).toBe('2024-01-10');
    // 51 days accrued of a 182-day quasi period; the first coupon covers 126 of its days.
    expect(Math.abs(body.accrued_interest - (2.5 * 51) / 182)).toBeLessThanOrEqual(1e-14);
    expect(Math.abs(body.cash_flows[0].amount - (2.5 * 126) / 182)).toBeLessThanOrEqual(1e-14);
  });

  it('echoes every convention, defaults filled in', async () => {
    const body = (
      await post({
        settlement_date: '2024-01-01',
        maturity_date: '2026-01-01',
        coupon_rate: 0.04,
        frequency: 4,
        day_count: 'Act/360',
        yield: 0.04,
      })
    ).json();
    expect(body.conventions).toEqual({
      day_count: 'Act/360',
      frequency: 4,
      end_of_month: true,
      last_period: 'compounded',
      schedule: 'backward_from_maturity_unadjusted',
      yield: 'nominal_annual_compounded_at_frequency',
      convexity: 'years_squared_no_half_factor',
      price_basis: 'per_100_face',
    });
  });
});

describe('POST /analytics/bonds: 422 names the field', () => {
  const terms = {
    settlement_date: '2024-02-15',
    maturity_date: '2030-11-15',
    coupon_rate: 0.06,
    frequency: 2,
    day_count: '30/360 US',
  };
  const problem = async (body: unknown) => {
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    return res.json().errors.map((e: { field: string }) => e.field);
  };

  it.each([
    ['both yield and clean_price', { ...terms, yield: 0.05, clean_price: 99 }, ['yield', 'clean_price']],
    ['neither', terms, ['yield', 'clean_price']],
    ['neither (nulls)', { ...terms, yield: null, clean_price: null }, ['yield', 'clean_price']],
    [
      'a maturity before settlement',
      { ...terms, maturity_date: '2023-11-15', yield: 0.05 },
      ['maturity_date'],
    ],
    ['a yield at −f', { ...terms, yield: -2 }, ['yield']],
    ['an issue after settlement', { ...terms, issue_date: '2024-03-01', yield: 0.05 }, ['issue_date']],
    ['an unknown day count', { ...terms, day_count: 'ACT/ACT', yield: 0.05 }, ['day_count']],
    ['a frequency of 3', { ...terms, frequency: 3, yield: 0.05 }, ['frequency']],
    ['a negative coupon', { ...terms, coupon_rate: -0.01, yield: 0.05 }, ['coupon_rate']],
    ['a coupon rate as text', { ...terms, coupon_rate: '0.06', yield: 0.05 }, ['coupon_rate']],
    ['a body that is not an object', [terms], ['body']],
    ['a clean price of 0', { ...terms, clean_price: 0 }, ['clean_price']],
    ['no settlement date', { ...terms, settlement_date: undefined, yield: 0.05 }, ['settlement_date']],
    ['an impossible date', { ...terms, settlement_date: '2023-02-29', yield: 0.05 }, ['settlement_date']],
    [
      'an unknown last-period convention',
      { ...terms, yield: 0.05, conventions: { last_period: 'simple' } },
      ['conventions.last_period'],
    ],
  ])('%s', async (_, body, fields) => {
    expect(await problem(body)).toEqual(fields);
  });
});

describe('OpenAPI', () => {
  it('documents the route, its request and its response fields', async () => {
    const doc = (await h.app.inject({ url: '/openapi.json' })).json();
    const op = doc.paths['/analytics/bonds'].post;
    expect(op.summary).toBeTruthy();
    const body = op.requestBody.content['application/json'].schema;
    const ok = op.responses['200'];
    expect(ok.description).toBeTruthy();
    const response = ok.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(['settlement_date', 'maturity_date', 'coupon_rate', 'frequency', 'day_count']),
    );
    expect(Object.keys(response.properties)).toEqual(
      expect.arrayContaining(['clean_price', 'ytm', 'dv01', 'cash_flows', 'conventions', 'null_reasons']),
    );
    expect(op.responses['422'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
  });
});
