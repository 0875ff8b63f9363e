import { describe, expect, it } from 'vitest';
import { type Dec, dec, ONE, sum, toNumeric } from '../money.ts';
import type { CostBasisMethod } from '../records/types.ts';
import { LotBook } from './lots.ts';
import { num } from './testing.ts';

/** A lot bought on `date` in one currency (base = local). */
function buy(book: LotBook, id: string, date: string, quantity: string, cost: string, costBase = cost) {
  book.acquire({
    lotId: id,
    sourceTransactionId: id,
    acquisitionDate: date,
    quantity: dec(quantity),
    costLocal: dec(cost),
    costBase: dec(costBase),
    accruedInterestLocal: dec(0),
  });
}

const takes = (r: { takes: { lotId: string; quantity: Dec; costLocal: Dec }[] }) =>
  r.takes.map((t) => [t.lotId, num(t.quantity), num(t.costLocal)]);

const open = (book: LotBook) =>
  book
    .lots()
    .filter((l) => l.open_quantity.gt(0))
    .map((l) => [l.lot_id, num(l.open_quantity), num(l.open_cost_local)]);

/**
 * The methodology's hand calculation of CB1 (analytics-methodology §10):
 * A = 100 @ 50 + 5 = 5005 (50.05/sh); B = 50 @ 55 + 5 = 2755 (55.10/sh); C = 70 @ 48 + 3.50 = 3363.50 (48.05/sh).
 * Sells of 80, 60, 30; C is bought between the first and second.
 */
function cb1(method: CostBasisMethod) {
  const book = new LotBook(method);
  buy(book, 'A', '2024-01-10', '100', '5005');
  buy(book, 'B', '2024-02-15', '50', '2755');
  const s1 = book.remove(dec(80));
  buy(book, 'C', '2024-04-25', '70', '3363.5');
  const s2 = book.remove(dec(60));
  const s3 = book.remove(dec(30));
  return { book, sales: [s1, s2, s3].map((s) => num(s.costLocal)), takes: [s1, s2, s3].map(takes) };
}

describe('the lot book on CB1 (hand calculation of the methodology)', () => {
  it('FIFO: 80 × 50.05 = 4004; 20 × 50.05 + 40 × 55.10 = 3205; 10 × 55.10 + 20 × 48.05 = 1512', () => {
    const { book, sales, takes } = cb1('FIFO');
    expect(sales).toEqual(['4004', '3205', '1512']);
    expect(takes[1]).toEqual([
      ['A', '20', '1001'],
      ['B', '40', '2204'],
    ]);
    // C 50 sh × 48.05 = 2402.50
    expect(open(book)).toEqual([['C', '50', '2402.5']]);
    expect([num(book.quantity), num(book.costLocal)]).toEqual(['50', '2402.5']);
  });

  it('LIFO: 2755 + 30 × 50.05 = 4256.50; 60 × 48.05 = 2883; 10 × 48.05 + 20 × 50.05 = 1481.50', () => {
    const { book, sales } = cb1('LIFO');
    expect(sales).toEqual(['4256.5', '2883', '1481.5']);
    expect(open(book)).toEqual([['A', '50', '2502.5']]);
  });

  it('HIFO: B then A = 4256.50; 60 × 50.05 = 3003; 10 × 50.05 + 20 × 48.05 = 1461.50', () => {
    const { book, sales, takes } = cb1('HIFO');
    expect(sales).toEqual(['4256.5', '3003', '1461.5']);
    expect(takes[0]).toEqual([
      ['B', '50', '2755'],
      ['A', '30', '1501.5'],
    ]);
    expect(open(book)).toEqual([['C', '50', '2402.5']]);
  });

  it('AVCO: 80 × 7760/150; then 60 and 30 at 6984.8333…/140 (= 49.891666…); pool restarts nowhere', () => {
    const { book, sales } = cb1('AVCO');
    // 80 × 7760 / 150 = 4138.6666… (24 places); 60 × 6984.8333… / 140 = 2993.5; 30 × … = 1496.75
    expect(sales).toEqual([`4138.${'6'.repeat(23)}7`, '2993.5', '1496.75']);
    // 7760 + 3363.5 − 4138.66…67 − 2993.5 − 1496.75 = 2494.58333…33 (by subtraction: the sums stay exact)
    expect(num(book.costLocal)).toBe(`2494.58${'3'.repeat(22)}`);
    expect(num(book.quantity)).toBe('50');
  });
});

describe('the lot book', () => {
  it('HIFO breaks a tie in cost per share by the earliest acquisition', () => {
    const book = new LotBook('HIFO');
    buy(book, 'A', '2024-01-01', '10', '120.1'); // 12.01/sh
    buy(book, 'B', '2024-01-02', '20', '240.2'); // 12.01/sh: 120.1 × 20 = 240.2 × 10, a tie
    buy(book, 'C', '2024-01-03', '5', '55'); // 11/sh
    buy(book, 'D', '2024-01-04', '1', '12.01'); // 12.01/sh, the latest of the tie
    // 15 = A 10 (120.10) + B 5 (240.2 × 5/20 = 60.05)
    expect(takes(book.remove(dec(15)))).toEqual([
      ['A', '10', '120.1'],
      ['B', '5', '60.05'],
    ]);
  });

  it('HIFO compares cost per share in today’s units: a lot bought before a split is cheaper per share', () => {
    const book = new LotBook('HIFO');
    buy(book, 'A', '2024-01-01', '10', '100'); // 10/sh, after the 2-for-1 split 20 sh at 5/sh
    book.split(dec(2), ONE);
    buy(book, 'B', '2024-02-01', '10', '70'); // 7/sh
    // Highest first: B at 7 > A at 5. 5 of B = 35.
    expect(takes(book.remove(dec(5)))).toEqual([['B', '5', '35']]);
  });

  /**
   * A 3-for-2 split mid-history under every method. A = 100 @ 10 = 1000; B = 100 @ 13 = 1300; C = 50 @ 12 = 600.
   * SELL 60, SPLIT 3-for-2 (quantities × 1.5, costs unchanged), SELL 90.
   */
  const splitMidHistory = (method: CostBasisMethod) => {
    const book = new LotBook(method);
    buy(book, 'A', '2024-01-01', '100', '1000');
    buy(book, 'B', '2024-01-02', '100', '1300');
    buy(book, 'C', '2024-01-03', '50', '600');
    const first = book.remove(dec(60));
    book.split(dec(3), dec(2));
    const second = book.remove(dec(90));
    return { book, first, second };
  };

  it('FIFO through a 3-for-2 split', () => {
    const { book, first, second } = splitMidHistory('FIFO');
    // 60 of A: 1000 × 60/100 = 600; A keeps 40 sh / 400 → 60 sh after the split.
    expect(takes(first)).toEqual([['A', '60', '600']]);
    // 60 of A (its 400), 30 of B (150 sh after the split): 1300 × 30/150 = 260.
    expect(takes(second)).toEqual([
      ['A', '60', '400'],
      ['B', '30', '260'],
    ]);
    expect(open(book)).toEqual([
      ['B', '120', '1040'],
      ['C', '75', '600'],
    ]);
    expect([num(book.quantity), num(book.costLocal)]).toEqual(['195', '1640']);
  });

  it('LIFO through a 3-for-2 split', () => {
    const { book, first, second } = splitMidHistory('LIFO');
    // C 50 (600) + 10 of B (130); B keeps 90 sh / 1170 → 135 sh.
    expect(takes(first)).toEqual([
      ['C', '50', '600'],
      ['B', '10', '130'],
    ]);
    // 90 of B's 135: 1170 × 90/135 = 780.
    expect(takes(second)).toEqual([['B', '90', '780']]);
    expect(open(book)).toEqual([
      ['A', '150', '1000'],
      ['B', '45', '390'],
    ]);
    expect([num(book.quantity), num(book.costLocal)]).toEqual(['195', '1390']);
  });

  it('HIFO through a 3-for-2 split', () => {
    const { book, first, second } = splitMidHistory('HIFO');
    // B (13/sh) first: 1300 × 60/100 = 780; B keeps 40 / 520 → 60 sh (8.67/sh), C 75 sh (8/sh), A 150 (6.67/sh).
    expect(takes(first)).toEqual([['B', '60', '780']]);
    // B 60 (520), then 30 of C: 600 × 30/75 = 240.
    expect(takes(second)).toEqual([
      ['B', '60', '520'],
      ['C', '30', '240'],
    ]);
    expect(open(book)).toEqual([
      ['A', '150', '1000'],
      ['C', '45', '360'],
    ]);
    expect([num(book.quantity), num(book.costLocal)]).toEqual(['195', '1360']);
  });

  it('AVCO through a 3-for-2 split: the split changes the pooled quantity only', () => {
    const { book, first, second } = splitMidHistory('AVCO');
    // Pool 250 sh / 2900: 60 × 2900/250 = 696; pool 190 / 2204 → 285 sh after the split.
    expect(num(first.costLocal)).toBe('696');
    // 90 × 2204/285 = 696 (90 new shares are 60 old at 11.60); pool 195 / 1508.
    expect(num(second.costLocal)).toBe('696');
    // Quantities leave the lots oldest first: A 60 (464 = 696 × 60/90), then 30 of B (232).
    expect(takes(second)).toEqual([
      ['A', '60', '464'],
      ['B', '30', '232'],
    ]);
    // The lots view: B 120 and C 75 at the pool's average 1508/195: 928 and 580.
    expect(open(book)).toEqual([
      ['B', '120', '928'],
      ['C', '75', '580'],
    ]);
    expect([num(book.quantity), num(book.costLocal)]).toEqual(['195', '1508']);
  });

  it('AVCO restarts the pool after a full liquidation', () => {
    const book = new LotBook('AVCO');
    buy(book, 'A', '2024-01-01', '3', '10');
    book.remove(dec(1)); // 10/3 leaves at 3.33…
    const rest = book.remove(dec(2)); // everything that is left, not 2 × the average
    expect([num(book.quantity), num(book.costLocal), num(book.costBase)]).toEqual(['0', '0', '0']);
    expect(num(rest.costLocal)).toBe(`6.${'6'.repeat(23)}7`);
    buy(book, 'B', '2024-02-01', '10', '50');
    expect(num(book.remove(dec(4)).costLocal)).toBe('20'); // 4 × 50/10, nothing of the old pool
  });

  it('takes cost pro rata from a partial lot and keeps remaining + removed = acquired exactly', () => {
    for (const method of ['FIFO', 'LIFO', 'HIFO', 'AVCO'] as const) {
      const book = new LotBook(method);
      buy(book, 'A', '2024-01-01', '3', '10', '11.7');
      const removed = [book.remove(dec(1)), book.remove(dec(1))];
      // 10/3 does not terminate; what stays is found by subtraction, so the identity is exact.
      expect(book.costLocal.plus(sum(removed.map((r) => r.costLocal))).eq(10)).toBe(true);
      expect(book.costBase.plus(sum(removed.map((r) => r.costBase))).eq('11.7')).toBe(true);
      const last = book.remove(dec(1));
      expect(sum([...removed, last].map((r) => r.costLocal)).eq(10)).toBe(true);
      expect(sum([...removed, last].map((r) => r.costBase)).eq('11.7')).toBe(true);
      const lot = book.lots()[0]!;
      expect([num(lot.open_quantity), num(lot.open_cost_local), num(lot.open_cost_base)]).toEqual([
        '0',
        '0',
        '0',
      ]);
      expect([num(lot.original_quantity), num(lot.lot_cost_local), num(lot.lot_cost_base)]).toEqual([
        '3',
        '10',
        '11.7',
      ]);
    }
  });

  it('AVCO lots view: open costs add up to the pool exactly, the last open lot taking the remainder', () => {
    const book = new LotBook('AVCO');
    buy(book, 'A', '2024-01-01', '1', '1');
    buy(book, 'B', '2024-01-02', '1', '1');
    buy(book, 'C', '2024-01-03', '1', '1.01');
    const lots = book.lots();
    // 3.01 / 3 does not terminate: A and B get 1.00333… (24 places), C the rest.
    expect(lots.map((l) => num(l.open_cost_local))).toEqual([
      `1.00${'3'.repeat(22)}`,
      `1.00${'3'.repeat(22)}`,
      `1.00${'3'.repeat(21)}4`,
    ]);
    expect(sum(lots.map((l) => l.open_cost_local)).eq('3.01')).toBe(true);
    expect(lots.map((l) => num(l.lot_cost_local))).toEqual(['1', '1', '1.01']);
  });

  it('refuses to remove more than it holds (the replay blocks before that)', () => {
    const book = new LotBook('FIFO');
    buy(book, 'A', '2024-01-01', '5', '50');
    expect(() => book.remove(dec(6))).toThrow(/exceeds the 5 held/);
    expect(toNumeric(book.quantity)).toBe('5');
  });

  it('a split of a 1-for-3 reverse holds quantities to the quotient scale, costs untouched', () => {
    const book = new LotBook('FIFO');
    buy(book, 'A', '2024-01-01', '10', '100');
    book.split(ONE, dec(3));
    expect(num(book.quantity)).toBe(`3.${'3'.repeat(24)}`);
    expect(num(book.costLocal)).toBe('100');
  });
});
