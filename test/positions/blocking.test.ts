import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stores } from '../support/stores.ts';
import {
  instrumentRecord,
  openPositions,
  type PositionsHarness,
  portfolioRecord,
  trade,
} from './positions-harness.ts';

const lineage = (h: PositionsHarness, security = 'AAPL') =>
  h.get(`/lineage/portfolios/P1/securities/${security}`);

const costsOf = async (h: PositionsHarness) => {
  const body = await h.get('/portfolios/P1/transactions?sort_order=asc&limit=1000');
  return Object.fromEntries(
    body.transactions.map((t: Record<string, unknown>) => [
      t.transaction_id,
      {
        net_cost: t.net_cost,
        realized: t.realized_gain_loss,
        fx: t.transaction_fx_rate,
        cashflow: t.cashflow,
      },
    ]),
  );
};

const historyOf = (h: PositionsHarness, security = 'AAPL') =>
  h
    .get(`/portfolios/P1/position-history?security_id=${security}`)
    .then((b) =>
      b.positions.map((p: Record<string, unknown>) => [p.transaction_id, p.quantity, p.cost_basis]),
    );

/** The job's problems, as GET /ingestion/jobs/{id} lists them. */
const problemsOf = async (h: PositionsHarness, job: string) =>
  (await h.get(`/ingestion/jobs/${job}`)).problems;

describe.each(stores())('blocked keys on $kind', (store) => {
  let h: PositionsHarness;
  beforeAll(async () => {
    h = await openPositions(store);
  });
  beforeEach(() => h.reset());
  afterAll(() => h?.close());

  it('an oversell blocks its key visibly, and a back-dated BUY heals it with no manual step', async () => {
    const job = await h.ingestAndSettle(
      {
        portfolios: [portfolioRecord('P1')],
        instruments: [instrumentRecord('AAPL')],
        transactions: [
          trade('B1', 'BUY', '2024-01-10', '100', '10'),
          trade('S1', 'SELL', '2024-02-10', '150', '12'),
          trade('B2', 'BUY', '2024-03-01', '20', '11'),
        ],
      },
      'complete_with_problems',
    );
    expect(await problemsOf(h, job)).toEqual([
      { portfolio_id: 'P1', security_id: 'AAPL', reason: expect.stringMatching(/^OVERSOLD: .*150.*100/) },
    ]);
    expect(await lineage(h)).toMatchObject({
      status: 'BLOCKED',
      blocked_reason: 'OVERSOLD',
      blocked_transaction_id: 'S1',
      blocked_detail: expect.stringMatching(/150.*100|100.*150/),
      epoch: 0,
      watermark_date: '2024-01-10',
      latest_position_date: '2024-01-10',
    });
    expect(await h.get('/lineage/portfolios/P1/keys?status=BLOCKED')).toMatchObject({
      total: 1,
      items: [{ security_id: 'AAPL', status: 'BLOCKED', blocked_reason: 'OVERSOLD' }],
    });
    // The rows before the block stand; the blocked transaction and everything after it have no figures.
    expect(await historyOf(h)).toEqual([['B1', '100', '1000']]);
    const blocked = await costsOf(h);
    expect(blocked.B1).toMatchObject({ net_cost: '1000', realized: '0' });
    expect(blocked.S1).toEqual({ net_cost: null, realized: null, fx: null, cashflow: null });
    expect(blocked.B2).toEqual({ net_cost: null, realized: null, fx: null, cashflow: null });
    expect((await h.get('/portfolios/P1/positions')).positions).toMatchObject([
      { security_id: 'AAPL', quantity: '100', reprocessing_status: 'BLOCKED' },
    ]);

    // FIFO after the back-dated B0 (60 @ 8): S1 takes 60 × 8 + 90 × 10 = 1380 against 1800 of proceeds.
    await h.ingestAndSettle({ transactions: [trade('B0', 'BUY', '2024-01-05', '60', '8')] });
    expect(await lineage(h)).toMatchObject({
      status: 'CURRENT',
      blocked_reason: null,
      blocked_transaction_id: null,
      blocked_detail: null,
      epoch: 1,
      watermark_date: '2024-03-01',
    });
    expect(await historyOf(h)).toEqual([
      ['B0', '60', '480'],
      ['B1', '160', '1480'],
      ['S1', '10', '100'],
      ['B2', '30', '320'],
    ]);
    const healed = await costsOf(h);
    expect(healed.S1).toMatchObject({ net_cost: '-1380', realized: '420' });
    expect(healed.B2).toMatchObject({ net_cost: '220', realized: '0' });
    expect(
      (await h.get('/portfolios/P1/positions/AAPL/sell-disposals')).sell_disposals.map(
        (d: Record<string, unknown>) => [
          d.transaction_id,
          d.quantity_disposed,
          d.disposal_cost_basis_base,
          d.net_sell_proceeds_base,
          d.realized_gain_loss_base,
        ],
      ),
    ).toEqual([['S1', '150', '1380', '1800', '420']]);
  });

  it('MISSING_FX heals when the rate arrives (here only the inverse quote)', async () => {
    const job = await h.ingestAndSettle(
      {
        portfolios: [portfolioRecord('P1')],
        instruments: [instrumentRecord('SAP', { currency: 'EUR' })],
        transactions: [
          trade('E1', 'BUY', '2024-01-10', '100', '10', {
            security_id: 'SAP',
            instrument_id: 'SAP',
            trade_currency: 'EUR',
            currency: 'EUR',
          }),
        ],
      },
      'complete_with_problems',
    );
    expect(await problemsOf(h, job)).toEqual([
      { portfolio_id: 'P1', security_id: 'SAP', reason: expect.stringMatching(/^MISSING_FX: .*EUR/) },
    ]);
    expect(await lineage(h, 'SAP')).toMatchObject({
      status: 'BLOCKED',
      blocked_reason: 'MISSING_FX',
      blocked_transaction_id: 'E1',
      watermark_date: null,
    });
    // A rate dated after the trade cannot serve it: still blocked.
    await h.ingestAndSettle({
      fx_rates: [{ from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-01-11', rate: '0.9' }],
    });
    expect(await lineage(h, 'SAP')).toMatchObject({ status: 'BLOCKED', blocked_reason: 'MISSING_FX' });

    await h.ingestAndSettle({
      fx_rates: [{ from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-01-09', rate: '0.8' }],
    });
    expect(await lineage(h, 'SAP')).toMatchObject({ status: 'CURRENT', blocked_reason: null, epoch: 0 });
    // 1 EUR = 1 / 0.8 USD = 1.25 USD.
    expect((await costsOf(h)).E1).toMatchObject({
      net_cost: '1250',
      fx: '1.25',
      cashflow: { amount: '-1000', currency: 'EUR', classification: 'INVESTMENT_OUTFLOW', timing: 'BOD' },
    });
    expect(await historyOf(h, 'SAP')).toEqual([['E1', '100', '1250']]);
  });

  it('MISSING_PORTFOLIO heals when the portfolio arrives', async () => {
    const job = await h.ingestAndSettle(
      {
        instruments: [instrumentRecord('AAPL')],
        transactions: [trade('B1', 'BUY', '2024-01-10', '100', '10')],
      },
      'complete_with_problems',
    );
    expect(await problemsOf(h, job)).toEqual([
      { portfolio_id: 'P1', security_id: 'AAPL', reason: expect.stringMatching(/^MISSING_PORTFOLIO: /) },
    ]);
    expect(await lineage(h)).toMatchObject({
      status: 'BLOCKED',
      blocked_reason: 'MISSING_PORTFOLIO',
      blocked_transaction_id: 'B1',
    });
    expect((await costsOf(h)).B1).toMatchObject({ net_cost: null });
    await h.ingestAndSettle({ portfolios: [portfolioRecord('P1')] });
    expect(await lineage(h)).toMatchObject({ status: 'CURRENT', watermark_date: '2024-01-10' });
    expect(await historyOf(h)).toEqual([['B1', '100', '1000']]);
  });

  it('MISSING_INSTRUMENT heals when the instrument arrives', async () => {
    await h.ingestAndSettle(
      {
        portfolios: [portfolioRecord('P1')],
        transactions: [trade('B1', 'BUY', '2024-01-10', '100', '10')],
      },
      'complete_with_problems',
    );
    expect(await lineage(h)).toMatchObject({
      status: 'BLOCKED',
      blocked_reason: 'MISSING_INSTRUMENT',
      blocked_transaction_id: 'B1',
    });
    expect((await h.get('/portfolios/P1/positions')).positions).toEqual([]);
    await h.ingestAndSettle({ instruments: [instrumentRecord('AAPL')] });
    expect(await lineage(h)).toMatchObject({ status: 'CURRENT', watermark_date: '2024-01-10' });
    expect((await h.get('/portfolios/P1/positions')).positions).toMatchObject([
      { security_id: 'AAPL', quantity: '100', instrument_name: 'AAPL Inc.', reprocessing_status: 'CURRENT' },
    ]);
  });
});
