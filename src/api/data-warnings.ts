import { defaultCalendarNote } from '../domain/default-calendar.ts';
import { seriesCalendar } from '../store/calendar.ts';
import type { Sql } from '../store/db.ts';
import { tradesWithoutCash } from '../store/queries/data-warnings.queries.ts';
import type { DataWarning } from './schemas/data-warnings.schemas.ts';

export const TRADES_WITHOUT_CASH_NOTE =
  'trades without cash legs: purchases count as gains and sales as losses. Book the cash side of each trade ' +
  'on a cash instrument, or set the portfolio’s cash_mode to AUTO so the system books it';

/**
 * The data warnings of a portfolio's answers (schemas/data-warnings.schemas.ts): the default calendar, and,
 * for returns, trades that move no cash. `{}` when there is nothing to say, so the field stays absent.
 */
export async function dataWarningsOf(
  db: Sql,
  portfolioId: string,
  { returns }: { returns: boolean },
): Promise<{ data_warnings?: DataWarning[] }> {
  const warnings: DataWarning[] = [];
  const calendar = await seriesCalendar(db);
  if (calendar.source === 'DEFAULT_WEEKDAYS') {
    warnings.push({ code: 'DEFAULT_CALENDAR', message: defaultCalendarNote(calendar.last_day) });
  }
  if (returns && (await tradesWithoutCash(db, portfolioId))) {
    warnings.push({ code: 'TRADES_WITHOUT_CASH', message: TRADES_WITHOUT_CASH_NOTE });
  }
  return warnings.length === 0 ? {} : { data_warnings: warnings };
}
