import type { Sql } from '../../store/db.ts';
import { findOverdrafts } from '../../store/queries/overdrafts.queries.ts';

/** Cash accounts below zero (the data-health flag of an overdraft), of one portfolio or all. */
export async function overdraftsOf(db: Sql, portfolioId: string | undefined) {
  return { overdrafts: await findOverdrafts(db, portfolioId) };
}
