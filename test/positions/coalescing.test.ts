import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stores } from '../support/stores.ts';
import {
  instrumentRecord,
  openPositions,
  type PositionsHarness,
  portfolioRecord,
} from './positions-harness.ts';

const N = 10_000;

/** One key, N transactions an hour apart: a BUY of 10, and every third a SELL of 5 (never an oversell). */
function history() {
  const start = Date.parse('2020-01-01T00:00:00Z');
  let held = 0;
  const transactions = Array.from({ length: N }, (_, i) => {
    const sell = i % 3 === 2;
    held += sell ? -5 : 10;
    return {
      transaction_id: `T${String(i).padStart(5, '0')}`,
      portfolio_id: 'P1',
      instrument_id: 'AAPL',
      security_id: 'AAPL',
      transaction_date: new Date(start + i * 3_600_000).toISOString(),
      transaction_type: sell ? 'SELL' : 'BUY',
      quantity: sell ? '5' : '10',
      price: sell ? '12' : '10',
      gross_transaction_amount: sell ? '60' : '100',
      trade_currency: 'USD',
      currency: 'USD',
    };
  });
  return { transactions, held };
}

// One store: the point is the count of replays, the same on both adapters.
describe.each(stores().slice(0, 1))('coalescing on $kind', (store) => {
  let h: PositionsHarness;
  beforeAll(async () => {
    // A batch large enough that the persist stage takes the whole request at once.
    h = await openPositions(store, { stageBatchSize: 20_000 });
  });
  afterAll(() => h?.close());

  it('replays a key once for 10,000 transactions ingested in one batch', async () => {
    const { transactions, held } = history();
    const counter = async () => (await h.system.metrics.positionReplays.get()).values[0]?.value ?? 0;
    const before = await counter();
    await h.ingestAndSettle({
      portfolios: [portfolioRecord('P1')],
      instruments: [instrumentRecord('AAPL')],
      transactions,
    });
    expect(await h.key('P1', 'AAPL')).toMatchObject({ replays: 1, status: 'CURRENT', epoch: 0 });
    expect((await counter()) - before).toBe(1);
    const [count] = await h.db.query<{ n: number }>(
      `SELECT count(*)::int8 AS n FROM position_history WHERE portfolio_id = 'P1' AND security_id = 'AAPL'`,
    );
    expect(count?.n).toBe(N);
    // As of the last transaction's date (without business dates the default as-of is the latest weekday).
    const last = transactions.at(-1)!.transaction_date.slice(0, 10);
    const positions = (await h.get(`/portfolios/P1/positions?as_of_date=${last}`)).positions;
    expect(positions).toMatchObject([{ security_id: 'AAPL', quantity: String(held) }]);
  });
});
