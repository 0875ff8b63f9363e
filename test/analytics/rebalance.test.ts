import { describe, expect, it } from 'vitest';
import { portfolioPoster } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { openHoldings } from './holdings-fixture.ts';

describe.each(stores())('POST /portfolios/{id}/rebalance on $kind', (store) => {
  const h = forSuite(() => openHoldings(store));

  const post = portfolioPoster(h, 'rebalance');

  it('proposes trades from the positions of the date, by hand, and books nothing', async () => {
    const res = await post({
      as_of_date: '2024-01-02',
      targets: {
        by: 'security',
        weights: [
          { key: 'A', weight: 0.3 },
          { key: 'D', weight: 0.1, price: 25 },
        ],
      },
      cash_buffer: 0.02,
      tolerance: 0.01,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // Valued 1,000 (U unvalued, left out). A 500 → 300: sell 200 / 50 = 4. D 100 / 25 = 4 units.
    expect(body.trades).toEqual([
      { security_id: 'A', side: 'SELL', quantity: '4', price: 50, amount: 200 },
      { security_id: 'D', side: 'BUY', quantity: '4', price: 25, amount: 100 },
    ]);
    expect(body).toMatchObject({
      portfolio_id: 'P1',
      as_of_date: '2024-01-02',
      base_currency: 'USD',
      booked: false,
      total_market_value: 1000,
      // 50 + 200 − 100; the buffer is 0.02 × 1,000.
      cash: { before: 50, after: 150, weight_before: 0.05, weight_after: 0.15, buffer: 20 },
      cash_constrained: false,
      unvalued: { count: 1, security_ids: ['U'] },
      complete: false,
      conventions: { tolerance: 0.01, cash_buffer: 0.02, lot_size: 1, unlisted: 'hold', by: 'security' },
    });
    const a = body.positions.find((p: { security_id: string }) => p.security_id === 'A');
    expect(a).toMatchObject({
      quantity_before: 10,
      quantity_after: 6,
      weight_before: 0.5,
      weight_after: 0.3,
      drift_after: 0,
    });
    expect(body.positions.find((p: { security_id: string }) => p.security_id === 'B')).toMatchObject({
      action: 'UNLISTED',
      target_weight: null,
    });
    expect(await h.system.db.query('SELECT 1 FROM transactions')).toEqual([]);
  });

  it('rebalances groups of a dimension keeping their mix', async () => {
    const body = (
      await post({
        as_of_date: '2024-01-02',
        targets: { by: 'sector', weights: [{ key: 'Technology', weight: 0.6 }] },
        unlisted: 'hold',
      })
    ).json();
    // Technology (A 500 + B 300) 80 % → 60 %: A to 375 (−2.5 units → 2), B to 225 (−7.5 → 7).
    expect(body.trades).toEqual([
      { security_id: 'A', side: 'SELL', quantity: '2', price: 50, amount: 100 },
      { security_id: 'B', side: 'SELL', quantity: '7', price: 10, amount: 70 },
    ]);
    const tech = body.groups.find((g: { key: string }) => g.key === 'Technology');
    expect(tech.weight_after).toBeCloseTo(0.63, 12);
    expect(tech.drift_after).toBeCloseTo(0.03, 12);
  });

  it('refuses what it cannot honour: an unvalued target, a new security without price, no targets', async () => {
    const unvalued = await post({
      as_of_date: '2024-01-02',
      targets: {
        by: 'security',
        weights: [
          { key: 'A', weight: 0.2 },
          { key: 'U', weight: 0.1 },
        ],
      },
    });
    expect(unvalued.statusCode).toBe(422);
    expect(unvalued.json().errors).toEqual([
      { index: 1, field: 'targets.key', message: expect.stringContaining('no market value') },
    ]);
    const unpriced = await post({
      as_of_date: '2024-01-02',
      targets: { by: 'security', weights: [{ key: 'NEW', weight: 0.1 }] },
    });
    expect(unpriced.json().errors).toEqual([
      { index: 0, field: 'targets.price', message: expect.any(String) },
    ]);
    const none = await post({ targets: { by: 'security', weights: [] } });
    expect(none.statusCode).toBe(422);
    expect(none.json().errors[0].field).toBe('targets.weights');
    const empty = await post({
      as_of_date: '2023-12-29',
      targets: { by: 'security', weights: [{ key: 'A', weight: 0.1 }] },
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0].field).toBe('as_of_date');
    expect(
      (await post({ targets: { by: 'security', weights: [{ key: 'A', weight: 1 }] } }, 'NOPE')).statusCode,
    ).toBe(404);
  });
});
