import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerVersionsOf } from '../../src/store/answer-versions.ts';
import type { Db } from '../../src/store/db.ts';
import { stores } from '../support/stores.ts';

/**
 * The answer cache is never stale only if every table a cached answer reads bumps a version when written
 * (migration 0015). A table added later must be decided on: covered by the triggers, or named here with why no
 * cached answer (the per-portfolio analytics and GET /portfolios/{id}/positions) reads it.
 */
const NOT_READ_BY_CACHED_ANSWERS: Record<string, string> = {
  schema_migrations: 'the migrations applied; no answer reads it',
  answer_versions: 'the versions themselves (read before the answer, compared, never part of it)',
  answer_version_bumps: 'the bumps of a transaction until it commits (empty outside a writing transaction)',
  answer_version_commits: 'the transactions with bumps to apply at commit (empty outside a writing one)',
  fact_history: 'superseded fact versions: read by the lineage and history routes, which are not cached',
  log_topics: 'the local log (plumbing of the stages)',
  log_records: 'the local log (plumbing of the stages)',
  log_reservations: 'the local log (plumbing of the stages)',
  consumer_offsets: 'where each stage is on the log',
  outbox: 'the Kafka relay’s queue',
  ingestion_jobs: 'ingestion job status: GET /ingestion/jobs, not cached',
  job_pending: 'ingestion job progress: GET /ingestion/jobs, not cached',
  job_problems: 'ingestion job problems: GET /ingestion/jobs, not cached',
  quarantined_records:
    'GET /quarantine, not cached; what a quarantine does to an answer goes through position_keys (BLOCKED), covered',
  api_keys: 'who may call: decided before the handler runs, never part of an answer',
  audit_events: 'GET /audit, not cached',
};

/** Trigger type bits of pg_trigger.tgtype: ROW, then the events. */
const ROW = 1;
const EVENTS = { INSERT: 4, DELETE: 8, UPDATE: 16, TRUNCATE: 32 } as const;

describe.each(stores())('answer versions on $kind', (store) => {
  let db: Db;
  beforeAll(async () => {
    db = await store.open();
  });
  afterAll(() => db?.close());

  it('every table is covered by a version trigger for every write, or named as read by no cached answer', async () => {
    const tables = (
      await db.query<{ table_name: string }>(
        `SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
      )
    ).map((t) => t.table_name);
    const triggers = await db.query<{ table_name: string; tgtype: number }>(
      `SELECT c.relname::text AS table_name, t.tgtype::int AS tgtype
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE t.tgfoid = 'bump_answer_versions'::regproc AND NOT t.tgisinternal`,
    );
    const uncovered: string[] = [];
    let covered = 0;
    for (const table of tables) {
      const mine = triggers.filter((t) => t.table_name === table);
      // Statement-level: one bump per statement and portfolio, not one per row.
      expect(mine.every((t) => (t.tgtype & ROW) === 0)).toBe(true);
      const events = Object.entries(EVENTS)
        .filter(([, bit]) => mine.some((t) => (t.tgtype & bit) !== 0))
        .map(([name]) => name);
      if (events.length === 4) covered++;
      else if (!(table in NOT_READ_BY_CACHED_ANSWERS))
        uncovered.push(`${table} (${events.join(', ') || 'none'})`);
      if (events.length > 0 && table in NOT_READ_BY_CACHED_ANSWERS)
        uncovered.push(`${table}: listed and covered`);
    }
    expect(uncovered).toEqual([]);
    expect(covered).toBe(20);
    // The list names real tables only: a table renamed or dropped is taken out of it.
    expect(Object.keys(NOT_READ_BY_CACHED_ANSWERS).filter((t) => !tables.includes(t))).toEqual([]);
  });

  it('moves on each write to the portfolio or the market, not on another portfolio’s, and never comes back', async () => {
    const seen = new Set<string>();
    const versions = async () => (await answerVersionsOf(db, 'P1'))!;
    const moved = async (write: string) => {
      await db.exec(write);
      const v = await versions();
      expect(seen.has(v), write).toBe(false);
      seen.add(v);
    };
    seen.add(await versions());
    await moved(`INSERT INTO cashflows (transaction_id, portfolio_id, security_id, cashflow_date, amount, currency,
                   amount_base, classification, timing, is_position_flow, is_portfolio_flow, calculation_type, epoch)
                 VALUES ('T1', 'P1', 'S', '2024-01-02', 1, 'USD', 1, 'INCOME', 'EOD', true, false, 'NET', 0),
                        ('T2', 'P1', 'S', '2024-01-03', 1, 'USD', 1, 'INCOME', 'EOD', true, false, 'NET', 0)`);
    await moved(`UPDATE cashflows SET amount = 2 WHERE transaction_id = 'T1'`);
    await moved(`INSERT INTO market_prices (security_id, price_date, price, currency, content_hash)
                 VALUES ('S', '2024-01-02', 10, 'USD', 'h')`);
    await moved(`DELETE FROM cashflows WHERE transaction_id = 'T2'`);
    await moved('TRUNCATE cashflows');
    // Rows of the versions table deleted: the anchor moves, so the versions do not fall back to earlier ones.
    await moved(`DELETE FROM answer_versions WHERE scope = 'P:P1'`);
    await moved('TRUNCATE answer_versions');
    // No GLOBAL business date: another portfolio's transaction moves the default as-of date of every one.
    const transaction = (id: string, portfolio: string) =>
      `INSERT INTO transactions (transaction_id, portfolio_id, instrument_id, security_id, transaction_date,
         transaction_type, quantity, price, gross_transaction_amount, trade_currency, currency, content_hash)
       VALUES ('${id}', '${portfolio}', 'S', 'S', '2024-01-05', 'BUY', 1, 1, 1, 'USD', 'USD', 'h')`;
    await moved(transaction('X1', 'P2'));
    await moved(`INSERT INTO business_dates (business_date, content_hash) VALUES ('2024-01-05', 'h')`);

    // With the calendar ingested, other portfolios' writes and statements that change nothing move nothing.
    const still = await versions();
    await db.exec(transaction('X2', 'P2'));
    await db.exec(`UPDATE market_prices SET price = 11 WHERE security_id = 'NONE'`);
    await db.exec(`DELETE FROM cashflows WHERE portfolio_id = 'P2'`);
    expect(await versions()).toBe(still);
    // A transaction that changes nothing (its statement rolled back) moves nothing either.
    await expect(
      db.transaction(async (tx) => {
        await tx.exec(transaction('X3', 'P1'));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await versions()).toBe(still);
    // The bumps are applied at commit and leave nothing staged behind.
    expect(await db.query('SELECT * FROM answer_version_bumps')).toEqual([]);
    expect(await db.query('SELECT * FROM answer_version_commits')).toEqual([]);
  });
});
