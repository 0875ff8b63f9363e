import { type DATA_WARNING_CODES, TRADES_WITHOUT_CASH_NOTE } from '../../domain/data-warnings.ts';
import { defaultCalendarNote } from '../../domain/default-calendar.ts';
import { seriesCalendar } from '../../store/calendar.ts';
import type { Sql } from '../../store/db.ts';
import { tradesWithoutCash } from '../../store/queries/data-warnings.queries.ts';

type Code = (typeof DATA_WARNING_CODES)[number];

/**
 * The data warnings of a portfolio's answers: the default calendar, and, for returns, trades that move no
 * cash. `{}` when there is nothing to say, so the field stays absent.
 */
export async function dataWarningsOf(
  db: Sql,
  portfolioId: string,
  { returns }: { returns: boolean },
): Promise<{ data_warnings?: Array<{ code: Code; message: string }> }> {
  const warnings: Array<{ code: Code; message: string }> = [];
  const calendar = await seriesCalendar(db);
  if (calendar.source === 'DEFAULT_WEEKDAYS') {
    warnings.push({ code: 'DEFAULT_CALENDAR', message: defaultCalendarNote(calendar.last_day) });
  }
  if (returns && (await tradesWithoutCash(db, portfolioId))) {
    warnings.push({ code: 'TRADES_WITHOUT_CASH', message: TRADES_WITHOUT_CASH_NOTE });
  }
  return warnings.length === 0 ? {} : { data_warnings: warnings };
}
