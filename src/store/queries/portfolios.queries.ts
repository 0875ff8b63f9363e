import type { PortfolioRecord } from '../../domain/records/types.ts';
import type { Sql } from '../db.ts';
import { filterOf } from './sql-filter.ts';

/** A portfolio as the query API returns it: every business column and the fact's version. */
export type PortfolioView = PortfolioRecord & { version: number; [k: string]: unknown };

export interface PortfolioFilter {
  portfolio_id?: string | undefined;
  client_id?: string | undefined;
  booking_center_code?: string | undefined;
  /** Only these portfolios (the portfolios an API key is limited to); undefined: every portfolio. */
  portfolio_ids?: readonly string[] | undefined;
}

const COLUMNS = `portfolio_id, base_currency, open_date, close_date, risk_exposure, investment_time_horizon,
  portfolio_type, objective, booking_center_code, client_id, is_leverage_allowed, advisor_id, status,
  cost_basis_method, cash_mode, version`;

export async function findPortfolios(db: Sql, filter: PortfolioFilter): Promise<PortfolioView[]> {
  const { where, params } = filterOf([
    ['portfolio_id = ?', filter.portfolio_id],
    ['client_id = ?', filter.client_id],
    ['booking_center_code = ?', filter.booking_center_code],
    ['portfolio_id = ANY(?::text[])', filter.portfolio_ids],
  ]);
  return db.query<PortfolioView>(`SELECT ${COLUMNS} FROM portfolios ${where} ORDER BY portfolio_id`, params);
}

export async function findPortfolio(db: Sql, portfolioId: string): Promise<PortfolioView | undefined> {
  const rows = await db.query<PortfolioView>(`SELECT ${COLUMNS} FROM portfolios WHERE portfolio_id = $1`, [
    portfolioId,
  ]);
  return rows[0];
}

/**
 * Whether anything is known under the portfolio id: the portfolio itself or a transaction booked to it
 * (a transaction may arrive before its portfolio and waits for it).
 */
export async function portfolioIsKnown(db: Sql, portfolioId: string): Promise<boolean> {
  const rows = await db.query<{ known: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM portfolios WHERE portfolio_id = $1)
         OR EXISTS (SELECT 1 FROM transactions WHERE portfolio_id = $1) AS known`,
    [portfolioId],
  );
  return rows[0]?.known ?? false;
}
