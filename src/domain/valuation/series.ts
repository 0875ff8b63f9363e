import { calendarDays } from '../dates.ts';
import type { IsoDate } from '../records/types.ts';
import { addReason, type DayTotals, emptyTotals, REASON_SEPARATOR } from './day-totals.ts';
import { type DayFx, positionDays } from './position-days.ts';
import type {
  FxConversion,
  FxConverter,
  PortfolioDay,
  PortfolioInput,
  PortfolioSeries,
  PositionDay,
} from './types.ts';

/**
 * Values a portfolio over every calendar day first_day..last_day in one pass per position (design §5):
 * the position daily series (local and base) and the portfolio daily series in base.
 *
 * A portfolio day: EOD = Σ of its positions' base EOD values; BOD = the previous day's EOD (0 on the first
 * day); flows = the external (portfolio) flows by timing, + into the portfolio; fees = real fees only;
 * income; realized P&L of the day. A position that cannot be valued in base is left out of the sum but
 * makes the day incomplete with its reason (never counted as 0, §14.7), and so does a blocked key from its
 * blocked date on. Positions, their history and cashflows are sorted here, so the output does not depend
 * on the order of the inputs.
 */
export function valuePortfolio(input: PortfolioInput): PortfolioSeries {
  const days = calendarDays(input.first_day, input.last_day);
  const totals = emptyTotals(days.length);
  const ctx = { days, baseCurrency: input.base_currency, fx: memoisedFx(input.fx, days) };
  const positions = [...input.positions].sort((a, b) =>
    a.security_id < b.security_id ? -1 : a.security_id > b.security_id ? 1 : 0,
  );

  const rows: PositionDay[] = [];
  for (const position of positions) {
    for (const row of positionDays(position, input.prices(position.security_id), ctx, totals)) rows.push(row);
    if (position.blocked_from !== null)
      markBlocked(totals, days, position.blocked_from, position.security_id);
  }
  return { positions: rows, portfolio: portfolioDays(days, totals) };
}

function portfolioDays(days: readonly IsoDate[], totals: DayTotals): PortfolioDay[] {
  const out: PortfolioDay[] = [];
  let bod = 0;
  for (let i = 0; i < days.length; i++) {
    const reasons = totals.reasons[i];
    const eod = totals.eod[i] as number;
    out.push({
      date: days[i] as IsoDate,
      bod_market_value: bod,
      eod_market_value: eod,
      bod_cashflow: totals.bodCashflow[i] as number,
      eod_cashflow: totals.eodCashflow[i] as number,
      fees: totals.fees[i] as number,
      income: totals.income[i] as number,
      realized_gain_loss: totals.realized[i] as number,
      complete: reasons === undefined,
      incomplete_reason: reasons === undefined ? null : reasons.join(REASON_SEPARATOR),
    });
    bod = eod;
  }
  return out;
}

function markBlocked(totals: DayTotals, days: readonly IsoDate[], from: IsoDate, securityId: string): void {
  for (let i = 0; i < days.length; i++) {
    if ((days[i] as IsoDate) >= from) addReason(totals, i, `POSITION_BLOCKED ${securityId}`);
  }
}

/** The converter per day index, memoised per currency pair: every position in a currency shares its rates. */
function memoisedFx(fx: FxConverter, days: readonly IsoDate[]): DayFx {
  const MISSING = null;
  const memo = new Map<string, (FxConversion | typeof MISSING | undefined)[]>();
  return (from, to, day) => {
    const key = `${from}/${to}`;
    let byDay = memo.get(key);
    if (byDay === undefined) {
      byDay = new Array<FxConversion | typeof MISSING | undefined>(days.length);
      memo.set(key, byDay);
    }
    let hit = byDay[day];
    if (hit === undefined) {
      hit = fx(from, to, days[day] as IsoDate) ?? MISSING;
      byDay[day] = hit;
    }
    return hit ?? undefined;
  };
}
