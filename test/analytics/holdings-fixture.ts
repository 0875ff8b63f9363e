import type { Sql } from '../../src/store/db.ts';
import { type ApiHarness, insertRows, openApi } from '../api/api-harness.ts';
import type { StoreFactory } from '../support/stores.ts';

/**
 * A portfolio's daily series written straight into the store (the stages are not run): what the
 * concentration and rebalance endpoints read. P1 (USD) on two days:
 * - 2024-01-02: A 10 × 50 = 500, B 30 × 10 = 300, C 15 × 10 = 150, CASH 50, and U held but unvalued;
 * - 2024-01-03 (the latest business date): A sold; B 60 × 10 = 600, CASH 400.
 * A and B share the ultimate parent P ("Parent Plc", named on A only); C's issuer Z has no parent.
 */

export const PORTFOLIO = {
  portfolio_id: 'P1',
  base_currency: 'USD',
  open_date: '2024-01-01',
  risk_exposure: 'Medium',
  investment_time_horizon: 'Long',
  portfolio_type: 'Discretionary',
  booking_center_code: 'SG',
  client_id: 'C1',
  status: 'ACTIVE',
};

const instrument = (security_id: string, over: Record<string, unknown> = {}) => ({
  security_id,
  name: `${security_id} name`,
  isin: `ISIN${security_id}`,
  currency: 'USD',
  product_type: 'Equity',
  asset_class: 'Equity',
  sector: null,
  issuer_id: null,
  issuer_name: null,
  ultimate_parent_issuer_id: null,
  ultimate_parent_issuer_name: null,
  ...over,
});

export const INSTRUMENTS = [
  instrument('A', {
    sector: 'Technology',
    issuer_id: 'X',
    issuer_name: 'Ex Ltd',
    ultimate_parent_issuer_id: 'P',
    ultimate_parent_issuer_name: 'Parent Plc',
  }),
  instrument('B', {
    sector: 'Technology',
    issuer_id: 'Y',
    issuer_name: 'Why Ltd',
    ultimate_parent_issuer_id: 'P',
  }),
  instrument('C', { sector: 'Health Care', issuer_id: 'Z', issuer_name: 'Zed Corp' }),
  instrument('U', { sector: 'Energy' }),
  instrument('CASH', { product_type: 'Cash', asset_class: 'Cash' }),
];

type Day = Array<[security_id: string, quantity: number, market_value: number | null]>;

export const DAYS: Record<string, Day> = {
  '2024-01-02': [
    ['A', 10, 500],
    ['B', 30, 300],
    ['C', 15, 150],
    ['CASH', 50, 50],
    ['U', 7, null],
  ],
  '2024-01-03': [
    ['B', 60, 600],
    ['CASH', 400, 400],
  ],
};

async function insertPlain(db: Sql, table: string, rows: ReadonlyArray<Record<string, unknown>>) {
  const columns = Object.keys(rows[0]!);
  const params: unknown[] = [];
  const placeholder = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const tuples = rows.map((row) => `(${columns.map((c) => placeholder(row[c])).join(', ')})`);
  await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
}

export async function seedHoldings(db: Sql): Promise<void> {
  await insertRows(db, 'portfolios', [PORTFOLIO]);
  await insertRows(db, 'instruments', INSTRUMENTS);
  await insertRows(
    db,
    'business_dates',
    Object.keys(DAYS).map((business_date) => ({ business_date })),
  );
  for (const [date, positions] of Object.entries(DAYS)) {
    const unvalued = positions.some(([, , mv]) => mv === null);
    const total = positions.reduce((s, [, , mv]) => s + (mv ?? 0), 0);
    // The series stage's format: '<REASON> <security_id>' per position, joined by '; '.
    const dayReason = positions
      .filter(([, , mv]) => mv === null)
      .map(([security_id]) => `NO_PRICE ${security_id}`)
      .join('; ');
    await insertPlain(db, 'portfolio_daily', [
      {
        portfolio_id: 'P1',
        date,
        bod_market_value: total,
        eod_market_value: total,
        bod_cashflow: 0,
        eod_cashflow: 0,
        fees: 0,
        income: 0,
        realized_gain_loss: 0,
        complete: !unvalued,
        incomplete_reason: unvalued ? dayReason : null,
      },
    ]);
    await insertPlain(
      db,
      'position_daily',
      positions.map(([security_id, quantity, mv]) => ({
        portfolio_id: 'P1',
        security_id,
        date,
        quantity,
        cost_basis: mv ?? 0,
        cost_basis_local: mv ?? 0,
        valuation_status: mv === null ? 'UNVALUED' : 'CURRENT',
        eod_market_value: mv,
        eod_market_value_local: mv,
        bod_cashflow_local: 0,
        eod_cashflow_local: 0,
        bod_cashflow: 0,
        eod_cashflow: 0,
        income: 0,
        fees: 0,
        incomplete_reason: mv === null ? 'NO_PRICE' : null,
      })),
    );
  }
}

/** An API on a fresh database with the holdings above written into it. */
export async function openHoldings(store: StoreFactory): Promise<ApiHarness> {
  const h = await openApi(store);
  await seedHoldings(h.system.db);
  return h;
}
