import { addDays } from '../../dates.ts';
import { dailyReturnOf, type PortfolioSeries, windowOf } from '../performance/series.ts';
import { linkReturns } from '../returns/linking.ts';
import type { IsoDate } from '../returns/types.ts';
import type { ActiveDay, DayBook, PositionDayFigures, PositionDayInput } from './types.ts';

/**
 * A position's capital at work on a day (base currency):
 * - a security: its BOD value, plus its BOD flows (a purchase is invested all day), plus the fees and taxes
 *   paid through it (they reach it from its cash leg at the close and leave as its loss; taken at the open,
 *   like a purchase, since their cash leg is);
 * - a cash position: its BOD value, plus its external BOD flows (deposits), plus its internal EOD flows. The
 *   daily series books a trade's cash leg at the opposite timing to the trade (a BUY at the open, its cash
 *   leg — a SELL of cash — at the close; a SELL or a dividend at the close, its cash leg at the open): read as
 *   recorded, the traded amount would sit in both positions at the open, or in neither. So cash paid out for
 *   a purchase (or a fee) leaves at the open, cash received from a sale or income arrives at the close.
 * Then the positions' capital adds up to the portfolio's TWR base, BOD value + BOD external flows.
 */
export function capitalAtWork(row: PositionDayInput, bod: number): number {
  if (!row.is_cash) return bod + row.bod_cashflow + row.expenses_paid;
  const internalEod = row.eod_cashflow - row.external_eod_cashflow;
  return bod + row.external_bod_cashflow + internalEod;
}

/**
 * A position's GROSS gain of the day (base currency): EOD − BOD − every flow into it, with a FEE paid through
 * it added back (the portfolio's GROSS return adds those back; a FEE on cash is an external flow, no loss).
 */
export const gainOf = (row: PositionDayInput, bod: number, eod: number): number =>
  eod - bod - row.bod_cashflow - row.eod_cashflow + row.fees_in_value;

/** Why the window's rows cannot be used, beyond what windowOf says: a missing day. */
function gapIn(rows: readonly { date: IsoDate }[]): string | null {
  for (let i = 1; i < rows.length; i++) {
    const expected = addDays(rows[i - 1]!.date, 1);
    if (rows[i]!.date !== expected) return `the daily series has no row on ${expected}`;
  }
  return null;
}

/**
 * The period's days with the portfolio's return, capital base and each position's capital and gain: the
 * common input of contribution and attribution. `series` is the portfolio's daily series (with its span) from
 * the close before `start` through `end`, as /performance reads it; `positionRows` the positions' rows over
 * start..end in any order (a position without a row on a day held nothing and gained nothing). The portfolio's
 * return is /performance's GROSS TWR over the same window (the same functions); days with no capital at work
 * (before the first deposit) are left out, as its linking leaves them out.
 */
export function buildDayBook(
  series: PortfolioSeries,
  positionRows: readonly PositionDayInput[],
  window: { start_date: IsoDate; end_date: IsoDate },
): DayBook {
  const w = windowOf(series, window.start_date, window.end_date);
  if (w.unknown !== null) return { ok: false, reason: w.unknown };
  const gap = gapIn(w.rows);
  if (gap !== null) return { ok: false, reason: gap };
  const daily = w.rows.map((r) => dailyReturnOf(r, 'GROSS'));
  const cumulative = linkReturns(daily);
  if (cumulative.value === null) return { ok: false, reason: cumulative.reason };

  const byDate = new Map<IsoDate, PositionDayInput[]>();
  for (const row of positionRows) {
    const list = byDate.get(row.date);
    if (list === undefined) byDate.set(row.date, [row]);
    else list.push(row);
  }
  const days: ActiveDay[] = [];
  for (let i = 0; i < w.rows.length; i++) {
    const row = w.rows[i]!;
    const r = daily[i]!;
    if (r.value === null) continue; // idle: an undefined day made the cumulative null above
    const positions: PositionDayFigures[] = [];
    let positionsCapital = 0;
    for (const p of byDate.get(row.date) ?? []) {
      if (p.bod_market_value === null || p.eod_market_value === null) {
        const when =
          p.bod_market_value === null ? `at the close of ${addDays(row.date, -1)}` : `on ${row.date}`;
        const why = p.incomplete_reason ? ` (${p.incomplete_reason})` : '';
        return { ok: false, reason: `${p.security_id} is not valued ${when}${why}` };
      }
      const capital = capitalAtWork(p, p.bod_market_value);
      positionsCapital += capital;
      positions.push({
        security_id: p.security_id,
        capital,
        gain: gainOf(p, p.bod_market_value, p.eod_market_value),
      });
    }
    days.push({
      date: row.date,
      portfolio_return: r.value,
      capital: row.bod_market_value + row.bod_cashflow,
      positions_capital: positionsCapital,
      positions,
    });
  }
  return { ok: true, days, daily, portfolio_return: cumulative };
}
