import type { InstrumentRecord } from '../../domain/records/types.ts';
import type { Sql } from '../db.ts';
import { filterOf, nextParam } from './sql-filter.ts';

export type InstrumentView = InstrumentRecord & { version: number; [k: string]: unknown };

export interface InstrumentFilter {
  security_id?: string | undefined;
  product_type?: string | undefined;
  asset_class?: string | undefined;
  currency?: string | undefined;
}

export interface Page {
  skip: number;
  limit: number;
}

const COLUMNS = `security_id, name, isin, currency, product_type, asset_class, sector, country_of_risk, rating,
  maturity_date, issuer_id, issuer_name, ultimate_parent_issuer_id, ultimate_parent_issuer_name,
  coupon_rate, coupon_frequency, day_count, issue_date, version`;

export async function findInstruments(
  db: Sql,
  filter: InstrumentFilter,
  page: Page,
): Promise<{ total: number; instruments: InstrumentView[] }> {
  const conditions = [
    ['security_id = ?', filter.security_id],
    ['product_type = ?', filter.product_type],
    ['asset_class = ?', filter.asset_class],
    ['currency = ?', filter.currency],
  ] as const;
  const counted = filterOf(conditions);
  const [count] = await db.query<{ total: number }>(
    `SELECT count(*)::int8 AS total FROM instruments ${counted.where}`,
    counted.params,
  );
  const paged = filterOf(conditions);
  const instruments = await db.query<InstrumentView>(
    `SELECT ${COLUMNS} FROM instruments ${paged.where} ORDER BY name, security_id
     LIMIT ${nextParam(paged, page.limit)} OFFSET ${nextParam(paged, page.skip)}`,
    paged.params,
  );
  return { total: count?.total ?? 0, instruments };
}
