import { addDays, dayNumber } from '../../dates.ts';
import { type Dec, dec, proRata, sum, toNumeric, ZERO } from '../../money.ts';
import type { IsoDate } from '../../records/types.ts';
import { isIsoDate } from '../periods.ts';

/**
 * The realized-gains report: every lot a sale consumed, with its acquisition date, cost, share of the sale's
 * proceeds, gain and holding period, grouped by tax year. Exact decimals in base currency.
 */

/** One lot consumed by one SELL, as the position engine booked it (disposals ⋈ lots ⋈ the sale's cashflow). */
export interface LotDisposalRow {
  transaction_id: string;
  security_id: string;
  disposal_date: IsoDate;
  lot_id: string;
  acquisition_date: IsoDate;
  quantity: string;
  cost_base: string;
  /** The whole sale's net proceeds in base (its cashflow: (gross − fee) × rate). */
  sale_proceeds_base: string;
}

export type Term = 'SHORT' | 'LONG';

export interface LotGain {
  disposal_date: IsoDate;
  transaction_id: string;
  security_id: string;
  lot_id: string;
  acquisition_date: IsoDate;
  quantity: string;
  cost: string;
  proceeds: string;
  gain: string;
  holding_period_days: number;
  term: Term;
}

export interface GainTotals {
  proceeds: string;
  cost: string;
  gain: string;
  short_term_gain: string;
  long_term_gain: string;
  disposal_count: number;
}

export interface TaxYear extends GainTotals {
  tax_year: string;
  start_date: IsoDate;
  end_date: IsoDate;
  disposals: LotGain[];
}

export interface RealizedGainsOptions {
  /** First day of the tax year as MM-DD (01-01: calendar years; 04-06: the UK's). */
  taxYearStart: string;
  /** A lot held more than this many calendar days is LONG term. */
  longTermAfterDays: number;
}

export const DEFAULT_REALIZED_GAINS_OPTIONS: RealizedGainsOptions = {
  taxYearStart: '01-01',
  longTermAfterDays: 365,
};

/** A valid MM-DD tax-year start in every year (29 February is not: it would move). */
export const isTaxYearStart = (s: string): boolean => /^\d{2}-\d{2}$/.test(s) && isIsoDate(`2023-${s}`);

/** The tax year holding `date`: it starts on MM-DD of its first calendar year. */
export function taxYearOf(
  date: IsoDate,
  start: string,
): { tax_year: string; start_date: IsoDate; end_date: IsoDate } {
  const y = Number(date.slice(0, 4));
  const first = date.slice(5) >= start ? y : y - 1;
  const start_date = `${yyyy(first)}-${start}`;
  const end_date = addDays(`${yyyy(first + 1)}-${start}`, -1);
  return {
    tax_year: start === '01-01' ? yyyy(first) : `${yyyy(first)}/${yyyy(first + 1)}`,
    start_date,
    end_date,
  };
}

/** A year as ISO 8601 writes it, four digits: year 99 is '0099' ('99-01-01' is no date, and sorts wrong). */
const yyyy = (year: number) => String(year).padStart(4, '0');

/** The tax years overlapping [start, end], in order. */
export function taxYearsBetween(start: IsoDate, end: IsoDate, taxYearStart: string) {
  const years = [];
  let year = taxYearOf(start, taxYearStart);
  while (year.start_date <= end) {
    years.push(year);
    year = taxYearOf(addDays(year.end_date, 1), taxYearStart);
  }
  return years;
}

/**
 * Splits each sale's net proceeds over the lots it consumed in proportion to their quantity (the last lot takes
 * the remainder, so the parts add up to the proceeds exactly and the lots' gains to the booked realized P&L).
 */
function lotGainsOf(rows: readonly LotDisposalRow[], options: RealizedGainsOptions): LotGain[] {
  const sales = new Map<string, LotDisposalRow[]>();
  for (const r of rows) {
    const list = sales.get(r.transaction_id);
    if (list === undefined) sales.set(r.transaction_id, [r]);
    else list.push(r);
  }
  const gains: LotGain[] = [];
  for (const lots of sales.values()) {
    lots.sort((a, b) => compare(a.acquisition_date, b.acquisition_date) || compare(a.lot_id, b.lot_id));
    const proceeds = dec((lots[0] as LotDisposalRow).sale_proceeds_base);
    const quantity = sum(lots.map((l) => dec(l.quantity)));
    let allocated = ZERO;
    lots.forEach((lot, i) => {
      const share: Dec =
        i === lots.length - 1 ? proceeds.minus(allocated) : proRata(proceeds, dec(lot.quantity), quantity);
      allocated = allocated.plus(share);
      const cost = dec(lot.cost_base);
      const days = dayNumber(lot.disposal_date) - dayNumber(lot.acquisition_date);
      gains.push({
        disposal_date: lot.disposal_date,
        transaction_id: lot.transaction_id,
        security_id: lot.security_id,
        lot_id: lot.lot_id,
        acquisition_date: lot.acquisition_date,
        quantity: toNumeric(dec(lot.quantity)),
        cost: toNumeric(cost),
        proceeds: toNumeric(share),
        gain: toNumeric(share.minus(cost)),
        holding_period_days: days,
        term: days > options.longTermAfterDays ? 'LONG' : 'SHORT',
      });
    });
  }
  return gains.sort(
    (a, b) =>
      compare(a.disposal_date, b.disposal_date) ||
      compare(a.transaction_id, b.transaction_id) ||
      compare(a.acquisition_date, b.acquisition_date) ||
      compare(a.lot_id, b.lot_id),
  );
}

function totalsOf(gains: readonly LotGain[]): GainTotals {
  const of = (pick: (g: LotGain) => string, term?: Term) =>
    toNumeric(sum(gains.filter((g) => term === undefined || g.term === term).map((g) => dec(pick(g)))));
  return {
    proceeds: of((g) => g.proceeds),
    cost: of((g) => g.cost),
    gain: of((g) => g.gain),
    short_term_gain: of((g) => g.gain, 'SHORT'),
    long_term_gain: of((g) => g.gain, 'LONG'),
    disposal_count: gains.length,
  };
}

/** The report over [start, end]: every tax year overlapping it (empty ones too), and the totals. */
export function realizedGainsReport(
  rows: readonly LotDisposalRow[],
  period: { start: IsoDate; end: IsoDate },
  options: RealizedGainsOptions = DEFAULT_REALIZED_GAINS_OPTIONS,
): { totals: GainTotals; tax_years: TaxYear[] } {
  const gains = lotGainsOf(
    rows.filter((r) => r.disposal_date >= period.start && r.disposal_date <= period.end),
    options,
  );
  const tax_years = taxYearsBetween(period.start, period.end, options.taxYearStart).map((year) => {
    const disposals = gains.filter(
      (g) => g.disposal_date >= year.start_date && g.disposal_date <= year.end_date,
    );
    return { ...year, ...totalsOf(disposals), disposals };
  });
  return { totals: totalsOf(gains), tax_years };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
