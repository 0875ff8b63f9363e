import { type FieldError, validationFailed } from '../../errors.ts';
import { addMonths, type CivilDate, compareDates, parseIsoDate } from './calendar.ts';
import { DAY_COUNTS, type DayCount } from './day-count.ts';
import { LAST_PERIODS, type LastPeriod } from './pricing.ts';

/** Coupons a year: annual, semiannual, quarterly, monthly (each a whole number of months apart). */
export const FREQUENCIES = [1, 2, 4, 12] as const;

/** The longest bond the endpoint prices, in years from settlement (1,200 monthly coupons). */
export const MAX_YEARS_TO_MATURITY = 100;

/** A request for bond analytics, as the API takes it. */
export interface BondRequest {
  settlement_date: string;
  maturity_date: string;
  /** When the first coupon period is short: accrual starts at the issue date, not the quasi-coupon date. */
  issue_date?: string | undefined;
  /** Annual coupon rate as a decimal (0.0575 = 5.75 %); 0 for a zero-coupon bond. */
  coupon_rate: number;
  frequency: number;
  day_count: DayCount;
  /** Paid at maturity per 100 of face (default 100). */
  redemption?: number | undefined;
  /** Exactly one of `yield` and `clean_price`. */
  yield?: number | null | undefined;
  clean_price?: number | null | undefined;
  conventions?: { end_of_month?: boolean | undefined; last_period?: LastPeriod | undefined } | undefined;
}

/** The request, checked and read. */
export interface BondTerms {
  settlement: CivilDate;
  maturity: CivilDate;
  issue: CivilDate | null;
  couponRate: number;
  frequency: number;
  dayCount: DayCount;
  redemption: number;
  given: { yield: number } | { cleanPrice: number };
  endOfMonth: boolean;
  lastPeriod: LastPeriod;
}

const isNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * Reads the request or throws VALIDATION_FAILED naming every wrong field (index 0: one bond per request). It
 * checks every field at run time, whatever the static type says: the API hands it the parsed JSON body.
 */
export function readBondTerms(request: BondRequest): BondTerms {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ index: 0, field, message });
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw validationFailed('the bond terms are invalid', [
      { index: 0, field: 'body', message: 'must be a JSON object' },
    ]);
  }
  const date = (field: 'settlement_date' | 'maturity_date' | 'issue_date'): CivilDate | null => {
    const raw = request[field];
    if (raw === undefined) return null;
    const parsed = typeof raw === 'string' ? parseIsoDate(raw) : null;
    if (parsed === null) fail(field, `must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(raw)}`);
    return parsed;
  };
  const settlement = date('settlement_date');
  const maturity = date('maturity_date');
  const issue = date('issue_date');
  if (settlement && maturity) {
    if (compareDates(settlement, maturity) >= 0) fail('maturity_date', 'must be after settlement_date');
    else if (compareDates(maturity, addMonths(settlement, 12 * MAX_YEARS_TO_MATURITY, false)) > 0) {
      fail('maturity_date', `must be at most ${MAX_YEARS_TO_MATURITY} years after settlement_date`);
    }
  }
  if (issue && settlement && compareDates(issue, settlement) > 0) {
    fail('issue_date', 'must be on or before settlement_date');
  }

  for (const field of [
    'settlement_date',
    'maturity_date',
    'coupon_rate',
    'frequency',
    'day_count',
  ] as const) {
    if (request[field] === undefined) fail(field, 'is required');
  }
  if (request.coupon_rate !== undefined && !(isNumber(request.coupon_rate) && request.coupon_rate >= 0)) {
    fail(
      'coupon_rate',
      `must be a number ≥ 0 (a decimal: 0.05 = 5 %), got ${JSON.stringify(request.coupon_rate)}`,
    );
  }
  if (request.frequency !== undefined && !(FREQUENCIES as readonly unknown[]).includes(request.frequency)) {
    fail('frequency', `must be one of ${FREQUENCIES.join(', ')}, got ${JSON.stringify(request.frequency)}`);
  }
  if (request.day_count !== undefined && !(DAY_COUNTS as readonly unknown[]).includes(request.day_count)) {
    fail('day_count', `must be one of ${DAY_COUNTS.join(', ')}, got ${JSON.stringify(request.day_count)}`);
  }
  const redemption = request.redemption ?? 100;
  if (!isNumber(redemption) || redemption <= 0) {
    fail('redemption', `must be a number > 0, got ${JSON.stringify(request.redemption)}`);
  }

  const hasYield = request.yield !== undefined && request.yield !== null;
  const hasPrice = request.clean_price !== undefined && request.clean_price !== null;
  if (hasYield === hasPrice) {
    const message = hasYield ? 'give either yield or clean_price, not both' : 'give yield or clean_price';
    fail('yield', message);
    fail('clean_price', message);
  } else if (hasYield && !isNumber(request.yield)) {
    fail('yield', `must be a number (a decimal: 0.05 = 5 %), got ${JSON.stringify(request.yield)}`);
  } else if (hasPrice && (!isNumber(request.clean_price) || request.clean_price <= 0)) {
    fail('clean_price', `must be a number > 0 (per 100 of face), got ${JSON.stringify(request.clean_price)}`);
  }

  const conventions: unknown = request.conventions ?? {};
  if (typeof conventions !== 'object' || conventions === null || Array.isArray(conventions)) {
    fail('conventions', 'must be an object');
  }
  const lastPeriod = request.conventions?.last_period ?? 'compounded';
  if (!(LAST_PERIODS as readonly string[]).includes(lastPeriod)) {
    fail(
      'conventions.last_period',
      `must be one of ${LAST_PERIODS.join(', ')}, got ${JSON.stringify(lastPeriod)}`,
    );
  }
  const endOfMonth = request.conventions?.end_of_month ?? true;
  if (typeof endOfMonth !== 'boolean') fail('conventions.end_of_month', 'must be true or false');

  if (errors.length > 0) throw validationFailed('the bond terms are invalid', errors);
  return {
    settlement: settlement!,
    maturity: maturity!,
    issue,
    couponRate: request.coupon_rate,
    frequency: request.frequency,
    dayCount: request.day_count,
    redemption,
    given: hasYield ? { yield: request.yield! } : { cleanPrice: request.clean_price! },
    endOfMonth,
    lastPeriod,
  };
}
