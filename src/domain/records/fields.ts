import { Decimal } from 'decimal.js';
import { isSupportedDate, SUPPORTED_DATES_TEXT } from '../supported-dates.ts';
import { ISO_4217_CODES, ISO_4217_PUBLISHED } from './currencies.ts';

/**
 * Field kinds of ingested records and how a raw value (JSON or a CSV cell) becomes its normalised form.
 * A parser sees only present, non-null values; absence is the spec's business (required / default / null).
 */
export type FieldKind = 'text' | 'decimal' | 'date' | 'instant' | 'currency' | 'boolean' | 'enum';

/** Lower bound on a decimal: > 0 or ≥ 0. */
export type Bound = 'positive' | 'nonNegative';

export type Parsed<V> = { ok: true; value: V } | { ok: false; message: string };

export interface FieldSpec<V> {
  readonly kind: FieldKind;
  /** Absent or null is an error. */
  readonly required: boolean;
  /** Used when an optional field is absent or null (null for plain optional fields). */
  readonly fallback?: V;
  readonly bound?: Bound;
  /** The allowed values of an enum field, as stored (matched case-insensitively). */
  readonly values?: readonly string[];
  /** Legacy snake_case names also accepted for this field (their camelCase forms are accepted too). */
  readonly aliases: readonly string[];
  readonly parse: (raw: unknown) => Parsed<V>;
}

const ok = <V>(value: V): Parsed<V> => ({ ok: true, value });
const fail = <V>(message: string): Parsed<V> => ({ ok: false, message });

const quote = (raw: unknown): string => {
  const text = typeof raw === 'string' ? `"${raw}"` : JSON.stringify(raw);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

export function parseText(raw: unknown): Parsed<string> {
  if (typeof raw !== 'string') return fail(`must be a string, got ${quote(raw)}`);
  if (raw.trim() === '') return fail('must not be blank');
  // PostgreSQL cannot store it; the API refuses it in JSON, and a CSV cell can carry one too.
  if (raw.includes('\u0000')) return fail('must not contain a NUL character (U+0000)');
  return ok(raw);
}

// Strict grammar first: Decimal() alone would also take hex, binary, 'Infinity' and 'NaN'.
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// Far beyond any amount, price or rate; keeps "1e999999" from turning into a megabyte of digits.
const MAX_EXPONENT = 100;
const MAX_DIGITS = 100;

export function parseDecimal(raw: unknown, bound?: Bound): Parsed<string> {
  let value: Decimal;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail(`must be a finite number, got ${quote(raw)}`);
    value = new Decimal(raw);
  } else if (typeof raw === 'string' && DECIMAL_TEXT.test(raw.trim())) {
    value = new Decimal(raw.trim());
  } else {
    return fail(`must be a number or a numeric string, got ${quote(raw)}`);
  }
  if (!value.isZero() && (value.e > MAX_EXPONENT || value.e < -MAX_EXPONENT || value.sd() > MAX_DIGITS)) {
    return fail(`is out of range (at most ${MAX_DIGITS} significant digits, magnitude 1e±${MAX_EXPONENT})`);
  }
  if (bound === 'positive' && !value.gt(0)) return fail(`must be greater than 0, got ${value.toFixed()}`);
  if (bound === 'nonNegative' && value.isNeg() && !value.isZero()) {
    return fail(`must not be negative, got ${value.toFixed()}`);
  }
  // toFixed() of a zero keeps its sign ("-0"); a canonical form has one zero.
  return ok(value.isZero() ? '0' : value.toFixed());
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

function validYmd(year: number, month: number, day: number): boolean {
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseDate(raw: unknown): Parsed<string> {
  if (typeof raw !== 'string') return fail(`must be a date 'YYYY-MM-DD', got ${quote(raw)}`);
  const m = DATE_TEXT.exec(raw.trim());
  if (!m || !validYmd(Number(m[1]), Number(m[2]), Number(m[3]))) {
    return fail(`must be a calendar date 'YYYY-MM-DD', got ${quote(raw)}`);
  }
  if (!isSupportedDate(raw.trim())) {
    return fail(`must lie within the supported range ${SUPPORTED_DATES_TEXT}, got ${quote(raw)}`);
  }
  return ok(raw.trim());
}

const INSTANT_TEXT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * A date or an ISO-8601 datetime, as the UTC instant 'YYYY-MM-DDTHH:mm:ss.sssZ'. A datetime without an offset
 * is UTC; a bare date is its midnight UTC. Fractions beyond milliseconds are truncated, never rounded into the
 * next second (or day).
 */
export function parseInstant(raw: unknown): Parsed<string> {
  const expected = `must be a date 'YYYY-MM-DD' or an ISO-8601 datetime, got ${quote(raw)}`;
  if (typeof raw !== 'string') return fail(expected);
  const m = INSTANT_TEXT.exec(raw.trim());
  if (!m) return fail(expected);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (!validYmd(year, month, day) || hour > 23 || minute > 59 || second > 59) return fail(expected);
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const [h, min] = [Number(digits.slice(0, 2)), Number(digits.slice(2) || 0)];
    if (h > 23 || min > 59) return fail(expected);
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (h * 60 + min);
  }
  const at = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hour, minute, second, millis);
  const utc = new Date(at.getTime() - offsetMinutes * 60_000).toISOString();
  if (!isSupportedDate(utc)) {
    return fail(
      `must lie within the supported range ${SUPPORTED_DATES_TEXT}, got ${quote(raw)}, which is ${utc} in UTC`,
    );
  }
  return ok(utc);
}

export function parseCurrency(raw: unknown): Parsed<string> {
  if (typeof raw !== 'string' || !/^[A-Za-z]{3}$/.test(raw.trim())) {
    return fail(`must be a three-letter currency code, got ${quote(raw)}`);
  }
  const code = raw.trim().toUpperCase();
  if (!ISO_4217_CODES.has(code)) {
    return fail(
      `must be an active ISO 4217 currency code (list of ${ISO_4217_PUBLISHED}), got ${quote(raw)}`,
    );
  }
  return ok(code);
}

const TRUE_TEXT = new Set(['true', 'yes', 'y', '1']);
const FALSE_TEXT = new Set(['false', 'no', 'n', '0']);

export function parseBoolean(raw: unknown): Parsed<boolean> {
  if (typeof raw === 'boolean') return ok(raw);
  if (raw === 1 || raw === 0) return ok(raw === 1);
  if (typeof raw === 'string') {
    const text = raw.trim().toLowerCase();
    if (TRUE_TEXT.has(text)) return ok(true);
    if (FALSE_TEXT.has(text)) return ok(false);
  }
  return fail(`must be true or false, got ${quote(raw)}`);
}

/** Case-insensitive; the value comes back spelled as the list spells it. */
export function parseEnum<V extends string>(raw: unknown, values: readonly V[]): Parsed<V> {
  const text = typeof raw === 'string' ? raw.trim().toUpperCase() : undefined;
  const found = values.find((v) => v.toUpperCase() === text);
  return found ? ok(found) : fail(`must be one of ${values.join(', ')}; got ${quote(raw)}`);
}

// ─── Builders: the vocabulary of the spec tables ────────────────────────────────────────────────────────────

const required = <V>(
  kind: FieldKind,
  parse: (raw: unknown) => Parsed<V>,
  extra: Partial<FieldSpec<V>> = {},
): FieldSpec<V> => ({ kind, required: true, aliases: [], parse, ...extra });

export const text = (): FieldSpec<string> => required('text', parseText);
export const decimal = (bound?: Bound): FieldSpec<string> =>
  required('decimal', (raw) => parseDecimal(raw, bound), bound ? { bound } : {});
export const date = (): FieldSpec<string> => required('date', parseDate);
export const instant = (): FieldSpec<string> => required('instant', parseInstant);
export const currency = (): FieldSpec<string> => required('currency', parseCurrency);
export const boolean = (): FieldSpec<boolean> => required('boolean', parseBoolean);
export const oneOf = <V extends string>(values: readonly V[]): FieldSpec<V> =>
  required('enum', (raw) => parseEnum(raw, values), { values });

/** Optional: absent, null or blank becomes null. */
export function optional<V>(field: FieldSpec<V>): FieldSpec<V | null> {
  return { ...field, required: false, fallback: null };
}

/** Optional with a default used when absent, null or blank. */
export function withDefault<V>(field: FieldSpec<V>, value: V): FieldSpec<V> {
  return { ...field, required: false, fallback: value };
}

/** Also accepted under these (legacy) names. */
export function alias<V>(field: FieldSpec<V>, ...names: string[]): FieldSpec<V> {
  return { ...field, aliases: [...field.aliases, ...names] };
}
