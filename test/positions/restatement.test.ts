import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOPICS } from '../../src/engine/topics.ts';
import { stores } from '../support/stores.ts';
import {
  instrumentRecord,
  openPositions,
  type PositionsHarness,
  portfolioRecord,
  trade,
} from './positions-harness.ts';

/**
 * Hand-computed (FIFO, USD, no FX):
 *   B1  2024-01-10 BUY  100 @ 10, fee 5  → lot B1: 100 for 1005
 *   S1  2024-02-10 SELL  40 @ 12, fee 2  → proceeds 478; COGS 40 × 10.05 = 402; realized 76; left 60 for 603
 *   S2  2024-03-10 SELL  10 @ 15         → proceeds 150; COGS 10 × 10.05 = 100.5; realized 49.5; left 50 for 502.5
 * Then the back-dated B0 2024-01-05 BUY 50 @ 8 → lot B0: 50 for 400, consumed first:
 *   S1: COGS 40 × 8 = 320; realized 158; position 110 for 1085
 *   S2: COGS 10 × 8 = 80; realized 70; position 100 for 1005
 */
const BASE = {
  portfolios: [portfolioRecord('P1')],
  instruments: [instrumentRecord('AAPL')],
  transactions: [
    trade('B1', 'BUY', '2024-01-10', '100', '10', { trade_fee: '5' }),
    trade('S1', 'SELL', '2024-02-10', '40', '12', { trade_fee: '2' }),
    trade('S2', 'SELL', '2024-03-10', '10', '15'),
  ],
};

const history = (h: PositionsHarness) =>
  h
    .get('/portfolios/P1/position-history?security_id=AAPL')
    .then((b) =>
      b.positions.map((p: Record<string, unknown>) => [
        p.transaction_id,
        p.position_date,
        p.quantity,
        p.cost_basis,
        p.epoch,
      ]),
    );

const costs = async (h: PositionsHarness) => {
  const body = await h.get('/portfolios/P1/transactions?sort_order=asc');
  return Object.fromEntries(
    body.transactions.map((t: Record<string, unknown>) => [
      t.transaction_id,
      [t.net_cost, t.realized_gain_loss],
    ]),
  );
};

describe.each(stores())('restatement on $kind', (store) => {
  let h: PositionsHarness;
  beforeAll(async () => {
    h = await openPositions(store);
  });
  beforeEach(async () => {
    await h.reset();
    await h.ingestAndSettle(BASE);
  });
  afterAll(() => h?.close());

  it('a BUY inserted before an existing SELL restates that SELL and every later row, under epoch + 1', async () => {
    expect(await history(h)).toEqual([
      ['B1', '2024-01-10', '100', '1005', 0],
      ['S1', '2024-02-10', '60', '603', 0],
      ['S2', '2024-03-10', '50', '502.5', 0],
    ]);
    expect(await costs(h)).toEqual({ B1: ['1005', '0'], S1: ['-402', '76'], S2: ['-100.5', '49.5'] });
    expect(await h.key('P1', 'AAPL')).toMatchObject({
      epoch: 0,
      watermark_date: '2024-03-10',
      status: 'CURRENT',
    });

    await h.ingestAndSettle({ transactions: [trade('B0', 'BUY', '2024-01-05', '50', '8')] });

    expect(await history(h)).toEqual([
      ['B0', '2024-01-05', '50', '400', 1],
      ['B1', '2024-01-10', '150', '1405', 1],
      ['S1', '2024-02-10', '110', '1085', 1],
      ['S2', '2024-03-10', '100', '1005', 1],
    ]);
    expect(await costs(h)).toEqual({
      B0: ['400', '0'],
      B1: ['1005', '0'],
      S1: ['-320', '158'],
      S2: ['-80', '70'],
    });
    expect(await h.get('/lineage/portfolios/P1/securities/AAPL')).toEqual({
      portfolio_id: 'P1',
      security_id: 'AAPL',
      epoch: 1,
      watermark_date: '2024-03-10',
      status: 'CURRENT',
      blocked_reason: null,
      blocked_transaction_id: null,
      blocked_detail: null,
      latest_position_date: '2024-03-10',
    });
    const lots = (await h.get('/portfolios/P1/positions/AAPL/lots')).lots;
    expect(lots.map((l: Record<string, unknown>) => [l.lot_id, l.open_quantity, l.open_cost_base])).toEqual([
      [expect.any(String), '0', '0'],
      [expect.any(String), '100', '1005'],
    ]);
  });

  it('a later transaction appends without a new epoch; a same-day or earlier one starts the next epoch', async () => {
    await h.ingestAndSettle({ transactions: [trade('B9', 'BUY', '2024-04-01', '1', '20')] });
    expect(await h.key('P1', 'AAPL')).toMatchObject({ epoch: 0, watermark_date: '2024-04-01' });
    await h.ingestAndSettle({ transactions: [trade('B10', 'BUY', '2024-04-01', '1', '21')] });
    expect(await h.key('P1', 'AAPL')).toMatchObject({ epoch: 1, watermark_date: '2024-04-01' });
    // Rows before the rebuilt date keep the epoch they were written under.
    expect((await history(h)).map((r: unknown[]) => [r[0], r[4]])).toEqual([
      ['B1', 0],
      ['S1', 0],
      ['S2', 0],
      ['B10', 1],
      ['B9', 1],
    ]);
  });

  it('a corrected quantity restates the later rows', async () => {
    // B1 corrected to 80 shares for 800 + 5: cost per share 10.0625.
    const corrected = trade('B1', 'BUY', '2024-01-10', '80', '10', { trade_fee: '5' });
    await h.ingestAndSettle({ transactions: [corrected] });
    expect(await history(h)).toEqual([
      ['B1', '2024-01-10', '80', '805', 1],
      ['S1', '2024-02-10', '40', '402.5', 1],
      ['S2', '2024-03-10', '30', '301.875', 1],
    ]);
    expect(await costs(h)).toEqual({ B1: ['805', '0'], S1: ['-402.5', '75.5'], S2: ['-100.625', '49.375'] });
  });

  it('POST /reprocess/transactions rebuilds the key from the transaction, under the next epoch', async () => {
    // Damage the derived rows behind the engine's back: a rebuild must put them right.
    await h.db.query(`UPDATE transaction_costs SET realized_gain_loss = 999 WHERE transaction_id = 'S2'`);
    await h.db.query(`DELETE FROM position_history WHERE transaction_id = 'S2'`);
    const res = await h.app.inject({
      method: 'POST',
      url: '/reprocess/transactions',
      payload: { transaction_ids: ['S2'] },
    });
    expect(res.statusCode, res.body).toBe(202);
    await h.drain();
    expect((await h.get(`/ingestion/jobs/${res.json().job_id}`)).status).toBe('complete');
    expect(await history(h)).toEqual([
      ['B1', '2024-01-10', '100', '1005', 0],
      ['S1', '2024-02-10', '60', '603', 0],
      ['S2', '2024-03-10', '50', '502.5', 1],
    ]);
    expect((await costs(h)).S2).toEqual(['-100.5', '49.5']);
    expect(await h.key('P1', 'AAPL')).toMatchObject({ epoch: 1, replays: 2, status: 'CURRENT' });
  });

  it('drops a transactions_changed produced under an older epoch of the key, and still completes its job', async () => {
    await h.ingestAndSettle({ transactions: [trade('B0', 'BUY', '2024-01-05', '50', '8')] });
    expect(await h.key('P1', 'AAPL')).toMatchObject({ epoch: 1, replays: 2 });
    const { db, ledger } = h.system;
    const emitUnder = (epoch: number) =>
      db.transaction(async (tx) => {
        const job = await ledger.create(tx, {
          endpoint: '/test',
          entity_type: 'test',
          accepted_count: 1,
          request_hash: `stale-${epoch}`,
          correlation_id: `stale-${epoch}`,
        });
        await ledger.emit(tx, [
          {
            topic: TOPICS.transactionsChanged,
            key: 'P1',
            value: { portfolio_id: 'P1', security_id: 'AAPL', from_date: '2024-01-01', reason: 'ingest' },
            headers: { job_ids: [job], epoch },
          },
        ]);
        return job;
      });
    const stale = await emitUnder(0);
    await h.drain();
    expect((await h.get(`/ingestion/jobs/${stale}`)).status).toBe('complete');
    expect(await h.key('P1', 'AAPL')).toMatchObject({ epoch: 1, replays: 2 });
    // The same event under the current epoch is live: one more replay.
    await emitUnder(1);
    await h.drain();
    expect(await h.key('P1', 'AAPL')).toMatchObject({ epoch: 2, replays: 3 });
  });
});
