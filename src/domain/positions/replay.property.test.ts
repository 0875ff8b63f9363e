import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dec, dec, sum, toNumeric, ZERO } from '../money.ts';
import type { CostBasisMethod, IsoDate } from '../records/types.ts';
import { replayKey } from './replay.ts';
import { RULES } from './rules.ts';
import { cash, equity, plain, portfolio, replayInput, txn } from './testing.ts';
import type { EngineTransaction, FxLookup, ReplayResult } from './types.ts';

/**
 * Random valid histories of one key: buys, sells that never oversell in replay order, splits, transfers,
 * income and expenses, deposits and withdrawals on cash, in USD or in EUR for a USD portfolio (rates on the
 * transaction or from a deterministic FX lookup), under every method. The checks are exact (Dec.eq).
 */

type Step = {
  type: EngineTransaction['transaction_type'];
  /** Days after the previous step; 0 = the same instant when the replay order allows it. */
  gap: number;
  /** Buys: 3 × size + 1; disposals: see `share` in build. */
  size: number;
  cents: number;
  feeCents: number;
  ratio: string;
  suppliedRate: string | null;
  accruedCents: number;
  excludeAccrued: boolean;
};

const SECURITY_TYPES = [
  'BUY',
  'BUY',
  'SELL',
  'SELL',
  'SPLIT',
  'TRANSFER_IN',
  'TRANSFER_OUT',
  'DIVIDEND',
  'FEE',
  'TAX',
];
const CASH_TYPES = [
  'DEPOSIT',
  'DEPOSIT',
  'WITHDRAWAL',
  'FEE',
  'TAX',
  'BUY',
  'SELL',
  'INTEREST',
  'TRANSFER_OUT',
];

const stepArb = (types: readonly string[]): fc.Arbitrary<Step> =>
  fc.record({
    type: fc.constantFrom(...(types as EngineTransaction['transaction_type'][])),
    gap: fc.constantFrom(0, 0, 1, 2, 5),
    size: fc.integer({ min: 1, max: 20 }),
    cents: fc.integer({ min: 1, max: 50_000 }),
    feeCents: fc.constantFrom(0, 0, 1, 99, 500),
    ratio: fc.constantFrom('2', '1.5', '0.5', '3', '0.25'),
    suppliedRate: fc.constantFrom(null, null, '1.1', '1.25', '0.95'),
    accruedCents: fc.constantFrom(0, 0, 1234),
    excludeAccrued: fc.boolean(),
  });

interface History {
  method: CostBasisMethod;
  holdsCash: boolean;
  currency: 'USD' | 'EUR';
  /** In replay order (the builder only lets an instant repeat where the replay order keeps it). */
  transactions: EngineTransaction[];
  /** The rate each transaction converts at, known independently of the engine. */
  rates: Map<string, Dec>;
}

const START = Date.UTC(2023, 0, 2, 12);
const DAY = 86_400_000;

/** EUR/USD on any date: 1 + (day of month × 7 mod 30) / 100, a fact every day. */
const eurUsdOn = (date: IsoDate): Dec => dec(1).plus(dec((Number(date.slice(8, 10)) * 7) % 30).div(100));
const fxFacts: FxLookup = (from, to, date) =>
  from === 'EUR' && to === 'USD' ? { rate: eurUsdOn(date), rate_date: date } : undefined;

const money = (cents: number) => dec(cents).div(100);

/** Turns random steps into a valid history: disposals take a share of what is held, never more. */
function build(method: CostBasisMethod, holdsCash: boolean, currency: 'USD' | 'EUR', steps: Step[]): History {
  const transactions: EngineTransaction[] = [];
  const rates = new Map<string, Dec>();
  let held = ZERO;
  let instant = START;
  let lastPhase = 0;
  steps.forEach((s, i) => {
    const id = `T${String(i).padStart(3, '0')}`;
    const rule = RULES[s.type];
    const sameInstant = s.gap === 0 && i > 0 && rule.phase >= lastPhase;
    instant += sameInstant ? 0 : Math.max(s.gap, 1) * DAY + (i % 7) * 60_000;
    const at = new Date(instant).toISOString();
    const fee = money(s.feeCents);
    const price = money(s.cents);
    // What a disposal takes: all (20), whole units (odd: pro-rata costs that do not terminate), or twentieths.
    const share =
      s.size === 20 ? held : s.size % 2 === 1 ? Dec.min(held, s.size) : held.times(s.size).div(20);
    let fields: Partial<EngineTransaction>;
    switch (s.type) {
      case 'BUY':
      case 'TRANSFER_IN': {
        const quantity = dec(s.size * 3 + 1);
        held = held.plus(quantity);
        fields = {
          quantity: toNumeric(quantity),
          price: toNumeric(price),
          gross_transaction_amount: toNumeric(quantity.times(price)),
        };
        if (s.type === 'BUY' && s.accruedCents > 0) {
          fields.accrued_interest = toNumeric(money(s.accruedCents));
          if (s.excludeAccrued) fields.calculation_policy_id = 'BUY_EXCLUDE_ACCRUED_INTEREST_FROM_BOOK_COST';
        }
        break;
      }
      case 'DEPOSIT': {
        // The lot is the amount net of its fee, which must stay positive.
        const cut = fee.lt(price) ? fee : ZERO;
        held = held.plus(price.minus(cut));
        fields = { gross_transaction_amount: toNumeric(price), trade_fee: toNumeric(cut) };
        break;
      }
      case 'SELL':
      case 'TRANSFER_OUT': {
        if (share.isZero()) return;
        held = held.minus(share);
        const gross = share.times(price);
        const sellFee = s.type === 'SELL' && fee.gt(gross) ? ZERO : fee;
        fields = {
          quantity: toNumeric(share),
          price: toNumeric(price),
          gross_transaction_amount: toNumeric(gross),
          trade_fee: toNumeric(sellFee),
        };
        break;
      }
      case 'WITHDRAWAL':
      case 'FEE':
      case 'TAX': {
        if (s.type === 'WITHDRAWAL' || holdsCash) {
          // gross + fee leave the lots: keep them within what is held.
          if (share.isZero()) return;
          const cut = fee.gt(share) ? ZERO : fee;
          held = held.minus(share);
          fields = { gross_transaction_amount: toNumeric(share.minus(cut)), trade_fee: toNumeric(cut) };
        } else {
          fields = { gross_transaction_amount: toNumeric(price) };
        }
        break;
      }
      case 'SPLIT':
        held = held.times(s.ratio);
        fields = { split_ratio: s.ratio };
        break;
      default:
        fields = { gross_transaction_amount: toNumeric(price) };
    }
    if (fields.trade_fee === undefined && s.type !== 'SPLIT') fields.trade_fee = toNumeric(fee);
    if (currency === 'EUR') {
      fields.transaction_fx_rate = s.suppliedRate;
      rates.set(id, s.suppliedRate === null ? eurUsdOn(at.slice(0, 10)) : dec(s.suppliedRate));
    } else {
      rates.set(id, dec(1));
    }
    transactions.push(txn(id, s.type, at, { ccy: currency, ...fields }));
    lastPhase = rule.phase;
  });
  return { method, holdsCash, currency, transactions, rates };
}

const historyArb: fc.Arbitrary<History> = fc
  .record({
    method: fc.constantFrom<CostBasisMethod>('FIFO', 'LIFO', 'HIFO', 'AVCO'),
    holdsCash: fc.boolean(),
    currency: fc.constantFrom<'USD' | 'EUR'>('USD', 'EUR'),
  })
  .chain(({ method, holdsCash, currency }) =>
    fc
      .array(stepArb(holdsCash ? CASH_TYPES : SECURITY_TYPES), { minLength: 1, maxLength: 30 })
      .map((steps) => build(method, holdsCash, currency, steps)),
  )
  .filter((h) => h.transactions.length > 0);

function replay(h: History, transactions: readonly EngineTransaction[] = h.transactions): ReplayResult {
  return replayKey(
    replayInput(transactions, {
      portfolio: portfolio(h.method),
      instrument: h.holdsCash ? cash(h.currency) : equity(h.currency),
      fx: fxFacts,
    }),
  );
}

const RUNS = { numRuns: 100 };

/** What a transaction moves in or out of the lots, in units of its own date (0 when it moves nothing). */
function unitsMoved(h: History, t: EngineTransaction): { acquired: Dec; disposed: Dec } {
  const gross = dec(t.gross_transaction_amount);
  const fee = dec(t.trade_fee);
  switch (t.transaction_type) {
    case 'BUY':
    case 'TRANSFER_IN':
      return { acquired: dec(t.quantity), disposed: ZERO };
    case 'DEPOSIT':
      return { acquired: gross.minus(fee), disposed: ZERO };
    case 'SELL':
    case 'TRANSFER_OUT':
      return { acquired: ZERO, disposed: dec(t.quantity) };
    case 'WITHDRAWAL':
      return { acquired: ZERO, disposed: gross.plus(fee) };
    case 'FEE':
    case 'TAX':
      return { acquired: ZERO, disposed: h.holdsCash ? gross.plus(fee) : ZERO };
    default:
      return { acquired: ZERO, disposed: ZERO };
  }
}

/** The cost a transaction opens a lot at, local, from the inputs alone. */
function acquisitionCost(t: EngineTransaction): Dec {
  const gross = dec(t.gross_transaction_amount);
  if (t.transaction_type === 'DEPOSIT') return gross.minus(t.trade_fee);
  if (t.transaction_type !== 'BUY') return gross;
  const accrued = t.calculation_policy_id === null ? dec(t.accrued_interest ?? 0) : ZERO;
  return gross.plus(t.trade_fee).plus(accrued);
}

describe('replay properties over random valid histories', () => {
  it('never blocks a valid history, and gives one row and one cashflow (none for a SPLIT) per transaction', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const result = replay(h);
        expect(result.blocked).toBeNull();
        expect(result.rows.map((r) => r.transaction_id)).toEqual(h.transactions.map((t) => t.transaction_id));
        expect(result.cashflows.map((c) => c.transaction_id)).toEqual(
          h.transactions.filter((t) => t.transaction_type !== 'SPLIT').map((t) => t.transaction_id),
        );
      }),
      RUNS,
    );
  });

  it('(a) gives identical results for any arrival order, with duplicates', () => {
    const arb = historyArb.chain((h) =>
      fc.tuple(
        fc.constant(h),
        fc.shuffledSubarray(h.transactions, {
          minLength: h.transactions.length,
          maxLength: h.transactions.length,
        }),
        fc.subarray(h.transactions),
      ),
    );
    fc.assert(
      fc.property(arb, ([h, shuffled, duplicates]) => {
        expect(plain(replay(h, [...shuffled, ...duplicates]))).toEqual(plain(replay(h)));
      }),
      RUNS,
    );
  });

  it('(b) conserves quantity: Σ acquired × later split ratios − Σ disposed × later ratios = open quantity', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const result = replay(h);
        // Walk back from the end: a quantity counts in today's units, times every split after it.
        let factor = dec(1);
        let expected = ZERO;
        for (const t of [...h.transactions].reverse()) {
          if (t.transaction_type === 'SPLIT') factor = factor.times(t.split_ratio!);
          const moved = unitsMoved(h, t);
          expected = expected.plus(moved.acquired.minus(moved.disposed).times(factor));
        }
        const open = sum(result.lots.map((l) => l.open_quantity));
        expect(toNumeric(open)).toBe(toNumeric(expected));
        expect(toNumeric(result.rows.at(-1)!.quantity)).toBe(toNumeric(expected));
        // Every disposal record adds up to what its transaction moved.
        for (const t of h.transactions) {
          const recorded = sum(
            result.disposals.filter((d) => d.transaction_id === t.transaction_id).map((d) => d.quantity),
          );
          expect(recorded.eq(unitsMoved(h, t).disposed)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('(c) cost identities, exactly, local and base: remaining + disposed = acquired', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const result = replay(h);
        const acquisitions = h.transactions.filter((t) => RULES[t.transaction_type].lots.kind === 'ACQUIRE');
        const acquiredLocal = sum(acquisitions.map(acquisitionCost));
        const acquiredBase = sum(
          acquisitions.map((t) => acquisitionCost(t).times(h.rates.get(t.transaction_id)!)),
        );
        const open = (key: 'open_cost_local' | 'open_cost_base') => sum(result.lots.map((l) => l[key]));
        const disposed = (key: 'cost_local' | 'cost_base') => sum(result.disposals.map((d) => d[key]));
        expect(sum(result.lots.map((l) => l.lot_cost_local)).eq(acquiredLocal)).toBe(true);
        expect(sum(result.lots.map((l) => l.lot_cost_base)).eq(acquiredBase)).toBe(true);
        expect(open('open_cost_local').plus(disposed('cost_local')).eq(acquiredLocal)).toBe(true);
        expect(open('open_cost_base').plus(disposed('cost_base')).eq(acquiredBase)).toBe(true);
        const last = result.rows.at(-1)!;
        expect(last.cost_basis_local.eq(open('open_cost_local'))).toBe(true);
        expect(last.cost_basis.eq(open('open_cost_base'))).toBe(true);
      }),
      RUNS,
    );
  });

  it('(d) Σ realized local = Σ proceeds local − Σ cost of the lots sold, local', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const result = replay(h);
        const sells = new Set(
          h.transactions.filter((t) => t.transaction_type === 'SELL').map((t) => t.transaction_id),
        );
        const proceeds = sum(
          h.transactions
            .filter((t) => sells.has(t.transaction_id))
            .map((t) => dec(t.gross_transaction_amount).minus(t.trade_fee)),
        );
        const cogs = sum(
          result.disposals.filter((d) => sells.has(d.transaction_id)).map((d) => d.cost_local),
        );
        const realized = sum(result.costs.map((c) => c.realized_gain_loss_local ?? ZERO));
        expect(realized.eq(proceeds.minus(cogs))).toBe(true);
        for (const c of result.costs) {
          expect(c.realized_gain_loss === null).toBe(!['BUY', 'SELL'].includes(typeOf(h, c.transaction_id)));
        }
      }),
      RUNS,
    );
  });

  it('(e) price part + FX part = realized base, the FX part being cogs_local × fx_sell − cogs_base', () => {
    fc.assert(
      fc.property(historyArb, (h) => {
        const result = replay(h);
        for (const c of result.costs.filter((x) => typeOf(h, x.transaction_id) === 'SELL')) {
          const takes = result.disposals.filter((d) => d.transaction_id === c.transaction_id);
          const cogsLocal = sum(takes.map((d) => d.cost_local));
          const cogsBase = sum(takes.map((d) => d.cost_base));
          const fx = h.rates.get(c.transaction_id)!;
          expect(c.transaction_fx_rate.eq(fx)).toBe(true);
          expect(c.realized_gain_loss_price!.plus(c.realized_gain_loss_fx!).eq(c.realized_gain_loss!)).toBe(
            true,
          );
          expect(c.realized_gain_loss_fx!.eq(cogsLocal.times(fx).minus(cogsBase))).toBe(true);
          expect(c.realized_gain_loss_price!.eq(c.realized_gain_loss_local!.times(fx))).toBe(true);
          if (h.currency === 'USD') expect(c.realized_gain_loss_fx!.isZero()).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('(f) quantity 0 means costs exactly 0, for the position and for every lot', () => {
    let liquidations = 0;
    fc.assert(
      fc.property(historyArb, (h) => {
        const result = replay(h);
        for (const row of result.rows.filter((r) => r.quantity.isZero())) {
          liquidations += 1;
          expect([toNumeric(row.cost_basis), toNumeric(row.cost_basis_local)]).toEqual(['0', '0']);
        }
        for (const lot of result.lots.filter((l) => l.open_quantity.isZero())) {
          expect([toNumeric(lot.open_cost_local), toNumeric(lot.open_cost_base)]).toEqual(['0', '0']);
        }
      }),
      RUNS,
    );
    expect(liquidations).toBeGreaterThan(0); // the generator does reach zero
  });
});

function typeOf(h: History, id: string): string {
  return h.transactions.find((t) => t.transaction_id === id)!.transaction_type;
}
