import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dec } from '../money.ts';
import { rebalance } from './rebalance.ts';
import type { Holding, RebalanceRequest, Target } from './types.ts';

/**
 * Random books and targets by security. Whatever the inputs: the cash left is never negative, never below the
 * buffer once anything is bought, no position is oversold or pushed across its target, every quantity is whole
 * lots (but a sale of everything), and positions within tolerance are untouched. When the targets are feasible
 * (what they name plus the buffer fits in 1, the rest is sold) every weight ends within the tolerance plus what
 * lot rounding, dropped small trades and the cash the untouched positions keep can leave.
 */

const LOTS = [1, 5, 10, 0.5, 0.1] as const;

const caseOf = fc
  .record({
    cash: fc.integer({ min: 0, max: 1_000_000 }),
    held: fc.array(
      fc.record({
        quantity: fc.integer({ min: 1, max: 10_000 }),
        cents: fc.integer({ min: 50, max: 100_000 }),
      }),
      { minLength: 1, maxLength: 8 },
    ),
    fresh: fc.array(fc.integer({ min: 50, max: 100_000 }), { maxLength: 2 }),
    picks: fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
    raw: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 10, maxLength: 10 }),
    buffer: fc.integer({ min: 0, max: 20 }),
    tolerance: fc.integer({ min: 0, max: 50 }),
    lot: fc.constantFrom(...LOTS),
    minTrade: fc.constantFrom(0, 0, 10, 1000),
    unlisted: fc.constantFrom('hold' as const, 'sell' as const),
  })
  .map((c) => {
    const holdings: Holding[] = [
      { security_id: 'CASH', quantity: c.cash, market_value: c.cash, is_cash: true, attributes: {} },
      ...c.held.map((h, i) => ({
        security_id: `S${i}`,
        quantity: h.quantity,
        market_value: (h.quantity * h.cents) / 100,
        is_cash: false,
        attributes: {},
      })),
    ];
    const candidates = [
      ...c.held.map((_, i) => ({ key: `S${i}` })),
      ...c.fresh.map((cents, i) => ({ key: `N${i}`, price: cents / 100 })),
    ];
    const named = candidates.filter((_, i) => c.picks[i]);
    const buffer = c.buffer / 100;
    const raw = named.map((_, i) => c.raw[i]!);
    const sum = raw.reduce((s, r) => s + r, 0);
    // Weights in [0, 1 − buffer], summing to at most 1 − buffer: feasible whatever is named.
    const targets: Target[] = named.map((t, i) => ({
      ...t,
      weight: sum === 0 ? 0 : Math.floor((raw[i]! / sum) * (1 - buffer) * 1e6) / 1e6,
    }));
    const request: RebalanceRequest = {
      by: 'security',
      targets,
      cash_buffer: buffer,
      min_trade_value: c.minTrade,
      lot_size: c.lot,
      tolerance: c.tolerance / 1000,
      unlisted: c.unlisted,
    };
    return { holdings, request };
  })
  .filter(({ holdings }) => holdings.reduce((s, h) => s + h.market_value, 0) > 0);

const isWholeLots = (quantity: string, lot: number) => dec(quantity).mod(dec(lot)).isZero();

describe('rebalance properties', () => {
  it('keeps cash, lots, tolerance and targets as promised', () => {
    fc.assert(
      fc.property(caseOf, ({ holdings, request }) => {
        const result = rebalance(holdings, request);
        const total = result.total_market_value;
        const { cash } = result;
        expect(cash.after).toBeGreaterThanOrEqual(0);
        if (result.trades.some((t) => t.side === 'BUY'))
          expect(cash.after).toBeGreaterThanOrEqual(cash.buffer);

        for (const t of result.trades) {
          const p = result.positions.find((x) => x.security_id === t.security_id)!;
          if (t.side === 'SELL' && p.quantity_after === 0) expect(Number(t.quantity)).toBe(p.quantity_before);
          else expect(isWholeLots(t.quantity, request.lot_size)).toBe(true);
          expect(t.amount).toBeGreaterThanOrEqual(request.min_trade_value);
        }
        let kept = 0;
        let lotValues = 0;
        for (const p of result.positions) {
          expect(p.quantity_after).toBeGreaterThanOrEqual(0);
          lotValues += request.lot_size * p.price;
          if (p.drift_before === null || p.drift_after === null) {
            expect(p.weight_after).toBe(p.weight_before);
            continue;
          }
          // Toward the target, never across it (a float hair either side of exact is no crossing).
          expect(Math.abs(p.drift_after)).toBeLessThanOrEqual(Math.abs(p.drift_before) + 1e-12);
          if (Math.sign(p.drift_after) !== Math.sign(p.drift_before))
            expect(Math.abs(p.drift_after)).toBeLessThan(1e-12);
          if (p.action === 'WITHIN_TOLERANCE') {
            expect(Math.abs(p.drift_before)).toBeLessThanOrEqual(request.tolerance + 1e-9);
            expect(p.weight_after).toBe(p.weight_before);
            kept += Math.max(0, p.drift_before) * total;
          }
        }
        if (request.unlisted !== 'sell') return;
        const dropped = request.min_trade_value * (result.positions.length + 1);
        for (const p of result.positions) {
          const slack = (2 * request.lot_size * p.price + lotValues + dropped + kept) / total;
          expect(Math.abs(p.drift_after!)).toBeLessThanOrEqual(request.tolerance + slack + 1e-9);
        }
      }),
      { numRuns: 500 },
    );
  });
});
