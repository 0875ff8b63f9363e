import type { Sql } from '../db.ts';

/** A position held on a date with what the constituents answer shows of its instrument (bond terms too). */
export interface ConstituentRow {
  security_id: string;
  name: string | null;
  product_type: string | null;
  asset_class: string | null;
  sector: string | null;
  currency: string | null;
  quantity: number;
  market_price: number | null;
  price_date: string | null;
  valuation_status: string;
  incomplete_reason: string | null;
  eod_market_value_local: number | null;
  eod_market_value: number | null;
  cost_basis: number;
  unrealized_gain_loss: number | null;
  maturity_date: string | null;
  issue_date: string | null;
  coupon_rate: string | null;
  coupon_frequency: string | null;
  day_count: string | null;
  [k: string]: unknown;
}

/** The positions of the portfolio on the date (quantity ≠ 0), from position_daily, with instrument fields. */
export function findConstituents(db: Sql, portfolioId: string, date: string): Promise<ConstituentRow[]> {
  return db.query<ConstituentRow>(
    `SELECT d.security_id, i.name, i.product_type, i.asset_class, i.sector, i.currency::text AS currency,
            d.quantity, d.market_price, d.price_date::text AS price_date, d.valuation_status, d.incomplete_reason,
            d.eod_market_value_local, d.eod_market_value, d.cost_basis, d.unrealized_gain_loss,
            i.maturity_date::text AS maturity_date, i.issue_date::text AS issue_date,
            trim_scale(i.coupon_rate)::text AS coupon_rate, i.coupon_frequency, i.day_count
     FROM position_daily d LEFT JOIN instruments i ON i.security_id = d.security_id
     WHERE d.portfolio_id = $1 AND d.date = $2::date AND d.quantity <> 0
     ORDER BY d.security_id`,
    [portfolioId, date],
  );
}
