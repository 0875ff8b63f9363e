import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.ts';
import type { Sql } from '../../src/store/db.ts';
import { CHECKS, runChecks } from '../../src/store/quality/checks.ts';
import type { QualityReport } from '../../src/store/quality/report.ts';
import { ingestDemo, openPositions, type PositionsHarness } from '../positions/positions-harness.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';

/**
 * The data-quality checks pass on the demo (five portfolios: every base currency, every cost basis method),
 * and each corruption written straight into the database fails the check made for it — and only the checks
 * it must. A corruption is applied in a transaction that is rolled back after the checks ran in it.
 */

class Rollback extends Error {}

async function checkedWith(
  h: PositionsHarness,
  corrupt: (tx: Sql) => Promise<unknown>,
): Promise<QualityReport> {
  let report: QualityReport | undefined;
  await h.db
    .transaction(async (tx) => {
      await corrupt(tx);
      report = await runChecks(tx);
      throw new Rollback();
    })
    .catch((error: unknown) => {
      if (!(error instanceof Rollback)) throw error;
    });
  return report!;
}

/** Picks one row, then runs the checks with `corrupt` applied to it ($1, $2, … are the row's values in order). */
async function checkedWithRow<T extends Record<string, unknown>>(
  h: PositionsHarness,
  pick: string,
  corrupt: string,
): Promise<{ row: T; r: QualityReport }> {
  const [row] = await h.db.query<T>(pick);
  expect(row, pick).toBeDefined();
  const r = await checkedWith(h, (tx) => tx.query(corrupt, Object.values(row!)));
  return { row: row!, r };
}

const failed = (r: QualityReport) =>
  r.checks
    .filter((c) => c.status === 'fail')
    .map((c) => c.name)
    .sort();
const result = (r: QualityReport, name: string) => r.checks.find((c) => c.name === name)!;

describe.each(stores())('data-quality checks on $kind', (store) => {
  const h: PositionsHarness = forSuite(
    () => openPositions(store),
    () => ingestDemo(h, { seed: 7, portfolios: 5, years: 1, endDate: '2025-06-30' }),
  );

  it('GET /data-quality: every check passes on the demo', async () => {
    const report = await h.get('/data-quality');
    expect(failed(report)).toEqual([]);
    expect(report).toMatchObject({ status: 'pass', passed: CHECKS.length, failed: 0 });
    expect(report.checks.map((c: { name: string }) => c.name)).toEqual(CHECKS.map((c) => c.name));
    const categories = new Set(report.checks.map((c: { category: string }) => c.category));
    expect([...categories].sort()).toEqual([
      'accepted_values',
      'identity',
      'not_null',
      'relationships',
      'unique',
    ]);
  });

  it('GET /data-quality reports a failure with its count and examples (committed, then repaired)', async () => {
    const [day] = await h.db.query<{ date: string }>(
      "SELECT date::text AS date FROM portfolio_daily WHERE portfolio_id = 'DEMO_002_EUR' ORDER BY date OFFSET 30 LIMIT 1",
    );
    const where = "portfolio_id = 'DEMO_002_EUR' AND date = $1";
    await h.db.query(`UPDATE portfolio_daily SET complete = false WHERE ${where}`, [day!.date]);
    try {
      const report = await h.get('/data-quality');
      expect(report.status).toBe('fail');
      expect(report.failed).toBe(1);
      const c = report.checks.find((x: { status: string }) => x.status === 'fail');
      expect(c).toEqual({
        name: 'not_null_portfolio_daily_incomplete_reason',
        category: 'not_null',
        table: 'portfolio_daily',
        description: expect.any(String),
        tolerance: null,
        status: 'fail',
        failing: 1,
        examples: [
          { portfolio_id: 'DEMO_002_EUR', date: day!.date, complete: false, incomplete_reason: null },
        ],
      });
    } finally {
      await h.db.query(`UPDATE portfolio_daily SET complete = true WHERE ${where}`, [day!.date]);
    }
    expect((await h.get('/data-quality')).status).toBe('pass');
  });

  it('a transaction of an unknown portfolio fails the relationship, naming the transaction', async () => {
    const r = await checkedWith(h, (tx) =>
      tx.query(
        "UPDATE transactions SET portfolio_id = 'NO_SUCH' WHERE transaction_id = 'DEMO_001_USD-T00003'",
      ),
    );
    expect(failed(r)).toEqual(['relationships_transactions_portfolio_id']);
    expect(r.status).toBe('fail');
    const c = result(r, 'relationships_transactions_portfolio_id');
    expect(c.failing).toBe(1);
    expect(c.examples).toEqual([{ transaction_id: 'DEMO_001_USD-T00003', portfolio_id: 'NO_SUCH' }]);
  });

  it('an unknown transaction type fails accepted values', async () => {
    const r = await checkedWith(h, (tx) =>
      tx.query(
        "UPDATE transactions SET transaction_type = 'GIFT' WHERE transaction_id = 'DEMO_002_EUR-T00004'",
      ),
    );
    expect(failed(r)).toEqual(['accepted_values_transactions_transaction_type']);
    expect(result(r, 'accepted_values_transactions_transaction_type').examples).toEqual([
      { transaction_id: 'DEMO_002_EUR-T00004', transaction_type: 'GIFT' },
    ]);
  });

  it('a portfolio close off by 0.01 fails the sum of positions and the next day’s open', async () => {
    const { row: day, r } = await checkedWithRow<{ date: string }>(
      h,
      "SELECT date::text AS date FROM portfolio_daily WHERE portfolio_id = 'DEMO_003_GBP' ORDER BY date OFFSET 100 LIMIT 1",
      "UPDATE portfolio_daily SET eod_market_value = eod_market_value + 0.01 WHERE portfolio_id = 'DEMO_003_GBP' AND date = $1",
    );
    expect(failed(r)).toEqual([
      'identity_portfolio_bod_equals_previous_eod',
      'identity_portfolio_eod_equals_sum_of_positions',
      'identity_value_change_equals_flows_plus_pnl',
    ]);
    const sum = result(r, 'identity_portfolio_eod_equals_sum_of_positions');
    expect(sum.failing).toBe(1);
    expect(sum.examples[0]).toMatchObject({ portfolio_id: 'DEMO_003_GBP', date: day.date });
    const e = sum.examples[0]! as { eod_market_value: number; positions: number };
    expect(e.eod_market_value - e.positions).toBeCloseTo(0.01, 6);
  });

  it('a position’s unrealized P&L off by 5 on one day breaks value change = flows + P&L on that day and the next', async () => {
    const { r } = await checkedWithRow(
      h,
      "SELECT security_id, date::text AS date FROM position_daily WHERE portfolio_id = 'DEMO_001_USD' AND quantity <> 0 AND security_id NOT LIKE 'CASH%' ORDER BY date DESC, security_id OFFSET 40 LIMIT 1",
      "UPDATE position_daily SET unrealized_gain_loss = unrealized_gain_loss + 5 WHERE portfolio_id = 'DEMO_001_USD' AND security_id = $1 AND date = $2::date",
    );
    expect(failed(r)).toEqual(['identity_value_change_equals_flows_plus_pnl']);
    const c = result(r, 'identity_value_change_equals_flows_plus_pnl');
    expect(c.failing).toBe(2);
    const differences = (c.examples as { difference: number }[])
      .map((e) => e.difference)
      .sort((a, b) => a - b);
    expect(differences[0]).toBeCloseTo(-5, 1);
    expect(differences[1]).toBeCloseTo(5, 1);
  });

  it('a lot with one share more than its position fails lots = positions', async () => {
    const { row: lot, r } = await checkedWithRow<{ portfolio_id: string }>(
      h,
      'SELECT portfolio_id, security_id, lot_id FROM lots WHERE open_quantity > 0 ORDER BY 1, 2, 3 LIMIT 1',
      'UPDATE lots SET open_quantity = open_quantity + 1 WHERE portfolio_id = $1 AND security_id = $2 AND lot_id = $3',
    );
    expect(failed(r)).toEqual(['identity_lots_sum_to_positions']);
    const e = result(r, 'identity_lots_sum_to_positions').examples[0]! as Record<string, string>;
    expect(e.portfolio_id).toBe(lot.portfolio_id);
    expect(Number(e.lots_quantity) - Number(e.position_quantity)).toBe(1);
  });

  it('a day missing from a position series fails no-gap (and the portfolio sum of that day)', async () => {
    const { row, r } = await checkedWithRow<{ security_id: string; date: string }>(
      h,
      "SELECT security_id, date::text AS date FROM position_daily p WHERE portfolio_id = 'DEMO_004_CHF' AND quantity <> 0 AND date < '2025-06-01' AND (SELECT quantity FROM position_daily q WHERE q.portfolio_id = p.portfolio_id AND q.security_id = p.security_id AND q.date = p.date - 1) <> 0 ORDER BY security_id, date OFFSET 50 LIMIT 1",
      "DELETE FROM position_daily WHERE portfolio_id = 'DEMO_004_CHF' AND security_id = $1 AND date = $2::date",
    );
    expect(failed(r)).toContain('identity_no_gap_position_daily');
    expect(failed(r)).not.toContain('identity_no_gap_portfolio_daily');
    expect(result(r, 'identity_no_gap_position_daily').examples).toEqual([
      expect.objectContaining({
        portfolio_id: 'DEMO_004_CHF',
        security_id: row.security_id,
        last_date_before_gap: addDays(row.date, -1),
        missing_days: 1,
      }),
    ]);
  });

  it('a valued position without a price fails not null', async () => {
    const r = await checkedWith(h, (tx) =>
      tx.query(
        "UPDATE position_daily SET market_price = NULL WHERE (portfolio_id, security_id, date) = (SELECT portfolio_id, security_id, date FROM position_daily WHERE valuation_status = 'CURRENT' AND quantity <> 0 ORDER BY 1, 2, 3 LIMIT 1)",
      ),
    );
    expect(failed(r)).toEqual(['not_null_position_daily_valued']);
  });

  it('a duplicate portfolio day (its key dropped) fails uniqueness', async () => {
    const r = await checkedWith(h, async (tx) => {
      await tx.exec('ALTER TABLE portfolio_daily DROP CONSTRAINT portfolio_daily_pkey');
      await tx.query(
        "INSERT INTO portfolio_daily SELECT * FROM portfolio_daily WHERE portfolio_id = 'DEMO_005_JPY' ORDER BY date LIMIT 1",
      );
    });
    expect(failed(r)).toContain('unique_portfolio_daily');
    expect(result(r, 'unique_portfolio_daily').examples).toEqual([
      expect.objectContaining({ portfolio_id: 'DEMO_005_JPY', copies: 2 }),
    ]);
    // The rollback restored the key.
    expect((await runChecks(h.db)).status).toBe('pass');
  });
});
