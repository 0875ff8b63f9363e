import type { Sql } from '../db.ts';

/** The legacy summary's period figures (seed-system §12.6), exact: cashflows in base by bucket, realized P&L. */
export interface SummaryFlowRow {
  /** classification, with TRANSFER split by sign (TRANSFER_IN / TRANSFER_OUT) and INCOME by type (DIVIDEND / INTEREST). */
  bucket: string;
  amount_base: string;
  [k: string]: unknown;
}

/** Σ amount_base of the portfolio's cashflows dated in [start, end], per bucket (the original's split). */
export function summaryFlowsOf(db: Sql, portfolioId: string, start: string, end: string) {
  return db.query<SummaryFlowRow>(
    `SELECT bucket, trim_scale(sum(amount_base))::text AS amount_base
     FROM (SELECT amount_base,
                  CASE WHEN classification = 'TRANSFER' AND amount_base >= 0 THEN 'TRANSFER_IN'
                       WHEN classification = 'TRANSFER' THEN 'TRANSFER_OUT'
                       WHEN classification = 'INCOME' AND f.transaction_type = 'INTEREST' THEN 'INTEREST'
                       WHEN classification = 'INCOME' THEN 'DIVIDEND'
                       ELSE classification END AS bucket
           FROM (SELECT c.amount_base, c.classification, t.transaction_type
                 FROM cashflows c JOIN transactions t ON t.transaction_id = c.transaction_id
                 WHERE c.portfolio_id = $1 AND c.cashflow_date BETWEEN $2::date AND $3::date) f) b
     GROUP BY bucket ORDER BY bucket`,
    [portfolioId, start, end],
  );
}

/** Σ realized P&L (base) of the transactions booked in [start, end]. */
export async function realizedBetween(db: Sql, portfolioId: string, start: string, end: string) {
  const rows = await db.query<{ realized: string }>(
    `SELECT trim_scale(coalesce(sum(realized_gain_loss), 0))::text AS realized FROM transaction_costs
     WHERE portfolio_id = $1 AND position_date BETWEEN $2::date AND $3::date`,
    [portfolioId, start, end],
  );
  return rows[0]?.realized ?? '0';
}

/** The latest date of the portfolio's daily series on or before `date` (null: none). */
export async function seriesDateOnOrBefore(db: Sql, portfolioId: string, date: string) {
  const rows = await db.query<{ d: string | null }>(
    'SELECT max(date)::text AS d FROM portfolio_daily WHERE portfolio_id = $1 AND date <= $2::date',
    [portfolioId, date],
  );
  return rows[0]?.d ?? null;
}
