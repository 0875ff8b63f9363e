import { notFound } from '../../domain/errors.ts';
import type { Sql } from '../../store/db.ts';
import {
  findQuarantined,
  findQuarantinedById,
  type QuarantineQuery,
} from '../../store/queries/quarantine.queries.ts';

// The records the stages could not process (poison-record isolation); retrying one is the ingest service's.

export type { QuarantineQuery };

export async function listQuarantined(db: Sql, query: QuarantineQuery) {
  const page = await findQuarantined(db, query);
  return { total: page.total, skip: query.skip, limit: query.limit, items: page.items };
}

/** One quarantined record, or 404. */
export async function quarantinedOf(db: Sql, id: number) {
  const row = await findQuarantinedById(db, id);
  if (!row) throw notFound(`QUARANTINED_RECORD_NOT_FOUND: no quarantined record ${id}`);
  return row;
}
