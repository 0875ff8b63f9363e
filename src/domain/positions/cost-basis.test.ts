import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { type Dec, dec, quotient, sum, toNumeric } from '../money.ts';
import type { CostBasisMethod } from '../records/types.ts';
import { type CostBasisTransaction, costBasis } from './cost-basis.ts';
import { replayKey } from './replay.ts';
import { portfolio, replayInput, txn } from './testing.ts';
import type { EngineTransaction, ReplayResult } from './types.ts';

/** The shared reference cases of kind cost_basis, copied verbatim from ../shared/vectors/. */
interface VectorSale {
  date: string;
  quantity: number;
  proceeds: number;
  cost_basis_removed: number;
  realized_gain: number;
}
interface VectorLot {
  acquired: string;
  quantity: number;
  cost_basis: number;
  cost_per_share: number;
}
interface VectorMethod {
  sales: VectorSale[];
  realized_gain_total: number;
  remaining_quantity: number;
  remaining_cost_basis: number;
  remaining_lots?: VectorLot[];
  average_cost_per_share?: number;
}
type Tolerance = { abs: number; rel: number };
interface VectorCase {
  name: string;
  kind: string;
  inputs: { transactions: CostBasisTransaction[] };
  expected: Record<string, VectorMethod | number>;
  tolerance: Tolerance & Record<string, unknown>;
}

const CASES: VectorCase[] = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/vectors/cost-basis.json', import.meta.url), 'utf8'),
);

/** The vectors' name for each method of the engine (AVERAGE is the moving average, our AVCO). */
const METHODS: Record<string, CostBasisMethod> = {
  FIFO: 'FIFO',
  LIFO: 'LIFO',
  HIFO: 'HIFO',
  AVERAGE: 'AVCO',
};

/** The case's tolerance for a key: a per-key entry overrides the case-level rel/abs (methodology §1.1). */
function toleranceOf(c: VectorCase, key: string): Tolerance {
  const own = c.tolerance[key];
  const override = typeof own === 'object' && own !== null ? (own as Partial<Tolerance>) : {};
  return { abs: override.abs ?? c.tolerance.abs, rel: override.rel ?? c.tolerance.rel };
}

/** |actual − expected| ≤ max(abs, rel·|expected|), in exact decimals. */
function expectClose(actual: Dec, expected: number, tol: Tolerance, where: string) {
  const bound = Math.max(tol.abs, tol.rel * Math.abs(expected));
  const error = actual.minus(expected).abs();
  expect(error.lte(bound), `${where}: ${toNumeric(actual)} vs ${expected} (bound ${bound})`).toBe(true);
}

/** Quantities and dates must match exactly. */
function expectExact(actual: Dec, expected: number, where: string) {
  expect(actual.eq(expected), `${where}: ${toNumeric(actual)} vs ${expected}`).toBe(true);
}

/** What both paths (the stateless API and the replay) are checked against, per method. */
interface Outcome {
  sales: { date: string; quantity: Dec; proceeds: Dec; removed: Dec; realized: Dec }[];
  remainingQuantity: Dec;
  remainingCost: Dec;
  lots: { acquired: string; quantity: Dec; cost: Dec }[];
}

function compare(c: VectorCase, vectorMethod: string, actual: Outcome) {
  const expected = c.expected[vectorMethod] as VectorMethod;
  const at = (what: string) => `${c.name} ${vectorMethod} ${what}`;
  expect(actual.sales.length).toBe(expected.sales.length);
  expected.sales.forEach((e, i) => {
    const a = actual.sales[i]!;
    expect(a.date).toBe(e.date);
    expectExact(a.quantity, e.quantity, at(`sale ${i} quantity`));
    expectClose(a.proceeds, e.proceeds, toleranceOf(c, 'proceeds'), at(`sale ${i} proceeds`));
    expectClose(
      a.removed,
      e.cost_basis_removed,
      toleranceOf(c, 'cost_basis_removed'),
      at(`sale ${i} removed`),
    );
    expectClose(a.realized, e.realized_gain, toleranceOf(c, 'realized_gain'), at(`sale ${i} realized`));
  });
  const realizedTotal = sum(actual.sales.map((s) => s.realized));
  expectClose(
    realizedTotal,
    expected.realized_gain_total,
    toleranceOf(c, 'realized_gain_total'),
    at('total'),
  );
  expectExact(actual.remainingQuantity, expected.remaining_quantity, at('remaining quantity'));
  expectClose(
    actual.remainingCost,
    expected.remaining_cost_basis,
    toleranceOf(c, 'remaining_cost_basis'),
    at('cost'),
  );
  if (expected.remaining_lots !== undefined) {
    expect(actual.lots.map((l) => l.acquired)).toEqual(expected.remaining_lots.map((l) => l.acquired));
    expected.remaining_lots.forEach((e, i) => {
      const a = actual.lots[i]!;
      expectExact(a.quantity, e.quantity, at(`lot ${i} quantity`));
      expectClose(a.cost, e.cost_basis, toleranceOf(c, 'cost_basis'), at(`lot ${i} cost`));
      expectClose(
        quotient(a.cost, a.quantity),
        e.cost_per_share,
        toleranceOf(c, 'cost_per_share'),
        at(`lot ${i}/sh`),
      );
    });
  }
  if (expected.average_cost_per_share !== undefined) {
    const average = quotient(actual.remainingCost, actual.remainingQuantity);
    expectClose(
      average,
      expected.average_cost_per_share,
      toleranceOf(c, 'average_cost_per_share'),
      at('average'),
    );
  }
  // The case's identity, exactly: Σ realized = Σ net proceeds − (Σ buy costs − remaining cost).
  const proceeds = sum(actual.sales.map((s) => s.proceeds));
  const buys = sum(
    c.inputs.transactions
      .filter((t) => t.type === 'buy')
      .map((t) =>
        dec(t.quantity!)
          .times(t.price!)
          .plus(t.fee ?? 0),
      ),
  );
  expect(realizedTotal.eq(proceeds.minus(buys.minus(actual.remainingCost))), at('identity')).toBe(true);
  expectClose(
    buys,
    c.expected.total_buy_cost as number,
    toleranceOf(c, 'total_buy_cost'),
    at('total buy cost'),
  );
  expectClose(
    proceeds,
    c.expected.total_net_proceeds as number,
    toleranceOf(c, 'total_net_proceeds'),
    at('proceeds'),
  );
}

/** The vector's buys, sells and splits as transactions of one key in a USD portfolio. */
function asTransactions(transactions: readonly CostBasisTransaction[]): EngineTransaction[] {
  return transactions.map((t, i) => {
    const id = `T${String(i).padStart(3, '0')}`;
    const at = `${t.date}T00:00:00.000Z`;
    if (t.type === 'split') {
      const ratio = dec(t.ratio_num!).div(t.ratio_den ?? 1);
      expect(ratio.times(t.ratio_den ?? 1).eq(t.ratio_num!)).toBe(true); // a terminating decimal ratio
      return txn(id, 'SPLIT', at, { split_ratio: toNumeric(ratio) });
    }
    return txn(id, t.type === 'buy' ? 'BUY' : 'SELL', at, {
      quantity: toNumeric(dec(t.quantity!)),
      price: toNumeric(dec(t.price!)),
      gross_transaction_amount: toNumeric(dec(t.quantity!).times(t.price!)),
      trade_fee: toNumeric(dec(t.fee ?? 0)),
    });
  });
}

function outcomeOfReplay(result: ReplayResult, transactions: readonly EngineTransaction[]): Outcome {
  const sells = transactions.filter((t) => t.transaction_type === 'SELL');
  const last = result.rows.at(-1)!;
  return {
    sales: sells.map((t) => {
      const cost = result.costs.find((x) => x.transaction_id === t.transaction_id)!;
      const removed = cost.net_cost_local!.neg();
      const realized = cost.realized_gain_loss_local!;
      // In one currency the base figures are the local ones.
      expect(cost.realized_gain_loss!.eq(realized)).toBe(true);
      return {
        date: cost.position_date,
        quantity: dec(t.quantity),
        proceeds: realized.plus(removed),
        removed,
        realized,
      };
    }),
    remainingQuantity: last.quantity,
    remainingCost: last.cost_basis_local,
    lots: result.lots
      .filter((l) => l.open_quantity.gt(0))
      .map((l) => ({ acquired: l.acquisition_date, quantity: l.open_quantity, cost: l.open_cost_local })),
  };
}

const runs = CASES.flatMap((c) =>
  Object.keys(c.expected)
    .filter((k) => k in METHODS)
    .map((m) => [c.name, m, c] as const),
);

describe('the shared cost-basis reference vectors', () => {
  it('are all cost_basis cases, each with at least one method the engine runs', () => {
    expect(CASES.length).toBeGreaterThan(0);
    for (const c of CASES) {
      expect(c.kind).toBe('cost_basis');
      expect(runs.filter(([name]) => name === c.name).length).toBeGreaterThan(0);
    }
  });

  it.each(runs)('%s %s through the cost-basis API', (_, vectorMethod, c) => {
    const result = costBasis({ method: METHODS[vectorMethod]!, transactions: c.inputs.transactions });
    compare(c, vectorMethod, {
      sales: result.sales.map((s) => ({
        date: s.date,
        quantity: s.quantity,
        proceeds: s.proceeds,
        removed: s.cost_basis_removed,
        realized: s.realized_gain,
      })),
      remainingQuantity: result.remaining_quantity,
      remainingCost: result.remaining_cost_basis,
      lots: result.remaining_lots.map((l) => ({
        acquired: l.acquired,
        quantity: l.quantity,
        cost: l.cost_basis,
      })),
    });
    expect(result.realized_gain_total.eq(sum(result.sales.map((s) => s.realized_gain)))).toBe(true);
  });

  it.each(runs)('%s %s through the position engine (replayKey)', (_, vectorMethod, c) => {
    const transactions = asTransactions(c.inputs.transactions);
    const result = replayKey(replayInput(transactions, { portfolio: portfolio(METHODS[vectorMethod]) }));
    expect(result.blocked).toBeNull();
    compare(c, vectorMethod, outcomeOfReplay(result, transactions));
  });
});

describe('the cost-basis API', () => {
  const invalid = (transactions: CostBasisTransaction[]) => {
    try {
      costBasis({ method: 'FIFO', transactions });
    } catch (e) {
      if (e instanceof AppError) return [e.code, e.errors];
      throw e;
    }
    throw new Error('expected a validation error');
  };

  it('runs in date order, the list order kept on one date', () => {
    const result = costBasis({
      method: 'FIFO',
      transactions: [
        { date: '2024-02-01', type: 'sell', quantity: 5, price: 12 },
        { date: '2024-01-01', type: 'buy', quantity: 10, price: 10, fee: 1 },
        { date: '2024-01-01', type: 'buy', quantity: 10, price: '11' },
      ],
    });
    // 5 of the first lot (101 for 10): 50.50; proceeds 60 → 9.50.
    expect(result.sales.map((s) => [toNumeric(s.cost_basis_removed), toNumeric(s.realized_gain)])).toEqual([
      ['50.5', '9.5'],
    ]);
    expect(result.sales[0]!.lots.map((l) => [l.acquired, toNumeric(l.quantity)])).toEqual([
      ['2024-01-01', '5'],
    ]);
    expect(result.remaining_lots.map((l) => [toNumeric(l.quantity), toNumeric(l.cost_per_share)])).toEqual([
      ['5', '10.1'],
      ['10', '11'],
    ]);
    expect(toNumeric(result.average_cost_per_share!)).toBe('10.7'); // (50.50 + 110) / 15
  });

  it('has no average when nothing is held', () => {
    const result = costBasis({
      method: 'AVCO',
      transactions: [
        { date: '2024-01-01', type: 'buy', quantity: 3, price: 1 },
        { date: '2024-01-02', type: 'sell', quantity: 3, price: 2 },
      ],
    });
    expect(result.average_cost_per_share).toBeNull();
    expect(toNumeric(result.remaining_cost_basis)).toBe('0');
  });

  it('says which transaction is wrong and why', () => {
    expect(
      invalid([
        { date: '2024-1-1', type: 'buy', quantity: 1, price: 1 },
        { date: '2024-01-02', type: 'buy', quantity: 0, price: -1 },
        { date: '2024-01-03', type: 'split', ratio_num: 3, ratio_den: 0 },
        { date: '2024-01-04', type: 'short' as 'buy', quantity: 1, price: 1 },
        { date: '2024-01-05', type: 'sell', quantity: 'abc', price: 1 },
      ]),
    ).toEqual([
      'VALIDATION_FAILED',
      [
        { index: 0, field: 'date', message: 'must be a date \'YYYY-MM-DD\', got "2024-1-1"' },
        { index: 1, field: 'quantity', message: 'must be greater than 0, got 0' },
        { index: 1, field: 'price', message: 'must be at least 0, got -1' },
        { index: 2, field: 'ratio_den', message: 'must be greater than 0, got 0' },
        { index: 3, field: 'type', message: 'must be buy, sell or split, got "short"' },
        { index: 4, field: 'quantity', message: 'must be a number, got "abc"' },
      ],
    ]);
  });

  it('refuses an oversell and negative proceeds', () => {
    expect(
      invalid([
        { date: '2024-01-01', type: 'buy', quantity: 10, price: 1 },
        { date: '2024-01-02', type: 'sell', quantity: 11, price: 1 },
      ]),
    ).toEqual([
      'VALIDATION_FAILED',
      [{ index: 1, field: 'quantity', message: 'sells 11 but only 10 is held' }],
    ]);
    expect(
      invalid([
        { date: '2024-01-01', type: 'buy', quantity: 10, price: 1 },
        { date: '2024-01-02', type: 'sell', quantity: 1, price: 1, fee: 2 },
      ]),
    ).toEqual([
      'VALIDATION_FAILED',
      [{ index: 1, field: 'quantity', message: 'net proceeds must not be negative, got -1' }],
    ]);
  });
});
