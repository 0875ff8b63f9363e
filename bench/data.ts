/**
 * Deterministic bench data: the records of each workload, in the ingest API's request shapes, built from a
 * seeded generator (the demo's sfc32 PRNG and calendar). The same (seed, scale) always gives the same data.
 */
import { addDays, addYears } from '../src/domain/dates.ts';
import { type IsoDate, weekdaysBetween } from '../src/domain/demo/calendar.ts';
import { createRng, type Rng } from '../src/domain/demo/prng.ts';

/** The last business day of every bench data set (fixed, in the past, so no date is ever in the future). */
export const BENCH_END: IsoDate = '2025-06-30';
export const BENCH_SOURCE = 'PAS_BENCH';

export type BenchEntity =
  | 'business-dates'
  | 'portfolios'
  | 'instruments'
  | 'market-prices'
  | 'fx-rates'
  | 'transactions';

/** One list of records sent to one ingest endpoint (in requests of at most CHUNK records). */
export interface Batch {
  entity: BenchEntity;
  records: readonly object[];
}

/** The currencies of the bank-day scenario of the original (USD base). */
export const BANK_CURRENCIES = ['USD', 'EUR', 'SGD', 'GBP'] as const;
const FX_START: Readonly<Record<string, number>> = { EUR: 1.08, SGD: 0.74, GBP: 1.27 };

/** Weekdays from `years` before `end` (exclusive) to `end`. */
export function yearsOfWeekdays(years: number, end: IsoDate = BENCH_END): IsoDate[] {
  return weekdaysBetween(addDays(addYears(end, -years), 1), end);
}

/** The last `n` weekdays up to `end`. */
export function lastWeekdays(n: number, end: IsoDate = BENCH_END): IsoDate[] {
  const all = weekdaysBetween(addDays(end, -Math.ceil(n * 1.5) - 7), end);
  return all.slice(-n);
}

export const businessDates = (dates: readonly IsoDate[]) =>
  dates.map((business_date) => ({ business_date, calendar_code: 'GLOBAL', source_system: BENCH_SOURCE }));

export const portfolio = (portfolio_id: string, open_date: IsoDate, base_currency = 'USD') => ({
  portfolio_id,
  base_currency,
  open_date,
  risk_exposure: 'Moderate',
  investment_time_horizon: 'Long',
  portfolio_type: 'Discretionary',
  objective: 'Benchmark',
  booking_center_code: 'Bench',
  client_id: `CIF_${portfolio_id}`,
  is_leverage_allowed: false,
  advisor_id: 'ADV_BENCH',
  status: 'ACTIVE',
  cost_basis_method: 'FIFO',
});

export interface BenchInstrument {
  security_id: string;
  currency: string;
}

export const instrumentRecord = (i: BenchInstrument) => ({
  security_id: i.security_id,
  name: `Bench security ${i.security_id}`,
  isin: `XB${i.security_id
    .replace(/[^A-Z0-9]/g, '')
    .padStart(10, '0')
    .slice(-10)}`,
  currency: i.currency,
  product_type: 'Equity',
  asset_class: 'Equity',
});

/** `count` instruments, currencies cycling through BANK_CURRENCIES. */
export function instruments(count: number, prefix = 'SEC'): BenchInstrument[] {
  return Array.from({ length: count }, (_, k) => ({
    security_id: `${prefix}_${String(k + 1).padStart(5, '0')}`,
    currency: BANK_CURRENCIES[k % BANK_CURRENCIES.length]!,
  }));
}

/** Prices are integers of 1/10,000: exact decimal strings with no floating point involved. */
export const fmt4 = (units: number): string => {
  const sign = units < 0 ? '-' : '';
  const a = Math.abs(units);
  const frac = String(a % 10_000).padStart(4, '0');
  return `${sign}${Math.floor(a / 10_000)}.${frac}`;
};

/** A random walk of `n` prices in 1/10,000 units, starting between 10 and 500. */
function walk(rng: Rng, n: number): number[] {
  let p = rng.uniform(10, 500);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    p = Math.max(0.5, p * (1 + rng.normal() * 0.012));
    out.push(Math.round(p * 10_000));
  }
  return out;
}

export interface Market {
  dates: readonly IsoDate[];
  /** security_id → price per date, in 1/10,000 units. */
  prices: Map<string, number[]>;
  /** currency → units of USD per unit, per date, in 1/10,000 units (USD not included). */
  fx: Map<string, number[]>;
  instruments: readonly BenchInstrument[];
}

export function market(rng: Rng, list: readonly BenchInstrument[], dates: readonly IsoDate[]): Market {
  const prices = new Map<string, number[]>();
  for (const i of list) prices.set(i.security_id, walk(rng.fork(`price:${i.security_id}`), dates.length));
  const fx = new Map<string, number[]>();
  for (const [ccy, start] of Object.entries(FX_START)) {
    const r = rng.fork(`fx:${ccy}`);
    let v = start;
    fx.set(
      ccy,
      dates.map(() => {
        v *= 1 + r.normal() * 0.004;
        return Math.round(v * 10_000);
      }),
    );
  }
  return { dates, prices, fx, instruments: list };
}

export function priceRecords(m: Market, dayIndexes?: readonly number[], factor = 1) {
  const days = dayIndexes ?? m.dates.map((_, d) => d);
  const out: object[] = [];
  for (const d of days) {
    for (const i of m.instruments) {
      out.push({
        security_id: i.security_id,
        price_date: m.dates[d]!,
        price: fmt4(Math.round(m.prices.get(i.security_id)![d]! * factor)),
        currency: i.currency,
      });
    }
  }
  return out;
}

export function fxRecords(m: Market, dayIndexes?: readonly number[]) {
  const days = dayIndexes ?? m.dates.map((_, d) => d);
  const out: object[] = [];
  for (const d of days) {
    for (const [ccy, series] of m.fx) {
      out.push({ from_currency: ccy, to_currency: 'USD', rate_date: m.dates[d]!, rate: fmt4(series[d]!) });
    }
  }
  return out;
}

/** A BUY or SELL of `quantity` units at the day's price; no cash leg (the position engine needs none). */
export function trade(
  m: Market,
  portfolioId: string,
  seq: number,
  instrument: BenchInstrument,
  day: number,
  type: 'BUY' | 'SELL',
  quantity: number,
  time = '10:00:00',
  dateOverride?: IsoDate,
) {
  const priceUnits = m.prices.get(instrument.security_id)![day]!;
  const txn: Record<string, string> = {
    transaction_id: `${portfolioId}-T${String(seq).padStart(6, '0')}`,
    portfolio_id: portfolioId,
    instrument_id: instrument.security_id,
    security_id: instrument.security_id,
    transaction_date: `${dateOverride ?? m.dates[day]!}T${time}Z`,
    transaction_type: type,
    quantity: String(quantity),
    price: fmt4(priceUnits),
    gross_transaction_amount: fmt4(priceUnits * quantity),
    trade_currency: instrument.currency,
    currency: instrument.currency,
    trade_fee: '0',
    source_system: BENCH_SOURCE,
  };
  const rate = m.fx.get(instrument.currency)?.[day];
  if (rate !== undefined) txn.transaction_fx_rate = fmt4(rate);
  return txn;
}

export const rngFor = (seed: number, workload: string): Rng => createRng(seed).fork(`bench:${workload}`);

/** Scales a count, never below `min`. */
export const scaled = (count: number, scale: number, min = 1): number =>
  Math.max(min, Math.round(count * scale));

/**
 * The untimed setup every workload but history and queries shares: the market's business dates, the
 * portfolios (opened on the first date), the instruments, and the market's prices and FX rates.
 */
export function marketSetup(m: Market, portfolioIds: readonly string[]): Batch[] {
  return [
    { entity: 'business-dates', records: businessDates(m.dates) },
    { entity: 'portfolios', records: portfolioIds.map((id) => portfolio(id, m.dates[0]!)) },
    { entity: 'instruments', records: m.instruments.map(instrumentRecord) },
    { entity: 'market-prices', records: priceRecords(m) },
    { entity: 'fx-rates', records: fxRecords(m) },
  ];
}
