import { describe, expect, it } from 'vitest';
import { type HeldPositionRow, holdingsTotals, incompleteReasonsOf } from './holdings-totals.ts';

const row = (security_id: string, cost: number, mv: number | null, extra: Partial<HeldPositionRow> = {}) => ({
  security_id,
  cost_basis: cost,
  eod_market_value: mv,
  eod_market_value_local: mv,
  is_cash: false,
  currency: 'USD',
  incomplete_reason: mv === null ? 'NO_PRICE' : null,
  ...extra,
});

describe('holdingsTotals', () => {
  it('sums value, cost and unrealized over the valued positions only, and lists the others apart', () => {
    const t = holdingsTotals([
      row('A', 1000, 1100),
      row('CASH', 8500, 8500, { is_cash: true }),
      row('BOND', 500, null),
      row('SAP', 200, null, { currency: 'EUR', incomplete_reason: 'MISSING_FX EUR/USD' }),
    ]);
    // By hand: MV 1,100 + 8,500; cost 1,000 + 8,500 (BOND's 500 and SAP's 200 are in neither).
    expect(t).toMatchObject({ market_value: 9600, cost_basis: 9500, unrealized_gain_loss: 100, cash: 8500 });
    expect(t.unvalued).toEqual([
      { security_id: 'BOND', cost_basis: 500, reason: 'NO_PRICE' },
      { security_id: 'SAP', cost_basis: 200, reason: 'MISSING_FX EUR/USD' },
    ]);
    expect(t.by_currency).toEqual([{ currency: 'USD', market_value: 9600, market_value_local: 9600 }]);
  });

  it('keeps market value − cost basis = unrealized exactly on the totals', () => {
    const t = holdingsTotals([row('A', 0.1, 0.3), row('B', 0.2, 0.7), row('C', 1e-17, null)]);
    expect(t.market_value - t.cost_basis).toBe(t.unrealized_gain_loss);
  });
});

describe('incompleteReasonsOf', () => {
  it("names each problem once as '<REASON> <security_id>', from the day's and the positions' reasons", () => {
    expect(
      incompleteReasonsOf('MISSING_FX EUR/USD SAP; NO_PRICE BOND; POSITION_BLOCKED X', [
        row('SAP', 1, null, { incomplete_reason: 'MISSING_FX EUR/USD' }),
        row('BOND', 1, null),
        row('A', 1, 2),
        row('OLD', 1, null, { incomplete_reason: null }),
      ]),
    ).toEqual(['MISSING_FX EUR/USD SAP', 'NO_PRICE BOND', 'POSITION_BLOCKED X', 'UNVALUED OLD']);
    expect(incompleteReasonsOf(null, [row('A', 1, 2)])).toEqual([]);
  });
});
