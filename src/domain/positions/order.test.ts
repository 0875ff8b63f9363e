import { describe, expect, it } from 'vitest';
import { replayOrder, utcDate } from './order.ts';
import { amount, split, trade } from './testing.ts';

const ids = (txns: { transaction_id: string }[]) => txns.map((t) => t.transaction_id);

describe('replay order', () => {
  it('sorts by instant, whatever the text of the instant or the order of arrival', () => {
    const a = trade('A', 'BUY', '2024-01-02T09:00:00.000Z', '1', '1');
    const b = trade('B', 'BUY', '2024-01-02T08:59:59.999Z', '1', '1');
    const c = trade('C', 'BUY', '2024-01-01T23:00:00-02:00', '1', '1'); // = 2024-01-02T01:00Z
    expect(ids(replayOrder([a, b, c]))).toEqual(['C', 'B', 'A']);
    expect(ids(replayOrder([c, a, b]))).toEqual(['C', 'B', 'A']);
  });

  it('at one instant puts acquisitions first, then SPLIT/DIVIDEND/INTEREST, then disposals', () => {
    const at = '2024-03-01T10:00:00.000Z';
    const txns = [
      trade('A-SELL', 'SELL', at, '1', '1'),
      amount('B-FEE', 'FEE', at, '1'),
      split('C-SPLIT', at, '2'),
      amount('D-DIV', 'DIVIDEND', at, '1'),
      trade('E-TOUT', 'TRANSFER_OUT', at, '1', '1'),
      amount('F-WD', 'WITHDRAWAL', at, '1'),
      amount('G-TAX', 'TAX', at, '1'),
      amount('H-INT', 'INTEREST', at, '1'),
      trade('Z-BUY', 'BUY', at, '1', '1'),
      amount('Y-DEP', 'DEPOSIT', at, '1'),
      trade('X-TIN', 'TRANSFER_IN', at, '1', '1'),
    ];
    expect(ids(replayOrder(txns))).toEqual([
      'X-TIN',
      'Y-DEP',
      'Z-BUY',
      'C-SPLIT',
      'D-DIV',
      'H-INT',
      'A-SELL',
      'B-FEE',
      'E-TOUT',
      'F-WD',
      'G-TAX',
    ]);
  });

  it('breaks a full tie by transaction id in code-unit order, not locale order', () => {
    const at = '2024-03-01';
    const txns = [
      trade('b', 'BUY', at, '1', '1'),
      trade('B', 'BUY', at, '1', '1'),
      trade('a', 'BUY', at, '1', '1'),
    ];
    expect(ids(replayOrder(txns))).toEqual(['B', 'a', 'b']);
  });

  it('does not change its input', () => {
    const txns = [trade('2', 'BUY', '2024-01-02', '1', '1'), trade('1', 'BUY', '2024-01-01', '1', '1')];
    replayOrder(txns);
    expect(ids(txns)).toEqual(['2', '1']);
  });

  it('dates a transaction by its UTC calendar date', () => {
    expect(utcDate('2024-03-01T23:30:00.000Z')).toBe('2024-03-01');
    expect(utcDate('2024-03-01T23:30:00-02:00')).toBe('2024-03-02');
  });
});
