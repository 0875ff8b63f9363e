import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { dec, toNumeric, ZERO } from '../money.ts';
import { replayOrder } from '../positions/order.ts';
import { replayKey } from '../positions/replay.ts';
import { portfolio, replayInput, split, trade } from '../positions/testing.ts';
import type { EngineTransaction } from '../positions/types.ts';
import { COST_BASIS_METHODS, type CostBasisMethod } from '../records/types.ts';
import { type CostBasisDryRun, costBasisDryRun, type DryRunTransaction } from './cost-basis-dry-run.ts';

/**
 * The dry run against the position engine itself: random histories of one security, booked as ingest-shaped
 * transactions through replayKey (the engine that writes positions) and through the dry run, must give the
 * same realized P&L per sale and the same open lots, exactly, under every method.
 */
type Kind = 'BUY' | 'SELL' | 'SPLIT';
interface Step {
  kind: Kind;
  /** Minutes after the previous step; 0 puts two transactions on one instant. */
  gap: number;
  size: number;
  cents: number;
  feeCents: number;
  /** Of the quantity held when the sale replays, in percent. */
  share: number;
  ratio: string;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Kind>('BUY', 'BUY', 'SELL', 'SELL', 'SPLIT'),
  gap: fc.constantFrom(0, 0, 30, 60 * 24, 60 * 24 * 7),
  size: fc.integer({ min: 1, max: 500 }),
  cents: fc.integer({ min: 1, max: 100_000 }),
  feeCents: fc.constantFrom(0, 0, 1, 250, 999),
  share: fc.integer({ min: 1, max: 100 }),
  ratio: fc.constantFrom('2', '1.5', '0.5', '4'),
});

/**
 * The steps as transactions, quantities filled in along the engine's replay order (which depends only on
 * instant, type and id): a sale takes a share of what is held then, and is left out when nothing is (turning
 * it into a buy would move it in that order).
 */
function history(steps: readonly Step[]): EngineTransaction[] {
  let minutes = 0;
  const drafts = steps.map((s, i) => {
    minutes += s.gap;
    const at = new Date(Date.UTC(2024, 0, 1) + minutes * 60_000).toISOString();
    return { step: s, id: `T${String(i).padStart(4, '0')}`, at };
  });
  const shells = drafts.map((d) => split(d.id, d.at, '1'));
  const order = replayOrder(
    shells.map((t, i) => ({
      ...t,
      transaction_type: drafts[i]!.step.kind === 'SPLIT' ? 'SPLIT' : drafts[i]!.step.kind,
    })),
  ).map((t) => t.transaction_id);
  const byId = new Map<string, EngineTransaction>();
  let held = ZERO;
  for (const id of order) {
    const d = drafts.find((x) => x.id === id)!;
    const price = (d.step.cents / 100).toFixed(2);
    const fee = (d.step.feeCents / 100).toFixed(2);
    if (d.step.kind === 'SPLIT') {
      byId.set(id, split(id, d.at, d.step.ratio));
      held = held.times(d.step.ratio);
    } else if (d.step.kind === 'SELL' && held.gt(0)) {
      // Whole shares where possible, the rest of the position otherwise; net proceeds kept ≥ 0.
      const wanted = held.times(d.step.share).div(100).floor();
      const quantity = wanted.gt(0) ? wanted : held;
      const sellFee = dec(fee).gt(quantity.times(price)) ? '0' : fee;
      byId.set(id, trade(id, 'SELL', d.at, toNumeric(quantity), price, sellFee));
      held = held.minus(quantity);
    } else if (d.step.kind === 'BUY') {
      byId.set(id, trade(id, 'BUY', d.at, String(d.step.size), price, fee));
      held = held.plus(d.step.size);
    }
  }
  // Back in list (step) order: the dry run has to find the replay order itself.
  return drafts.flatMap((d) => byId.get(d.id) ?? []);
}

const ingestShaped = (t: EngineTransaction): DryRunTransaction => ({
  transaction_id: t.transaction_id,
  transaction_date: t.transaction_date,
  transaction_type: t.transaction_type,
  quantity: t.quantity,
  price: t.price,
  gross_transaction_amount: t.gross_transaction_amount,
  trade_fee: t.trade_fee,
  split_ratio: t.split_ratio,
  trade_currency: t.trade_currency,
});

const plainDryRun = (r: CostBasisDryRun) => ({
  realized: r.disposals.map((d) => toNumeric(d.realized_gain_loss)),
  removed: r.disposals.map((d) => toNumeric(d.cost_basis_removed)),
  lots: r.lots.map((l) => [l.acquisition_date, toNumeric(l.quantity), toNumeric(l.cost_basis)]),
  quantity: toNumeric(r.remaining_quantity),
  cost: toNumeric(r.remaining_cost_basis),
});

describe('the cost-basis dry run books what the position engine books', () => {
  it('realized P&L per sale, open lots, quantity and cost agree exactly with replayKey', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { minLength: 1, maxLength: 25 }),
        fc.constantFrom<CostBasisMethod>(...COST_BASIS_METHODS),
        (steps, method) => {
          const transactions = history(steps);
          fc.pre(transactions.length > 0);
          const engine = replayKey(replayInput(transactions, { portfolio: portfolio(method) }));
          expect(engine.blocked).toBeNull();
          const sells = engine.costs.filter(
            (c) => c.realized_gain_loss_local !== null && c.net_cost_local!.isNeg(),
          );
          const last = engine.rows.at(-1)!;
          const booked = {
            realized: sells.map((c) => toNumeric(c.realized_gain_loss_local!)),
            removed: sells.map((c) => toNumeric(c.net_cost_local!.neg())),
            lots: engine.lots
              .filter((l) => l.open_quantity.gt(0))
              .map((l) => [l.acquisition_date, toNumeric(l.open_quantity), toNumeric(l.open_cost_local)]),
            quantity: toNumeric(last.quantity),
            cost: toNumeric(last.cost_basis_local),
          };
          const dryRun = costBasisDryRun({ method, transactions: transactions.map(ingestShaped) });
          expect(dryRun.conventions.order).toBe('replay_order');
          expect(plainDryRun(dryRun)).toEqual(booked);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the request shapes', () => {
  const errorsOf = (transactions: DryRunTransaction[]) => {
    try {
      costBasisDryRun({ method: 'FIFO', transactions });
    } catch (e) {
      if (e instanceof AppError) return e.errors;
      throw e;
    }
    throw new Error('expected a validation error');
  };

  it("names the lot book's complaints as the ingest shape spells the fields", () => {
    expect(
      errorsOf([
        {
          transaction_date: '2024-01-01',
          transaction_type: 'BUY',
          quantity: '1',
          price: '1',
          trade_fee: 'x',
        },
        { transaction_date: '2024-01-02', transaction_type: 'SPLIT', split_ratio: '0' },
      ]),
    ).toEqual([
      { index: 0, field: 'trade_fee', message: 'must be a number, got "x"' },
      { index: 1, field: 'split_ratio', message: 'must be greater than 0, got 0' },
    ]);
  });

  it('refuses an object where a number belongs, by name, rather than reading it as a number', () => {
    expect(
      errorsOf([{ date: '2024-01-01', type: 'buy', quantity: { toString: () => '5' } as unknown, price: 1 }]),
    ).toEqual([{ index: 0, field: 'quantity', message: 'must be a number, got "{}"' }]);
  });

  it("a list in the vectors' shape runs in list order within a date", () => {
    const r = costBasisDryRun({
      method: 'LIFO',
      transactions: [
        { date: '2024-01-02', type: 'sell', quantity: 1, price: 10 },
        { date: '2024-01-01', type: 'buy', quantity: 1, price: 1 },
        { date: '2024-01-01', type: 'buy', quantity: 1, price: 2 },
      ],
    });
    // LIFO takes the later-listed buy of 2024-01-01 (cost 2).
    expect(r.disposals.map((d) => toNumeric(d.cost_basis_removed))).toEqual(['2']);
    expect(r.conventions.order).toBe('date_then_list_order');
  });
});
