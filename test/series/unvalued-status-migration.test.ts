import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { stores } from '../support/stores.ts';

const MIGRATION = fs.readFileSync(
  new URL('../../src/store/migrations/0009_unvalued_status.sql', import.meta.url),
  'utf8',
);

describe.each(stores())('migration 0009 (UNVALUED without a base value) on $kind', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await store.open();
  });
  afterAll(() => db?.close());

  it('marks held rows without a base market value UNVALUED, and nothing else', async () => {
    // As the series stage wrote them before issue 10: a price but no FX to base said CURRENT or STALE.
    const row = (security_id: string, quantity: number, mv: number | null, status: string) =>
      db.query(
        `INSERT INTO position_daily (portfolio_id, security_id, date, quantity, cost_basis, cost_basis_local,
           valuation_status, eod_market_value, bod_cashflow_local, eod_cashflow_local, bod_cashflow, eod_cashflow,
           income, fees)
         VALUES ('P', $1, '2024-01-05', $2, 100, 100, $3, $4, 0, 0, 0, 0, 0, 0)`,
        [security_id, quantity, status, mv],
      );
    await row('NO_FX', 10, null, 'CURRENT');
    await row('NO_FX_STALE', 10, null, 'STALE');
    await row('VALUED', 10, 1000, 'STALE');
    await row('CLOSED', 0, null, 'CURRENT');
    await db.exec(MIGRATION);
    const statuses = await db.query<{ security_id: string; valuation_status: string }>(
      'SELECT security_id, valuation_status FROM position_daily ORDER BY security_id',
    );
    expect(statuses.map((r) => [r.security_id, r.valuation_status])).toEqual([
      ['CLOSED', 'CURRENT'],
      ['NO_FX', 'UNVALUED'],
      ['NO_FX_STALE', 'UNVALUED'],
      ['VALUED', 'STALE'],
    ]);
  });
});
