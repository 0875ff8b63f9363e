import { type SeriesCalendar, seriesCalendarOf } from '../domain/default-calendar.ts';
import type { Sql } from './db.ts';

/**
 * The series calendar (src/domain/default-calendar.ts): the latest GLOBAL business date, else weekdays up to
 * the latest fact date. The facts are read only when no business date exists (a newcomer's small data set).
 */
export async function seriesCalendar(db: Sql): Promise<SeriesCalendar> {
  const [bd] = await db.query<{ d: string | null }>(
    `SELECT max(business_date)::text AS d FROM business_dates WHERE calendar_code = 'GLOBAL'`,
  );
  if (bd?.d != null) return seriesCalendarOf(bd.d, null);
  const [facts] = await db.query<{ d: string | null }>(
    `SELECT greatest((SELECT max(transaction_date AT TIME ZONE 'UTC')::date FROM transactions),
                     (SELECT max(price_date) FROM market_prices),
                     (SELECT max(rate_date) FROM fx_rates))::text AS d`,
  );
  return seriesCalendarOf(null, facts?.d ?? null);
}
