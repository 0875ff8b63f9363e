import { describe, expect, it } from 'vitest';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { instrumentRecord, openPositions, portfolioRecord, trade } from './positions-harness.ts';

/** accrued_interest and split_ratio travel from the ingest API through the facts into the engine. */
describe.each(stores())('accrued interest and splits, end to end, on $kind', (store) => {
  const h = forSuite(
    () => openPositions(store),
    async () => {
      await h.ingestAndSettle({
        portfolios: [portfolioRecord('P1')],
        instruments: [
          instrumentRecord('AAPL'),
          instrumentRecord('UST', {
            name: 'US Treasury 5Y',
            product_type: 'Bond',
            asset_class: 'Fixed Income',
          }),
        ],
        transactions: [
          // Book cost = gross 9,800 + fee 10 + accrued interest 150; with the exclusion policy, without the 150.
          trade('BOND1', 'BUY', '2024-01-10', '100', '98', {
            security_id: 'UST',
            instrument_id: 'UST',
            trade_fee: '10',
            accrued_interest: '150',
          }),
          trade('BOND2', 'BUY', '2024-01-11', '100', '98', {
            security_id: 'UST',
            instrument_id: 'UST',
            trade_fee: '10',
            accrued_interest: '150',
            calculation_policy_id: 'BUY_EXCLUDE_ACCRUED_INTEREST_FROM_BOOK_COST',
          }),
          // 2-for-1: twice the shares, the same cost, the acquisition date kept.
          trade('B1', 'BUY', '2024-01-10', '10', '100'),
          trade('SPLIT1', 'SPLIT', '2024-02-01', '0', '0', { split_ratio: '2' }),
          trade('S1', 'SELL', '2024-03-01', '5', '60'),
        ],
      });
    },
  );

  it('books accrued interest into the lot per policy and keeps what was paid on the lot', async () => {
    const txns = (await h.get('/portfolios/P1/transactions?security_id=UST&sort_order=asc')).transactions;
    expect(
      txns.map((t: Record<string, unknown>) => [t.transaction_id, t.accrued_interest, t.net_cost]),
    ).toEqual([
      ['BOND1', '150', '9960'],
      ['BOND2', '150', '9810'],
    ]);
    const lots = (await h.get('/portfolios/P1/positions/UST/lots')).lots;
    expect(lots.map((l: Record<string, unknown>) => [l.source_transaction_id, l.lot_cost_local])).toEqual([
      ['BOND1', '9960'],
      ['BOND2', '9810'],
    ]);
    expect(lots.every((l: Record<string, unknown>) => l.accrued_interest_paid_local === '150')).toBe(true);
  });

  it('applies a split to the open lots: quantity × ratio, cost and acquisition date unchanged', async () => {
    const history = (await h.get('/portfolios/P1/position-history?security_id=AAPL')).positions;
    expect(history.map((p: Record<string, unknown>) => [p.transaction_id, p.quantity, p.cost_basis])).toEqual(
      [
        ['B1', '10', '1000'],
        ['SPLIT1', '20', '1000'],
        ['S1', '15', '750'],
      ],
    );
    const [split] = (
      await h.get('/portfolios/P1/transactions?security_id=AAPL&start_date=2024-02-01&end_date=2024-02-01')
    ).transactions;
    expect(split).toMatchObject({ transaction_id: 'SPLIT1', split_ratio: '2', cashflow: null });
    // The SELL of 5 post-split shares at 60 against a cost of 50 each.
    const [sale] = (await h.get('/portfolios/P1/positions/AAPL/sell-disposals')).sell_disposals;
    expect(sale).toMatchObject({
      quantity_disposed: '5',
      disposal_cost_basis_base: '250',
      realized_gain_loss_base: '50',
    });
    expect((await h.get('/portfolios/P1/positions/AAPL/lots')).lots).toMatchObject([
      {
        source_transaction_id: 'B1',
        acquisition_date: '2024-01-10',
        open_quantity: '15',
        open_cost_base: '750',
      },
    ]);
  });
});
