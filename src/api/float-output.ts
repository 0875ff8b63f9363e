import { Dec } from '../domain/money.ts';

/**
 * How numbers leave the API (docs/api.md, "Numbers"), applied to every response just before serialisation.
 * Internal exactness is unchanged: this is output formatting only.
 *
 * - **JSON numbers** (float64 analytics and valuations) carry at most 15 significant digits, all a float64
 *   holds reliably, and no binary noise: a value within 2^-48 of itself (16 units in the last place) of a
 *   shorter decimal is printed as that decimal — 74.99999999999991 → 75, 7705.877100000001 → 7705.8771,
 *   0.1 + 0.2 → 0.3 — while 1/3 keeps its 15 digits.
 * - **Decimal strings** (booked money, quantities, prices, rates: exact in the store) are rounded half-even
 *   to at most DECIMAL_PLACES places, as the original's NUMERIC(18,10) columns held them:
 *   "546.000000000000000000000055" → "546".
 */
export const DECIMAL_PLACES = 10;
const NOISE = 2 ** -48;
// A decimal string with more places than the output keeps (plain notation, as the store writes them).
const LONG_DECIMAL = /^-?\d+\.\d{11,}$/;
// The 15-digit mantissa ends in 00x or 99x: the signature of a value a few ulps off a shorter decimal.
const NOISY_TAIL = /(00|99)\d(e[+-]\d+)?$/;

function tidyNumber(value: number): number {
  if (Number.isInteger(value) || !Number.isFinite(value)) return value;
  const fifteen = value.toPrecision(15);
  if (!NOISY_TAIL.test(fifteen)) return Number(fifteen);
  const limit = Math.abs(value) * NOISE;
  for (let digits = 1; digits < 15; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.abs(shorter - value) <= limit) return shorter;
  }
  return Number(fifteen);
}

/** A decimal string rounded half-even to DECIMAL_PLACES, without trailing zeros; any other string as it is. */
export function tidyDecimal(text: string): string {
  if (text.length <= DECIMAL_PLACES + 2 || !LONG_DECIMAL.test(text)) return text;
  return new Dec(text).toDecimalPlaces(DECIMAL_PLACES).toFixed();
}

export function tidyFloats<T>(value: T): T {
  if (typeof value === 'number') return tidyNumber(value) as T;
  if (typeof value === 'string') return tidyDecimal(value) as T;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = tidyFloats(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = tidyFloats(record[key]);
  }
  return value;
}
