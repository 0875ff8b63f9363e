import { addDays } from '../../dates.ts';
import { type Figure, figureOf, splitFigures } from '../figure.ts';
import type { ResolvedPeriod } from '../periods.ts';
import { annualizedOver } from '../returns/annualize.ts';
import { dailyReturn } from '../returns/daily-return.ts';
import { linkReturns } from '../returns/linking.ts';
import type { DailyReturnConventions, IsoDate, NetOrGross } from '../returns/types.ts';
import { rowsWithin, type SeriesSpan } from './series.ts';

/**
 * Position-level TWR in the instrument's (local) currency and in the portfolio's base currency, from
 * position_daily. The original ran its portfolio engine on position rows in local currency and multiplied by
 * an FX rate for the base return (§12.2); here both come from the series' own local and base columns.
 */

/** One row of position_daily with its instrument's currency and cash-ness. */
export interface PositionSeriesRow {
  security_id: string;
  date: IsoDate;
  currency: string | null;
  is_cash: boolean;
  bod_market_value_local: number | null;
  eod_market_value_local: number | null;
  /** Money into the position (a BUY's cost at BOD, a SELL's proceeds out at EOD, …), local currency. */
  bod_cashflow_local: number;
  eod_cashflow_local: number;
  bod_market_value: number | null;
  eod_market_value: number | null;
  bod_cashflow: number;
  eod_cashflow: number;
  /** FEE transactions on the position, base currency, ≥ 0. */
  fees: number;
  /** Instrument currency → base. */
  fx_rate: number | null;
  incomplete_reason: string | null;
}

/**
 * How a position's fees show in its rows: a FEE on cash is an external flow of the cash position (GROSS is the
 * flow-adjusted gain, NET subtracts the fee); a FEE on a security enters the security as a flow and leaves as
 * its loss (the gain is NET, GROSS adds it back).
 */
const conventionsOf = (isCash: boolean, netOrGross: NetOrGross): DailyReturnConventions => ({
  flow_timing: 'as_recorded',
  net_or_gross: netOrGross,
  fee_booking: isCash ? 'external_flow' : 'market_value',
});

/** Why a position row cannot give a return, else null. */
function incompleteOf(row: PositionSeriesRow): string | null {
  const valued =
    row.bod_market_value !== null &&
    row.eod_market_value !== null &&
    row.bod_market_value_local !== null &&
    row.eod_market_value_local !== null;
  if (row.incomplete_reason === null && valued) return null;
  return `the valuation of ${row.security_id} on ${row.date} is incomplete (${row.incomplete_reason ?? 'not valued'})`;
}

function linkedReturns(
  rows: readonly PositionSeriesRow[],
  currency: 'local' | 'base',
  netOrGross: NetOrGross,
): Figure {
  const daily = rows.map((r) => {
    const fees = currency === 'base' ? r.fees : r.fx_rate ? r.fees / r.fx_rate : 0;
    const local = currency === 'local';
    const day = {
      date: r.date,
      bod_market_value: (local ? r.bod_market_value_local : r.bod_market_value) as number,
      eod_market_value: (local ? r.eod_market_value_local : r.eod_market_value) as number,
      bod_cashflow: local ? r.bod_cashflow_local : r.bod_cashflow,
      eod_cashflow: local ? r.eod_cashflow_local : r.eod_cashflow,
      fees,
    };
    return dailyReturn(day, conventionsOf(r.is_cash, netOrGross));
  });
  return linkReturns(daily);
}

/** The positions' rows grouped by security, each group in date order (rows come by security, then date). */
export function bySecurity(rows: readonly PositionSeriesRow[]): Map<string, PositionSeriesRow[]> {
  const groups = new Map<string, PositionSeriesRow[]>();
  for (const row of rows) {
    let group = groups.get(row.security_id);
    if (group === undefined) {
      group = [];
      groups.set(row.security_id, group);
    }
    group.push(row);
  }
  return groups;
}

/**
 * Each position's local and base TWR over the period, for every position with a row in it (a position not
 * held in the period has none). `currency_return` = (1 + base) / (1 + local) − 1: the part of the base return
 * the currency explains, geometrically.
 */
export function positionReturns(
  groups: ReadonlyMap<string, readonly PositionSeriesRow[]>,
  span: SeriesSpan,
  period: ResolvedPeriod,
  netOrGross: NetOrGross,
) {
  const out = [];
  const seriesEnded =
    span.last !== null && period.end_date > span.last ? `the daily series end on ${span.last}` : null;
  const annualize = (f: Figure) =>
    annualizedOver(f, { basis: 'act365_25', start: addDays(period.start_date, -1), end: period.end_date });
  for (const [security_id, all] of groups) {
    const rows = rowsWithin(all, period.start_date, period.end_date);
    if (rows.length === 0) continue;
    const incomplete = rows.map(incompleteOf).filter((r) => r !== null);
    const unknown = seriesEnded ?? incomplete[0] ?? null;
    const local: Figure =
      unknown !== null ? { value: null, reason: unknown } : linkedReturns(rows, 'local', netOrGross);
    const base: Figure =
      unknown !== null ? { value: null, reason: unknown } : linkedReturns(rows, 'base', netOrGross);
    const currency: Figure =
      local.value === null
        ? local
        : base.value === null
          ? base
          : 1 + local.value === 0
            ? { value: null, reason: 'the local return is −100 %' }
            : figureOf((1 + base.value) / (1 + local.value) - 1);
    const figures = splitFigures({
      local_return: local,
      base_return: base,
      currency_return: currency,
      local_annualized_return: annualize(local),
      base_annualized_return: annualize(base),
    });
    out.push({
      security_id,
      currency: rows[0]!.currency,
      is_cash: rows[0]!.is_cash,
      ...figures.values,
      incomplete_days: incomplete.length,
      null_reasons: figures.null_reasons,
    });
  }
  return out;
}
