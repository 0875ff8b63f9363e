import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { rebalance } from './rebalance.ts';
import type { Holding, RebalanceRequest } from './types.ts';

const holding = (
  security_id: string,
  quantity: number,
  market_value: number,
  over: Partial<Holding> = {},
): Holding => ({
  security_id,
  quantity,
  market_value,
  is_cash: false,
  attributes: {},
  ...over,
});

/** 10,000: cash 1,000 (10 %), A 100 × 50 = 5,000 (50 %), B 40 × 100 = 4,000 (40 %). */
const BOOK = [
  holding('CASH_USD', 1000, 1000, { is_cash: true }),
  holding('A', 100, 5000),
  holding('B', 40, 4000),
];

const request = (over: Partial<RebalanceRequest>): RebalanceRequest => ({
  by: 'security',
  targets: [],
  cash_buffer: 0,
  min_trade_value: 0,
  lot_size: 1,
  tolerance: 0,
  unlisted: 'hold',
  ...over,
});

const outcome = (result: ReturnType<typeof rebalance>, id: string) =>
  result.positions.find((p) => p.security_id === id)!;

describe('rebalance by security (hand calculations)', () => {
  it('sells the overweight, buys a new security in whole lots, leaves a position within tolerance', () => {
    const result = rebalance(
      BOOK,
      request({
        targets: [
          { key: 'A', weight: 0.3 },
          { key: 'B', weight: 0.4 },
          { key: 'C', weight: 0.25, price: 20 },
        ],
        cash_buffer: 0.05,
        lot_size: 10,
        tolerance: 0.01,
      }),
    );
    // A: 5,000 → 3,000 is 40 units at 50 = 4 lots. C: 2,500 / 20 = 125 units → 12 lots = 120 units, 2,400.
    expect(result.trades).toEqual([
      { security_id: 'A', side: 'SELL', quantity: '40', price: 50, amount: 2000 },
      { security_id: 'C', side: 'BUY', quantity: '120', price: 20, amount: 2400 },
    ]);
    expect(outcome(result, 'A')).toMatchObject({
      quantity_after: 60,
      weight_before: 0.5,
      weight_after: 0.3,
      drift_after: 0,
      action: 'TRADED',
    });
    expect(outcome(result, 'B')).toMatchObject({ action: 'WITHIN_TOLERANCE', weight_after: 0.4 });
    const c = outcome(result, 'C');
    expect(c).toMatchObject({ quantity_before: 0, quantity_after: 120, weight_after: 0.24 });
    expect(c.drift_after).toBeCloseTo(-0.01, 12);
    // 1,000 + 2,000 − 2,400
    expect(result.cash).toEqual({
      before: 1000,
      after: 600,
      weight_before: 0.1,
      weight_after: 0.06,
      buffer: 500,
    });
    expect(result.cash_constrained).toBe(false);
  });

  it('cuts the buys to keep the cash buffer when the targets ask for more cash than there is', () => {
    // A is held as it is (unlisted): 50 % + 35 % + 30 % + a 10 % buffer cannot all be had.
    const result = rebalance(
      BOOK,
      request({
        targets: [
          { key: 'B', weight: 0.35 },
          { key: 'C', weight: 0.3, price: 20 },
        ],
        cash_buffer: 0.1,
      }),
    );
    // B sells 5 units (500). Cash for buys: 1,000 + 500 − 1,000 = 500, so C's 150 units become 25.
    expect(result.trades).toEqual([
      { security_id: 'B', side: 'SELL', quantity: '5', price: 100, amount: 500 },
      { security_id: 'C', side: 'BUY', quantity: '25', price: 20, amount: 500 },
    ]);
    expect(result.cash_constrained).toBe(true);
    expect(result.cash.after).toBe(1000);
    expect(outcome(result, 'A')).toMatchObject({
      action: 'UNLISTED',
      target_weight: null,
      drift_after: null,
    });
    expect(outcome(result, 'C').drift_after).toBeCloseTo(0.05 - 0.3, 12);
  });

  it('sells a position to a target of 0 whole, odd lot included; drops trades under min_trade_value', () => {
    const book = [holding('A', 15, 150), holding('B', 85, 850)];
    const sellA = rebalance(
      book,
      request({ targets: [{ key: 'B', weight: 0.9 }], lot_size: 10, unlisted: 'sell', min_trade_value: 100 }),
    );
    // B wants 50 more: 5 units, less than a lot. A (unlisted, sold) goes whole: 15 units, 150.
    expect(sellA.trades).toEqual([
      { security_id: 'A', side: 'SELL', quantity: '15', price: 10, amount: 150 },
    ]);
    expect(outcome(sellA, 'A')).toMatchObject({ quantity_after: 0, market_value_after: 0, weight_after: 0 });
    expect(outcome(sellA, 'B').action).toBe('LESS_THAN_A_LOT');
    expect(sellA.cash.after).toBe(150);

    const small = rebalance(
      book,
      request({ targets: [{ key: 'B', weight: 0.9 }], lot_size: 10, unlisted: 'sell', min_trade_value: 200 }),
    );
    expect(small.trades).toEqual([]);
    expect(outcome(small, 'A').action).toBe('BELOW_MIN_TRADE');
  });

  it('writes lot quantities exactly', () => {
    const result = rebalance(
      [holding('CASH', 100, 100, { is_cash: true })],
      request({ targets: [{ key: 'X', weight: 0.31, price: 100, lot_size: 0.1 }] }),
    );
    // 31 / 100 = 0.31 units → 3 lots of 0.1.
    expect(result.trades).toEqual([
      { security_id: 'X', side: 'BUY', quantity: '0.3', price: 100, amount: 30 },
    ]);
  });
});

describe('rebalance by dimension (hand calculations)', () => {
  const book = [
    holding('CASH', 1000, 1000, { is_cash: true }),
    holding('T1', 30, 3000, { attributes: { sector: 'Technology' } }),
    holding('T2', 10, 1000, { attributes: { sector: 'Technology' } }),
    holding('H1', 80, 4000, { attributes: { sector: 'Health Care' } }),
    holding('E1', 20, 1000, { attributes: { sector: 'Energy' } }),
  ];

  it('scales each group to its target keeping its mix; reports groups, drift and unfillable targets', () => {
    const result = rebalance(
      book,
      request({
        by: 'sector',
        targets: [
          { key: 'Technology', weight: 0.5 },
          { key: 'Health Care', weight: 0.3 },
          { key: 'Utilities', weight: 0.1 },
        ],
        tolerance: 0.02,
      }),
    );
    // Technology 40 % → 50 %: T1 3/4 of 5,000 = 3,750 (+7.5 units → 7), T2 1/4 = 1,250 (+2.5 → 2).
    // Health Care 40 % → 30 %: H1 sells 1,000 / 50 = 20 units.
    expect(result.trades).toEqual([
      { security_id: 'H1', side: 'SELL', quantity: '20', price: 50, amount: 1000 },
      { security_id: 'T1', side: 'BUY', quantity: '7', price: 100, amount: 700 },
      { security_id: 'T2', side: 'BUY', quantity: '2', price: 100, amount: 200 },
    ]);
    expect(outcome(result, 'T1').target_weight).toBeCloseTo(0.375, 12);
    expect(outcome(result, 'E1').action).toBe('UNLISTED');
    expect(result.groups).toEqual([
      {
        key: 'Energy',
        target_weight: null,
        weight_before: 0.1,
        weight_after: 0.1,
        drift_before: null,
        drift_after: null,
        within_tolerance: true,
      },
      {
        key: 'Health Care',
        target_weight: 0.3,
        weight_before: 0.4,
        weight_after: 0.3,
        drift_before: expect.closeTo(0.1, 12),
        drift_after: 0,
        within_tolerance: false,
      },
      {
        key: 'Technology',
        target_weight: 0.5,
        weight_before: 0.4,
        weight_after: expect.closeTo(0.49, 12),
        drift_before: expect.closeTo(-0.1, 12),
        drift_after: expect.closeTo(-0.01, 12),
        within_tolerance: false,
      },
      {
        key: 'Utilities',
        target_weight: 0.1,
        weight_before: 0,
        weight_after: 0,
        drift_before: -0.1,
        drift_after: -0.1,
        within_tolerance: false,
      },
    ]);
    expect(result.unfilled).toEqual([{ key: 'Utilities', target_weight: 0.1, reason: expect.any(String) }]);
    // 1,000 + 1,000 − 900
    expect(result.cash.after).toBe(1100);
  });

  it('leaves a whole group alone when its weight is within tolerance of its target', () => {
    const result = rebalance(
      book,
      request({ by: 'sector', targets: [{ key: 'Technology', weight: 0.41 }], tolerance: 0.02 }),
    );
    expect(result.trades).toEqual([]);
    expect(['T1', 'T2'].map((id) => outcome(result, id).action)).toEqual([
      'WITHIN_TOLERANCE',
      'WITHIN_TOLERANCE',
    ]);
  });
});

describe('refuses targets it cannot honour, naming each', () => {
  const errorsOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).errors.map((e) => [e.index, e.field]);
    }
    throw new Error('expected a refusal');
  };

  it.each([
    [
      'a duplicate and cash as a target',
      request({
        targets: [
          { key: 'A', weight: 0.1 },
          { key: 'A', weight: 0.2 },
          { key: 'CASH_USD', weight: 0.1 },
        ],
      }),
      [
        [1, 'targets.key'],
        [2, 'targets.key'],
      ],
    ],
    [
      'a new security without price',
      request({ targets: [{ key: 'NEW', weight: 0.1 }] }),
      [[0, 'targets.price']],
    ],
    [
      'weights and buffer above 1',
      request({
        targets: [
          { key: 'A', weight: 0.7 },
          { key: 'B', weight: 0.3 },
        ],
        cash_buffer: 0.05,
      }),
      [[0, 'targets']],
    ],
    [
      'a price on a target by sector',
      request({ by: 'sector', targets: [{ key: 'Technology', weight: 0.5, price: 10 }] }),
      [[0, 'targets.price']],
    ],
  ])('%s', (_name, req, expected) => {
    expect(errorsOf(() => rebalance(BOOK, req))).toEqual(expected);
  });

  it('refuses a portfolio worth nothing', () => {
    expect(errorsOf(() => rebalance([], request({})))).toEqual([[0, 'as_of_date']]);
  });
});
