/**
 * How figures are written: money to its currency's minor units with the code (USD 1,234.56, JPY 12,240,137),
 * returns as signed percentages (+9.84 %), decimals the API sends as strings kept as given. A missing figure
 * is an em dash; its reason goes in the element's title.
 */

const moneyFormats = new Map<string, Intl.NumberFormat>();

export function money(value: number | string | null | undefined, currency: string): string {
  if (value === null || value === undefined || value === '') return '—';
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' });
    moneyFormats.set(currency, format);
  }
  // −0 (a negated zero fee) is written 0. Decimal strings are exact; Intl takes them as strings so no digit is lost to float64 before rounding.
  return format.format((value === 0 ? 0 : value) as Intl.StringNumericLiteral);
}

const priceFormats = new Map<string, Intl.NumberFormat>();

/** A unit price: at least the currency's minor units, up to 6 decimals (a JPY price of 6,442.1773 keeps them). */
export function price(value: number | string | null | undefined, currency: string | null): string {
  if (value === null || value === undefined || value === '') return '—';
  if (!currency) return quantity(value);
  let format = priceFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      currencyDisplay: 'code',
      maximumFractionDigits: 6,
    });
    priceFormats.set(currency, format);
  }
  return format.format(value as Intl.StringNumericLiteral);
}

// signDisplay 'negative': a value that rounds to zero (−0.001, or −0 itself) shows as 0, never as "-0".
const compactFormat = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 2,
  signDisplay: 'negative',
});

/** Axis ticks and chart labels: 830.7K, 1.2M (the unit is in the chart's title). */
export const compact = (value: number) => compactFormat.format(value);

const percentFormat = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});

/** A return or weight given as a decimal (0.05 = 5 %). */
export function pct(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return percentFormat.format(value);
}

const plainPercent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/** A weight (never signed). */
export function weight(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : plainPercent.format(value);
}

const quantityFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

export function quantity(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return quantityFormat.format(value as Intl.StringNumericLiteral);
}

const ratioFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A plain ratio (Sharpe, beta): two decimals, no unit. */
export function ratio(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : ratioFormat.format(value);
}

/** Sign class for colouring gains and losses. */
export function signClass(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const n = Number(value);
  return n > 0 ? 'pos' : n < 0 ? 'neg' : '';
}

/** Calendar-day arithmetic has one home, the domain's (pure, so the bundle takes it as it is). */
import { dayNumber } from '../../src/domain/dates.ts';

export { addDays, addYears } from '../../src/domain/dates.ts';

/** uPlot's x values: seconds since the epoch. */
export const toEpochSeconds = (date: string) => dayNumber(date) * 86_400;
