import { describe, expect, it } from 'vitest';
import { valuePortfolio } from './series.ts';
import { at, cashflow, portfolioInput, position, px, reconciliationGaps } from './testing.ts';

/**
 * A small USD portfolio with the explicit cash model, checked field by field by hand (exact: every figure
 * is an integer):
 * - 03-01 DEPOSIT 10,000 on CASH_USD;
 * - 03-02 BUY 50 AAA at 100, fee 10 (5,010), cash leg SELL 5,010 CASH_USD; AAA closes at 102;
 * - 03-03 DIVIDEND 100 on AAA with its cash leg BUY 100 CASH_USD; FEE 25 on cash; AAA closes at 101;
 * - 03-04 WITHDRAWAL 1,000 from cash; AAA not priced (stale 101).
 */
const input = portfolioInput(
  'USD',
  '2024-03-01',
  '2024-03-04',
  [
    position(
      'CASH_USD',
      'USD',
      [
        at('2024-03-01', 10_000, 10_000),
        at('2024-03-02', 4_990, 4_990),
        at('2024-03-03', 5_090, 5_090),
        at('2024-03-03', 5_065, 5_065),
        at('2024-03-04', 4_065, 4_065),
      ].map((h, seq) => ({ ...h, seq })),
      [
        cashflow('DEPOSIT', '2024-03-01', 10_000),
        cashflow('SELL', '2024-03-02', 5_010),
        cashflow('BUY', '2024-03-03', 100),
        cashflow('FEE', '2024-03-03', 25),
        cashflow('WITHDRAWAL', '2024-03-04', 1_000),
      ],
      { is_cash: true },
    ),
    position(
      'AAA',
      'USD',
      [at('2024-03-02', 50, 5_010), at('2024-03-03', 50, 5_010)],
      [cashflow('BUY', '2024-03-02', 5_010, { fee_base: 10 }), cashflow('DIVIDEND', '2024-03-03', 100)],
    ),
  ],
  { AAA: [px('2024-03-02', 102), px('2024-03-03', 101)] },
);

describe('portfolio days', () => {
  const series = valuePortfolio(input);

  it('computes every field by hand', () => {
    const rows = series.portfolio.map((d) => [
      d.date,
      d.bod_market_value,
      d.eod_market_value,
      d.bod_cashflow,
      d.eod_cashflow,
      d.fees,
      d.income,
      d.realized_gain_loss,
      d.complete,
      d.incomplete_reason,
    ]);
    expect(rows).toEqual([
      ['2024-03-01', 0, 10_000, 10_000, 0, 0, 0, 0, true, null],
      ['2024-03-02', 10_000, 10_090, 0, 0, 10, 0, 0, true, null],
      // The FEE on cash is an external outflow and a fee; the dividend is income, its legs cancel.
      ['2024-03-03', 10_090, 10_115, 0, -25, 25, 100, 0, true, null],
      // A withdrawal is an external outflow, not a fee (the original's §14.8).
      ['2024-03-04', 10_115, 9_115, 0, -1_000, 0, 0, 0, true, null],
    ]);
  });

  it('books the internal legs as opposite flows of the two positions', () => {
    const flows = series.positions.map((r) => [r.date, r.security_id, r.bod_cashflow, r.eod_cashflow]);
    expect(flows).toEqual([
      ['2024-03-02', 'AAA', 5_010, 0],
      ['2024-03-03', 'AAA', 0, -100],
      ['2024-03-04', 'AAA', 0, 0],
      ['2024-03-01', 'CASH_USD', 10_000, 0],
      ['2024-03-02', 'CASH_USD', 0, -5_010],
      ['2024-03-03', 'CASH_USD', 100, -25],
      ['2024-03-04', 'CASH_USD', 0, -1_000],
    ]);
  });

  it('reconciles: EOD = Σ positions’ EOD, and the change = external flows + Σ position P&L', () => {
    for (const day of series.portfolio) {
      const sum = series.positions
        .filter((r) => r.date === day.date)
        .reduce((s, r) => s + (r.eod_market_value ?? 0), 0);
      expect(day.eod_market_value).toBe(sum);
    }
    expect(reconciliationGaps(series)).toEqual([0, 0, 0, 0]);
  });

  it('makes every day from a blocked key’s date incomplete, naming the key', () => {
    const blocked = valuePortfolio({
      ...input,
      positions: input.positions.map((p) =>
        p.security_id === 'AAA' ? { ...p, blocked_from: '2024-03-03' } : p,
      ),
    });
    expect(blocked.portfolio.map((d) => [d.date, d.complete, d.incomplete_reason])).toEqual([
      ['2024-03-01', true, null],
      ['2024-03-02', true, null],
      ['2024-03-03', false, 'POSITION_BLOCKED AAA'],
      ['2024-03-04', false, 'POSITION_BLOCKED AAA'],
    ]);
    expect(
      blocked.positions.find((r) => r.security_id === 'AAA' && r.date === '2024-03-04')?.incomplete_reason,
    ).toBe('POSITION_BLOCKED');
    // The values themselves are the last known state, still summed.
    expect(blocked.portfolio.map((d) => d.eod_market_value)).toEqual(
      series.portfolio.map((d) => d.eod_market_value),
    );
  });
});
