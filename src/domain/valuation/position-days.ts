import type { IsoDate } from '../records/types.ts';
import { addReason, type DayTotals } from './day-totals.ts';
import { feeOf, flowSign, incomeOf, isExternalFlow } from './flows.ts';
import type {
  CashflowPoint,
  FxConversion,
  HistoryPoint,
  PositionDay,
  PositionInput,
  PriceSeries,
  ValuationStatus,
} from './types.ts';

/** FX of the series: `from` → `to` on the day with index `day` (memoised by the caller). */
export type DayFx = (from: string, to: string, day: number) => FxConversion | undefined;

export interface SeriesContext {
  days: readonly IsoDate[];
  baseCurrency: string;
  fx: DayFx;
}

interface DayPrice {
  /** In the instrument's currency; null when there is none or it cannot be converted. */
  local: number | null;
  date: IsoDate | null;
  status: ValuationStatus;
  reason: string | null;
}

interface DayFlows {
  bodLocal: number;
  eodLocal: number;
  bod: number;
  eod: number;
  income: number;
  fees: number;
  reason: string | null;
}

/**
 * The daily rows of one position, walking the calendar once with a cursor into each of its sorted inputs
 * (history, cashflows, prices): O(days + facts), no search per day. Adds the position's base figures and the
 * portfolio's external flows of its cashflows to `totals`.
 *
 * A day's state is the last history row on or before it; BOD values are the previous day's EOD values (0
 * before the position exists). After a position is closed, days with quantity 0 and no activity are left
 * out: their values are 0 and their BOD is the 0 of the day before, so nothing is lost.
 */
export function positionDays(
  position: PositionInput,
  prices: PriceSeries | undefined,
  ctx: SeriesContext,
  totals: DayTotals,
): PositionDay[] {
  const { days, baseCurrency } = ctx;
  const history = sortedHistory(position.history);
  const cashflows = sortedCashflows(position.cashflows);
  const start = firstDayIndex(days, history, cashflows);
  const rows: PositionDay[] = [];
  if (start < 0) return rows;

  const instrument = position.instrument;
  const isCash = instrument?.is_cash ?? false;
  let h = 0;
  let c = 0;
  let p = -1;
  let state: HistoryPoint | undefined;
  let bodLocal: number | null = 0;
  let bod: number | null = 0;

  for (let i = start; i < days.length; i++) {
    const date = days[i] as IsoDate;
    let active = false;
    while (h < history.length && (history[h] as HistoryPoint).position_date <= date) {
      state = history[h] as HistoryPoint;
      active ||= state.position_date === date;
      h++;
    }
    while (c < cashflows.length && (cashflows[c] as CashflowPoint).cashflow_date < date) c++;
    const from = c;
    while (c < cashflows.length && (cashflows[c] as CashflowPoint).cashflow_date === date) c++;
    active ||= c > from;
    if (prices !== undefined) {
      while (p + 1 < prices.dates.length && (prices.dates[p + 1] as IsoDate) <= date) p++;
    }

    const quantity = state?.quantity ?? 0;
    const costBasis = state?.cost_basis ?? 0;
    const costBasisLocal = state?.cost_basis_local ?? 0;
    const price = priceOfDay(instrument, prices, p, date, i, ctx.fx);
    const toBase = instrument === null ? undefined : ctx.fx(instrument.currency, baseCurrency, i);

    // A position of 0 is worth exactly 0, whatever its price or FX; otherwise a missing input gives null.
    let eodLocal: number | null = null;
    let eod: number | null = null;
    let reason: string | null = null;
    if (quantity === 0) eodLocal = eod = 0;
    else if (instrument === null) reason = 'NO_INSTRUMENT';
    else if (price.local === null) reason = price.reason;
    else {
      eodLocal = quantity * price.local;
      if (toBase === undefined) reason = `MISSING_FX ${instrument.currency}/${baseCurrency}`;
      else eod = eodLocal * toBase.rate;
    }

    const flows = flowsOfDay(cashflows, from, c, isCash, instrument?.currency ?? null, ctx, i);
    const blocked = position.blocked_from !== null && date >= position.blocked_from;
    reason ??= flows.reason ?? (blocked ? 'POSITION_BLOCKED' : null);

    if (eod === null) addReason(totals, i, `${reason} ${position.security_id}`);
    else totals.eod[i] = (totals.eod[i] as number) + eod;
    totals.fees[i] = (totals.fees[i] as number) + flows.fees;
    totals.income[i] = (totals.income[i] as number) + flows.income;
    for (let k = from; k < c; k++) {
      const cf = cashflows[k] as CashflowPoint;
      totals.realized[i] = (totals.realized[i] as number) + cf.realized_gain_loss;
      if (!isExternalFlow(cf, isCash)) continue;
      const into = cf.timing === 'BOD' ? totals.bodCashflow : totals.eodCashflow;
      into[i] = (into[i] as number) + cf.amount_base;
    }

    // Held but not valued in base (no price, no FX to base, no instrument): UNVALUED whatever the price date.
    const status: ValuationStatus = quantity !== 0 && eod === null ? 'UNVALUED' : price.status;
    if (quantity !== 0 || active) {
      rows.push({
        date,
        security_id: position.security_id,
        quantity,
        cost_basis: costBasis,
        cost_basis_local: costBasisLocal,
        market_price: price.local,
        price_date: price.date,
        valuation_status: status,
        fx_rate: toBase?.rate ?? null,
        fx_date: toBase?.rate_date ?? null,
        bod_market_value_local: bodLocal,
        eod_market_value_local: eodLocal,
        bod_market_value: bod,
        eod_market_value: eod,
        bod_cashflow_local: flows.bodLocal,
        eod_cashflow_local: flows.eodLocal,
        bod_cashflow: flows.bod,
        eod_cashflow: flows.eod,
        income: flows.income,
        fees: flows.fees,
        unrealized_gain_loss_local: eodLocal === null ? null : eodLocal - costBasisLocal,
        unrealized_gain_loss: eod === null ? null : eod - costBasis,
        incomplete_reason: reason,
      });
    }
    bodLocal = eodLocal;
    bod = eod;
  }
  return rows;
}

/**
 * The day's price in the instrument's currency: the latest price on or before the day (cursor `p`), converted
 * from its quote currency when that differs; none yet → UNVALUED (never 0). Cash takes an ingested price the
 * same way (carried forward like any price: a money-market sweep or a cash fund quoted at 1.02), and is worth
 * 1 of its own currency, always current, until its first price fact (docs/methodology.md, "Cash").
 */
function priceOfDay(
  instrument: PositionInput['instrument'],
  prices: PriceSeries | undefined,
  p: number,
  date: IsoDate,
  day: number,
  fx: DayFx,
): DayPrice {
  const unpriced = prices === undefined || p < 0;
  if (instrument?.is_cash && unpriced) return { local: 1, date, status: 'CURRENT', reason: null };
  if (unpriced) return { local: null, date: null, status: 'UNVALUED', reason: 'NO_PRICE' };
  const priceDate = prices.dates[p] as IsoDate;
  const status: ValuationStatus = priceDate === date ? 'CURRENT' : 'STALE';
  const quoted = prices.prices[p] as number;
  const quoteCurrency = prices.currencies[p] as string;
  if (instrument === null || quoteCurrency === instrument.currency) {
    return { local: quoted, date: priceDate, status, reason: null };
  }
  const conversion = fx(quoteCurrency, instrument.currency, day);
  if (conversion === undefined) {
    return {
      local: null,
      date: priceDate,
      status,
      reason: `MISSING_FX ${quoteCurrency}/${instrument.currency}`,
    };
  }
  return { local: quoted * conversion.rate, date: priceDate, status, reason: null };
}

/** The day's flows into the position (cashflows[from, to)), by timing, in local and base; income and fees. */
function flowsOfDay(
  cashflows: readonly CashflowPoint[],
  from: number,
  to: number,
  isCash: boolean,
  instrumentCurrency: string | null,
  ctx: SeriesContext,
  day: number,
): DayFlows {
  const flows: DayFlows = { bodLocal: 0, eodLocal: 0, bod: 0, eod: 0, income: 0, fees: 0, reason: null };
  for (let k = from; k < to; k++) {
    const cf = cashflows[k] as CashflowPoint;
    flows.income += incomeOf(cf);
    flows.fees += feeOf(cf);
    const sign = flowSign(cf, isCash);
    if (sign === 0) continue;
    const local = localAmountOf(cf, instrumentCurrency, ctx, day);
    if (local === undefined) flows.reason ??= `MISSING_FX ${cf.currency}/${instrumentCurrency}`;
    if (cf.timing === 'BOD') {
      flows.bod += sign * cf.amount_base;
      flows.bodLocal += sign * (local ?? 0);
    } else {
      flows.eod += sign * cf.amount_base;
      flows.eodLocal += sign * (local ?? 0);
    }
  }
  return flows;
}

/** A cashflow's amount in the instrument's currency: as booked, or converted from its currency, or from base. */
function localAmountOf(
  cf: CashflowPoint,
  instrumentCurrency: string | null,
  ctx: SeriesContext,
  day: number,
): number | undefined {
  if (instrumentCurrency === null || cf.currency === instrumentCurrency) return cf.amount;
  const direct = ctx.fx(cf.currency, instrumentCurrency, day);
  if (direct !== undefined) return cf.amount * direct.rate;
  const fromBase = ctx.fx(ctx.baseCurrency, instrumentCurrency, day);
  return fromBase === undefined ? undefined : cf.amount_base * fromBase.rate;
}

/** The first day the position exists (its first history row or cashflow, not before the series), or −1. */
function firstDayIndex(
  days: readonly IsoDate[],
  history: readonly HistoryPoint[],
  cashflows: readonly CashflowPoint[],
): number {
  const first = [history[0]?.position_date, cashflows[0]?.cashflow_date]
    .filter((d): d is IsoDate => d !== undefined)
    .sort()[0];
  if (first === undefined || days.length === 0 || first > (days[days.length - 1] as IsoDate)) return -1;
  const index = days.indexOf(first);
  return Math.max(0, index); // a first date before the series: it exists from the first day
}

/** History by date, then replay sequence; rows without a sequence keep their array order within a date. */
function sortedHistory(history: readonly HistoryPoint[]): HistoryPoint[] {
  return [...history].sort(
    (a, b) => compare(a.position_date, b.position_date) || (a.seq ?? 0) - (b.seq ?? 0),
  );
}

/** Cashflows by date and then every field, so that sums of a day never depend on the input's order. */
function sortedCashflows(cashflows: readonly CashflowPoint[]): CashflowPoint[] {
  return [...cashflows].sort(
    (a, b) =>
      compare(a.cashflow_date, b.cashflow_date) ||
      compare(a.timing, b.timing) ||
      compare(a.transaction_type, b.transaction_type) ||
      a.amount_base - b.amount_base ||
      a.amount - b.amount ||
      compare(a.currency, b.currency) ||
      a.realized_gain_loss - b.realized_gain_loss ||
      (a.fee_base ?? 0) - (b.fee_base ?? 0),
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
