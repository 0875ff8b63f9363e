/**
 * Reporting periods of the per-portfolio analytics (the original's `resolve_period`, seed-system §12.1, with its
 * bugs fixed). Pure: ISO dates in, ISO dates out. See docs/analytics/periods.md.
 *
 * How to use it (a route that takes `{as_of_date?, periods: [...]}`):
 *
 *   import { resolvePeriods, periodBuckets } from '../../domain/analytics/periods.ts';
 *   import { periodsSchema, asOfDateSchema, resolvedPeriodSchema } from '../schemas/analytics-periods.schemas.ts';
 *
 *   // body schema: { as_of_date: asOfDateSchema, periods: periodsSchema }   (periodRequestSchema for one period)
 *   const periods = resolvePeriods(body.periods, { asOf, inception: portfolio.open_date });
 *   for (const p of periods) {
 *     // p.start_date … p.end_date, inclusive: read the daily series over exactly these days
 *     // p.name is unique in the list (a duplicate is a 422); p.breakdown is null or DAILY … YEARLY
 *     const windows = p.breakdown ? periodBuckets(p.start_date, p.end_date, p.breakdown) : [];
 *   }
 *
 * - Every problem is an AppError VALIDATION_FAILED (HTTP 422) naming the field: `periods[2].type`,
 *   `periods[0].to`, `as_of_date`; all problems of the list are reported together. Never an empty period.
 * - `resolvePeriod(request, ctx, 'period')` resolves a single period (fields named `period.type`, …).
 * - Without `inception` (stateless routes) nothing is clipped at the start and SI is refused.
 * - Respond with the resolved period (resolvedPeriodSchema) so the client sees the dates actually used.
 */

import { addDays, addYears, dateOfDay, dayNumber } from '../dates.ts';
import { type FieldError, validationFailed } from '../errors.ts';
import type { IsoDate } from '../records/types.ts';

export const PERIOD_TYPES = [
  'MTD',
  'QTD',
  'YTD',
  'ONE_YEAR',
  'THREE_YEAR',
  'FIVE_YEAR',
  'SI',
  'YEAR',
  'EXPLICIT',
] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export const BREAKDOWNS = ['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'YEARLY'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/**
 * A period as the client sends it. `from`/`to` and `start_date`/`end_date` are aliases (EXPLICIT only);
 * `year` is for YEAR only. Fields are `unknown` because this is the trust boundary: everything is checked here.
 */
export interface PeriodRequest {
  type?: unknown;
  name?: unknown;
  year?: unknown;
  from?: unknown;
  to?: unknown;
  start_date?: unknown;
  end_date?: unknown;
  breakdown?: unknown;
}

export interface PeriodContext {
  /** The date the report is as of: rolling periods end here and no period reaches past it. */
  asOf: IsoDate;
  /** The portfolio's inception (open date): SI starts here and no period starts before it. */
  inception?: IsoDate | null;
}

export interface ResolvedPeriod {
  /** The request's name, else the year (YEAR), else the type. Unique within one request. */
  name: string;
  type: PeriodType;
  /** First and last day, inclusive, after clipping to [inception, as_of]. */
  start_date: IsoDate;
  end_date: IsoDate;
  /** The period as the type defines it, before clipping. */
  requested_start_date: IsoDate;
  requested_end_date: IsoDate;
  /** Calendar days start..end inclusive. */
  days: number;
  breakdown: Breakdown | null;
}

/** One sub-period window of a breakdown: the calendar bucket and the part of it inside the period. */
export interface PeriodBucket {
  start_date: IsoDate;
  end_date: IsoDate;
  /** The whole calendar bucket (Monday–Sunday week, month, quarter, year; the day itself for DAILY). */
  bucket_start: IsoDate;
  bucket_end: IsoDate;
}

// ─── Dates ───────────────────────────────────────────────────────────────────────────────────────────────

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date in ISO form ('2023-02-29' is not one). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const day = dayNumber(value);
  return Number.isFinite(day) && dateOfDay(day) === value;
}

/** Calendar days from start to end, both included (1 for a one-day period). */
export const daysInclusive = (start: IsoDate, end: IsoDate): number => dayNumber(end) - dayNumber(start) + 1;

const firstOfMonth = (date: IsoDate): IsoDate => `${date.slice(0, 8)}01`;
const firstOfYear = (date: IsoDate): IsoDate => `${date.slice(0, 4)}-01-01`;
const lastOfYear = (date: IsoDate): IsoDate => `${date.slice(0, 4)}-12-31`;

function firstOfQuarter(date: IsoDate): IsoDate {
  const month = Number(date.slice(5, 7));
  const first = month - ((month - 1) % 3);
  return `${date.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
}

/** The last day of the month `months` after the month of `date` (0: its own month). */
function lastOfMonth(date: IsoDate, months = 0): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  return new Date(Date.UTC(y, m - 1 + months + 1, 0)).toISOString().slice(0, 10);
}

/**
 * The first day of a trailing window of `years` ending on `asOf`: asOf − years + 1 day, so the window holds
 * exactly `years` years (2023-06-30 → 2022-07-01 for one year). 29 February steps back to 28 February of a
 * common year first (2024-02-29 → 2023-02-28 → 2023-03-01), as dateutil's relativedelta does.
 */
export const trailingStart = (asOf: IsoDate, years: number): IsoDate => addDays(addYears(asOf, -years), 1);

const max = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
const min = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

// ─── Resolution ──────────────────────────────────────────────────────────────────────────────────────────

const isPeriodType = (v: unknown): v is PeriodType =>
  typeof v === 'string' && (PERIOD_TYPES as readonly string[]).includes(v);
const isBreakdown = (v: unknown): v is Breakdown =>
  typeof v === 'string' && (BREAKDOWNS as readonly string[]).includes(v);
const given = (v: unknown): boolean => v !== undefined && v !== null;

interface Problems {
  index: number;
  prefix: string;
  errors: FieldError[];
}

const report = (p: Problems, field: string, message: string): void => {
  p.errors.push({ index: p.index, field: `${p.prefix}.${field}`, message });
};

/** The EXPLICIT bound given under either of its two names; a disagreement between them is reported. */
function aliased(request: PeriodRequest, name: 'from' | 'to', alias: 'start_date' | 'end_date', p: Problems) {
  const a = request[name];
  const b = request[alias];
  if (given(a) && given(b) && a !== b) {
    report(p, alias, `is an alias of ${name} and disagrees with it (${String(a)} vs ${String(b)})`);
    return undefined;
  }
  const value = given(a) ? a : b;
  const field = given(a) ? name : alias;
  if (!given(value)) {
    report(p, name, `is required for type EXPLICIT (alias ${alias})`);
    return undefined;
  }
  if (!isIsoDate(value)) {
    report(p, field, `must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    return undefined;
  }
  return value;
}

/** The period the type defines, before clipping; undefined when the request is invalid (problems reported). */
function definedRange(
  request: PeriodRequest,
  type: PeriodType,
  ctx: PeriodContext,
  p: Problems,
): { start: IsoDate; end: IsoDate } | undefined {
  const asOf = ctx.asOf;
  switch (type) {
    case 'MTD':
      return { start: firstOfMonth(asOf), end: asOf };
    case 'QTD':
      return { start: firstOfQuarter(asOf), end: asOf };
    case 'YTD':
      return { start: firstOfYear(asOf), end: asOf };
    case 'ONE_YEAR':
      return { start: trailingStart(asOf, 1), end: asOf };
    case 'THREE_YEAR':
      return { start: trailingStart(asOf, 3), end: asOf };
    case 'FIVE_YEAR':
      return { start: trailingStart(asOf, 5), end: asOf };
    case 'SI':
      if (!ctx.inception) {
        report(p, 'type', 'SI needs the portfolio inception date, which this request has not got');
        return undefined;
      }
      return { start: ctx.inception, end: asOf };
    case 'YEAR': {
      const year = request.year;
      if (!given(year)) {
        report(p, 'year', 'is required for type YEAR');
        return undefined;
      }
      if (typeof year !== 'number' || !Number.isInteger(year) || year < 1000 || year > 9999) {
        report(p, 'year', `must be a four-digit year, got ${JSON.stringify(year)}`);
        return undefined;
      }
      return { start: `${year}-01-01`, end: `${year}-12-31` };
    }
    case 'EXPLICIT': {
      const from = aliased(request, 'from', 'start_date', p);
      const to = aliased(request, 'to', 'end_date', p);
      if (from === undefined || to === undefined) return undefined;
      if (to < from) {
        report(p, 'to', `ends (${to}) before the period starts (${from})`);
        return undefined;
      }
      return { start: from, end: to };
    }
  }
}

/** Fields that belong to another type are a mistake worth hearing about ({type: 'YTD', year: 2023}). */
function checkStrayFields(request: PeriodRequest, type: PeriodType, p: Problems): void {
  if (type !== 'YEAR' && given(request.year)) report(p, 'year', 'applies only to type YEAR');
  if (type !== 'EXPLICIT') {
    for (const field of ['from', 'to', 'start_date', 'end_date'] as const) {
      if (given(request[field])) report(p, field, 'applies only to type EXPLICIT');
    }
  }
}

/**
 * Resolves one period request, collecting its problems into `p` (undefined when there are any).
 *
 * start = max(defined start, inception); end = min(defined end, as_of). Clipping the end to as_of applies to
 * YEAR and EXPLICIT too (the original let them run past it): a report as of a date does not look beyond it.
 * A period left empty by the clipping (wholly before inception or after as_of) is a problem, not an empty
 * result.
 */
function resolveInto(request: PeriodRequest, ctx: PeriodContext, p: Problems): ResolvedPeriod | undefined {
  if (request === null || typeof request !== 'object') {
    p.errors.push({ index: p.index, field: p.prefix, message: 'must be an object' });
    return undefined;
  }
  const type = request.type;
  if (!isPeriodType(type)) {
    const got = given(type) ? `unknown period type ${JSON.stringify(type)}` : 'is required';
    report(p, 'type', `${got}; one of ${PERIOD_TYPES.join(', ')}`);
    return undefined;
  }
  const before = p.errors.length;
  checkStrayFields(request, type, p);
  const name = request.name;
  if (given(name) && (typeof name !== 'string' || name.trim() === '')) {
    report(p, 'name', 'must be a non-empty string');
  }
  const breakdown = request.breakdown;
  if (given(breakdown) && !isBreakdown(breakdown)) {
    report(p, 'breakdown', `unknown breakdown ${JSON.stringify(breakdown)}; one of ${BREAKDOWNS.join(', ')}`);
  }
  const range = definedRange(request, type, ctx, p);
  if (range === undefined || p.errors.length > before) return undefined;

  const start = ctx.inception ? max(range.start, ctx.inception) : range.start;
  const end = min(range.end, ctx.asOf);
  if (start > end) {
    const field = type === 'YEAR' ? 'year' : type === 'EXPLICIT' ? (range.end < start ? 'to' : 'from') : null;
    const why =
      range.start > ctx.asOf
        ? `starts (${range.start}) after as_of_date ${ctx.asOf}`
        : `ends (${range.end}) before the portfolio's inception ${ctx.inception}`;
    if (field === null) {
      p.errors.push({
        index: p.index,
        field: 'as_of_date',
        message: `${p.prefix} (${type}) ${why}: the period is empty`,
      });
    } else report(p, field, `the period ${why}: it is empty`);
    return undefined;
  }
  return {
    name: typeof name === 'string' ? name : type === 'YEAR' ? String(request.year) : type,
    type,
    start_date: start,
    end_date: end,
    requested_start_date: range.start,
    requested_end_date: range.end,
    days: daysInclusive(start, end),
    breakdown: isBreakdown(breakdown) ? breakdown : null,
  };
}

function checkContext(ctx: PeriodContext): void {
  const errors: FieldError[] = [];
  if (!isIsoDate(ctx.asOf)) {
    errors.push({ index: 0, field: 'as_of_date', message: `must be a calendar date, got ${ctx.asOf}` });
  }
  if (ctx.inception && !isIsoDate(ctx.inception)) {
    errors.push({ index: 0, field: 'inception', message: `not a calendar date: ${ctx.inception}` });
  }
  if (errors.length > 0) throw validationFailed('invalid period request', errors);
}

/**
 * Resolves a list of period requests (the body field `field`, default 'periods'). Throws one
 * VALIDATION_FAILED naming every problem (`periods[2].type`, …); a name used twice is one of them.
 */
export function resolvePeriods(
  requests: readonly PeriodRequest[],
  ctx: PeriodContext,
  field = 'periods',
): ResolvedPeriod[] {
  checkContext(ctx);
  const errors: FieldError[] = [];
  if (!Array.isArray(requests) || requests.length === 0) {
    throw validationFailed('invalid period request', [
      { index: 0, field, message: 'must list at least one period' },
    ]);
  }
  const resolved: ResolvedPeriod[] = [];
  const seen = new Map<string, number>();
  requests.forEach((request, index) => {
    const p: Problems = { index, prefix: `${field}[${index}]`, errors };
    const period = resolveInto(request, ctx, p);
    if (period === undefined) return;
    const first = seen.get(period.name);
    if (first !== undefined) {
      report(
        p,
        'name',
        `"${period.name}" is also the name of ${field}[${first}]; give each period its own name`,
      );
      return;
    }
    seen.set(period.name, index);
    resolved.push(period);
  });
  if (errors.length > 0) throw validationFailed('invalid period request', errors);
  return resolved;
}

/** Resolves a single period request (the body field `field`, default 'period'). */
export function resolvePeriod(request: PeriodRequest, ctx: PeriodContext, field = 'period'): ResolvedPeriod {
  checkContext(ctx);
  const errors: FieldError[] = [];
  const period = resolveInto(request, ctx, { index: 0, prefix: field, errors });
  if (period === undefined) throw validationFailed('invalid period request', errors);
  return period;
}

// ─── Breakdowns ──────────────────────────────────────────────────────────────────────────────────────────

/** The calendar bucket holding `date`: its first and last day. Weeks run Monday to Sunday (pandas "W"). */
function bucketAround(date: IsoDate, breakdown: Breakdown): { first: IsoDate; last: IsoDate } {
  switch (breakdown) {
    case 'DAILY':
      return { first: date, last: date };
    case 'WEEKLY': {
      // Day 0 (1970-01-01) was a Thursday, so (n + 3) mod 7 counts the days since Monday.
      const sinceMonday = (((dayNumber(date) + 3) % 7) + 7) % 7;
      return { first: addDays(date, -sinceMonday), last: addDays(date, 6 - sinceMonday) };
    }
    case 'MONTHLY':
      return { first: firstOfMonth(date), last: lastOfMonth(date) };
    case 'QUARTERLY': {
      const first = firstOfQuarter(date);
      return { first, last: lastOfMonth(first, 2) };
    }
    case 'YEARLY':
      return { first: firstOfYear(date), last: lastOfYear(date) };
  }
}

/**
 * The sub-period windows of [start, end] for a breakdown: consecutive calendar buckets (days; weeks ending on
 * Sunday, as pandas "W"; months; quarters; years), the first and last clipped to the period. They cover the
 * period exactly, without gaps or overlaps. Empty when end < start.
 */
export function periodBuckets(start: IsoDate, end: IsoDate, breakdown: Breakdown): PeriodBucket[] {
  const buckets: PeriodBucket[] = [];
  let date = start;
  while (date <= end) {
    const { first, last } = bucketAround(date, breakdown);
    buckets.push({ start_date: date, end_date: min(last, end), bucket_start: first, bucket_end: last });
    date = addDays(last, 1);
  }
  return buckets;
}
