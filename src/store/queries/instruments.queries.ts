import type { InstrumentRecord } from '../../domain/records/types.ts';
import type { Sql } from '../db.ts';
import { countOf, pageOf } from './sql-filter.ts';

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

/** A page of instruments by name, and how many match the filter. */
export async function findInstruments(db: Sql, filter: InstrumentFilter, page: Page) {
  const conditions = [
    ['security_id = ?', filter.security_id],
    ['product_type = ?', filter.product_type],
    ['asset_class = ?', filter.asset_class],
    ['currency = ?', filter.currency],
  ] as const;
  const total = await countOf(db, 'instruments', conditions);
  const query = { columns: COLUMNS, from: 'instruments', order: 'name, security_id' };
  return { total, instruments: await pageOf<InstrumentView>(db, query, conditions, page) };
}
