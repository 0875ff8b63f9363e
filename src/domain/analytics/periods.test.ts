import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates.ts';
import { AppError } from '../errors.ts';
import {
  daysInclusive,
  isIsoDate,
  type PeriodContext,
  type PeriodRequest,
  periodBuckets,
  resolvePeriod,
  resolvePeriods,
} from './periods.ts';

const ctx: PeriodContext = { asOf: '2024-05-15', inception: '2020-03-10' };

/** The resolved [start, end] of one request. */
const range = (request: PeriodRequest, c: PeriodContext = ctx) => {
  const p = resolvePeriod(request, c);
  return [p.start_date, p.end_date];
};

/** The field errors of a request list that must fail. */
function errorsOf(requests: PeriodRequest[], c: PeriodContext = ctx) {
  try {
    resolvePeriods(requests, c);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('VALIDATION_FAILED');
    return (e as AppError).errors.map((x) => ({ index: x.index, field: x.field, message: x.message }));
  }
  throw new Error('expected a validation failure');
}

describe('period types (hand-written dates)', () => {
  it('to-date periods start on the first day of the month, quarter and year of as_of', () => {
    expect(range({ type: 'MTD' })).toEqual(['2024-05-01', '2024-05-15']);
    expect(range({ type: 'QTD' })).toEqual(['2024-04-01', '2024-05-15']);
    expect(range({ type: 'YTD' })).toEqual(['2024-01-01', '2024-05-15']);
    expect(range({ type: 'QTD' }, { asOf: '2024-03-31' })).toEqual(['2024-01-01', '2024-03-31']);
    expect(range({ type: 'QTD' }, { asOf: '2024-12-31' })).toEqual(['2024-10-01', '2024-12-31']);
    expect(range({ type: 'MTD' }, { asOf: '2024-02-01' })).toEqual(['2024-02-01', '2024-02-01']);
  });

  it('trailing years are as_of − n years + 1 day', () => {
    expect(range({ type: 'ONE_YEAR' })).toEqual(['2023-05-16', '2024-05-15']);
    expect(range({ type: 'THREE_YEAR' })).toEqual(['2021-05-16', '2024-05-15']);
    // Five years back is before inception: clipped to it.
    const five = resolvePeriod({ type: 'FIVE_YEAR' }, ctx);
    expect([five.requested_start_date, five.start_date]).toEqual(['2019-05-16', '2020-03-10']);
    // Year end: the window is the calendar year.
    expect(range({ type: 'ONE_YEAR' }, { asOf: '2023-12-31' })).toEqual(['2023-01-01', '2023-12-31']);
  });

  it('29 February: back to 28 February of the common year, then + 1 day', () => {
    expect(range({ type: 'ONE_YEAR' }, { asOf: '2024-02-29' })).toEqual(['2023-03-01', '2024-02-29']);
    expect(range({ type: 'THREE_YEAR' }, { asOf: '2024-02-29' })).toEqual(['2021-03-01', '2024-02-29']);
    // Four years back lands on a leap year again: 2020-02-29 exists.
    expect(range({ type: 'EXPLICIT', from: '2020-02-29', to: '2020-02-29' }, { asOf: '2024-02-29' })).toEqual(
      ['2020-02-29', '2020-02-29'],
    );
    // The day after a common-year 28 February in a leap year is the 29th: 366 days in the window.
    const p = resolvePeriod({ type: 'ONE_YEAR' }, { asOf: '2025-02-28' });
    expect([p.start_date, p.days]).toEqual(['2024-02-29', 366]);
    expect(resolvePeriod({ type: 'ONE_YEAR' }, { asOf: '2023-06-30' }).days).toBe(365);
  });

  it('SI starts at inception; YEAR is Jan 1 – Dec 31 clipped to as_of; EXPLICIT takes either alias', () => {
    expect(range({ type: 'SI' })).toEqual(['2020-03-10', '2024-05-15']);
    expect(range({ type: 'YEAR', year: 2022 })).toEqual(['2022-01-01', '2022-12-31']);
    expect(range({ type: 'YEAR', year: 2020 })).toEqual(['2020-03-10', '2020-12-31']);
    const current = resolvePeriod({ type: 'YEAR', year: 2024 }, ctx);
    expect([current.start_date, current.end_date, current.requested_end_date]).toEqual([
      '2024-01-01',
      '2024-05-15',
      '2024-12-31',
    ]);
    expect(range({ type: 'EXPLICIT', from: '2023-01-15', to: '2023-02-14' })).toEqual([
      '2023-01-15',
      '2023-02-14',
    ]);
    expect(range({ type: 'EXPLICIT', start_date: '2023-01-15', end_date: '2023-02-14' })).toEqual([
      '2023-01-15',
      '2023-02-14',
    ]);
    expect(range({ type: 'EXPLICIT', from: '2023-01-15', end_date: '2023-01-15', to: '2023-01-15' })).toEqual(
      ['2023-01-15', '2023-01-15'],
    );
    expect(range({ type: 'EXPLICIT', from: '2019-01-01', to: '2030-01-01' })).toEqual([
      '2020-03-10',
      '2024-05-15',
    ]);
  });

  it('names: the given name, else the year, else the type', () => {
    const names = resolvePeriods(
      [
        { type: 'YTD' },
        { type: 'YEAR', year: 2021 },
        { type: 'EXPLICIT', from: '2023-01-01', to: '2023-01-31', name: 'Jan' },
      ],
      ctx,
    ).map((p) => p.name);
    expect(names).toEqual(['YTD', '2021', 'Jan']);
  });

  it('breakdown is carried, default null; days count both ends', () => {
    const [p] = resolvePeriods([{ type: 'MTD', breakdown: 'WEEKLY' }], ctx);
    expect(p).toMatchObject({ breakdown: 'WEEKLY', days: 15 });
    expect(resolvePeriod({ type: 'MTD' }, ctx).breakdown).toBeNull();
  });

  it('without an inception nothing is clipped at the start', () => {
    expect(range({ type: 'FIVE_YEAR' }, { asOf: '2024-05-15' })).toEqual(['2019-05-16', '2024-05-15']);
  });
});

describe('bad requests are 422s naming the field (the original resolved them to an empty period)', () => {
  it('an unknown type names periods[i].type', () => {
    expect(errorsOf([{ type: 'MTD' }, { type: 'YTD' }, { type: 'TWO_YEAR' }])).toEqual([
      {
        index: 2,
        field: 'periods[2].type',
        message:
          'unknown period type "TWO_YEAR"; one of MTD, QTD, YTD, ONE_YEAR, THREE_YEAR, FIVE_YEAR, SI, YEAR, EXPLICIT',
      },
    ]);
    expect(errorsOf([{}])[0]?.field).toBe('periods[0].type');
    expect(errorsOf([{ type: 'ytd' }])[0]?.field).toBe('periods[0].type');
  });

  it('a period ending before it starts', () => {
    expect(errorsOf([{ type: 'EXPLICIT', from: '2023-02-01', to: '2023-01-31' }])).toEqual([
      {
        index: 0,
        field: 'periods[0].to',
        message: 'ends (2023-01-31) before the period starts (2023-02-01)',
      },
    ]);
  });

  it('missing, malformed or contradictory fields, all reported at once', () => {
    const errors = errorsOf([
      { type: 'EXPLICIT', from: '2023-02-30' },
      { type: 'YEAR' },
      { type: 'YEAR', year: 23 },
      { type: 'EXPLICIT', from: '2023-01-01', start_date: '2023-01-02', to: '2023-03-01' },
      { type: 'YTD', year: 2023 },
      { type: 'MTD', breakdown: 'HOURLY' },
      { type: 'MTD', name: '' },
    ]);
    expect(errors.map((e) => e.field)).toEqual([
      'periods[0].from',
      'periods[0].to',
      'periods[1].year',
      'periods[2].year',
      'periods[3].start_date',
      'periods[4].year',
      'periods[5].breakdown',
      'periods[6].name',
    ]);
  });

  it('a period left empty by clipping, and SI without an inception', () => {
    expect(errorsOf([{ type: 'YEAR', year: 2019 }])).toEqual([
      {
        index: 0,
        field: 'periods[0].year',
        message: "the period ends (2019-12-31) before the portfolio's inception 2020-03-10: it is empty",
      },
    ]);
    expect(errorsOf([{ type: 'EXPLICIT', from: '2024-06-01', to: '2024-06-30' }])[0]?.field).toBe(
      'periods[0].from',
    );
    expect(errorsOf([{ type: 'MTD' }], { asOf: '2019-01-31', inception: '2020-03-10' })[0]?.field).toBe(
      'as_of_date',
    );
    expect(errorsOf([{ type: 'SI' }], { asOf: '2024-05-15' })[0]?.field).toBe('periods[0].type');
  });

  it('duplicate names, an empty list and a bad as_of', () => {
    expect(
      errorsOf([
        { type: 'EXPLICIT', from: '2023-01-01', to: '2023-01-31' },
        { type: 'EXPLICIT', from: '2023-02-01', to: '2023-02-28' },
      ]),
    ).toEqual([
      {
        index: 1,
        field: 'periods[1].name',
        message: '"EXPLICIT" is also the name of periods[0]; give each period its own name',
      },
    ]);
    expect(errorsOf([])[0]?.field).toBe('periods');
    expect(errorsOf([{ type: 'MTD' }], { asOf: '2024-13-01' })[0]?.field).toBe('as_of_date');
  });

  it('resolvePeriod names the single field', () => {
    expect(() => resolvePeriod({ type: 'NOPE' }, ctx)).toThrow(AppError);
    try {
      resolvePeriod({ type: 'NOPE' }, ctx);
    } catch (e) {
      expect((e as AppError).errors[0]?.field).toBe('period.type');
    }
  });
});

describe('periodBuckets', () => {
  const windows = (start: string, end: string, b: Parameters<typeof periodBuckets>[2]) =>
    periodBuckets(start, end, b).map((w) => [w.start_date, w.end_date]);

  it('WEEKLY: weeks end on Sunday; a period starting mid-week opens with a partial week', () => {
    // 2024-05-01 is a Wednesday; the Sundays are 05-05, 05-12, 05-19.
    expect(windows('2024-05-01', '2024-05-15', 'WEEKLY')).toEqual([
      ['2024-05-01', '2024-05-05'],
      ['2024-05-06', '2024-05-12'],
      ['2024-05-13', '2024-05-15'],
    ]);
    const [first] = periodBuckets('2024-05-01', '2024-05-15', 'WEEKLY');
    expect([first?.bucket_start, first?.bucket_end]).toEqual(['2024-04-29', '2024-05-05']);
    // A Sunday alone is a week of one day; a week across the year end stays one week.
    expect(windows('2024-05-05', '2024-05-05', 'WEEKLY')).toEqual([['2024-05-05', '2024-05-05']]);
    expect(windows('2024-12-30', '2025-01-06', 'WEEKLY')).toEqual([
      ['2024-12-30', '2025-01-05'],
      ['2025-01-06', '2025-01-06'],
    ]);
  });

  it('MONTHLY: month ends of leap and common years, period starting mid-month', () => {
    expect(windows('2024-01-15', '2024-04-10', 'MONTHLY')).toEqual([
      ['2024-01-15', '2024-01-31'],
      ['2024-02-01', '2024-02-29'],
      ['2024-03-01', '2024-03-31'],
      ['2024-04-01', '2024-04-10'],
    ]);
    expect(windows('2023-02-01', '2023-03-01', 'MONTHLY')).toEqual([
      ['2023-02-01', '2023-02-28'],
      ['2023-03-01', '2023-03-01'],
    ]);
    expect(periodBuckets('2024-01-15', '2024-04-10', 'MONTHLY')[3]?.bucket_end).toBe('2024-04-30');
  });

  it('QUARTERLY and YEARLY: calendar quarters and years', () => {
    expect(windows('2023-11-20', '2024-07-01', 'QUARTERLY')).toEqual([
      ['2023-11-20', '2023-12-31'],
      ['2024-01-01', '2024-03-31'],
      ['2024-04-01', '2024-06-30'],
      ['2024-07-01', '2024-07-01'],
    ]);
    expect(windows('2022-06-30', '2024-02-29', 'YEARLY')).toEqual([
      ['2022-06-30', '2022-12-31'],
      ['2023-01-01', '2023-12-31'],
      ['2024-01-01', '2024-02-29'],
    ]);
  });

  it('DAILY: one window per calendar day, through 29 February', () => {
    expect(windows('2024-02-28', '2024-03-01', 'DAILY')).toEqual([
      ['2024-02-28', '2024-02-28'],
      ['2024-02-29', '2024-02-29'],
      ['2024-03-01', '2024-03-01'],
    ]);
    expect(periodBuckets('2024-03-02', '2024-03-01', 'DAILY')).toEqual([]);
  });

  it('property: the windows tile the period exactly, each inside its calendar bucket', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2019-01-01', n));
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 800 }),
        fc.constantFrom(...(['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY'] as const)),
        (start, length, b) => {
          const end = addDays(start, length);
          const ws = periodBuckets(start, end, b);
          expect(ws[0]?.start_date).toBe(start);
          expect(ws.at(-1)?.end_date).toBe(end);
          expect(ws.reduce((n, w) => n + daysInclusive(w.start_date, w.end_date), 0)).toBe(length + 1);
          for (const [i, w] of ws.entries()) {
            expect(w.bucket_start <= w.start_date && w.end_date <= w.bucket_end).toBe(true);
            if (i > 0) expect(w.start_date).toBe(addDays(ws[i - 1]!.end_date, 1));
            if (i > 0 && i < ws.length - 1)
              expect([w.start_date, w.end_date]).toEqual([w.bucket_start, w.bucket_end]);
          }
        },
      ),
    );
  });
});

describe('isIsoDate', () => {
  it('accepts real dates only', () => {
    expect(['2024-02-29', '2023-12-31'].every(isIsoDate)).toBe(true);
    expect(['2023-02-29', '2024-04-31', '2024-1-01', '20240101', 20240101, null].some(isIsoDate)).toBe(false);
  });
});
