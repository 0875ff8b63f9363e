import { describe, expect, it } from 'vitest';
import { dec } from '../domain/money.ts';
import type { ReplayResult } from '../domain/positions/types.ts';
import type { KeyState } from '../store/position-keys.ts';
import { coalesce, earlier, isStale, outcomeOf, type Reach } from './position-plan.ts';

const by = (order: number, jobs: string[] = [`j${order}`]) => ({
  jobIds: jobs,
  correlationId: `c${order}`,
  order,
});
const reach = (security: string, from: string | null, order: number, epoch?: number): Reach => ({
  portfolio_id: 'P1',
  security_id: security,
  from,
  epoch,
  by: by(order),
});

const state = (over: Partial<KeyState> = {}): KeyState => ({
  portfolio_id: 'P1',
  security_id: 'AAPL',
  epoch: 0,
  watermark_date: null,
  status: 'CURRENT',
  blocked_reason: null,
  blocked_transaction_id: null,
  blocked_detail: null,
  replays: 0,
  ...over,
});

const row = (id: string, date: string, seq: number) => ({
  seq,
  transaction_id: id,
  position_date: date,
  transaction_date: `${date}T10:00:00.000Z`,
  quantity: dec(1),
  cost_basis: dec(1),
  cost_basis_local: dec(1),
});

const result = (rows: ReplayResult['rows'], blocked: ReplayResult['blocked'] = null): ReplayResult => ({
  rows,
  costs: [],
  cashflows: [],
  lots: [],
  disposals: [],
  blocked,
});

describe('position plan', () => {
  it('drops an event produced under an older epoch of its key, never one without an epoch', () => {
    expect(isStale(undefined, 3)).toBe(false);
    expect(isStale(3, 3)).toBe(false);
    expect(isStale(4, 3)).toBe(false);
    expect(isStale(2, 3)).toBe(true);
  });

  it('orders rebuild dates with null (from the beginning) first', () => {
    expect(earlier('2024-01-02', '2024-01-01')).toBe('2024-01-01');
    expect(earlier(null, '2024-01-01')).toBeNull();
    expect(earlier('2024-01-01', null)).toBeNull();
  });

  it('coalesces many events per key into one request from the earliest date, dropping stale ones', () => {
    const epochs: Record<string, number> = { AAPL: 2, MSFT: 0 };
    const { requests, stale } = coalesce(
      [
        reach('MSFT', '2024-03-01', 0),
        reach('AAPL', '2024-05-01', 1),
        reach('AAPL', '2024-02-01', 2, 1), // produced under epoch 1: stale
        reach('AAPL', '2024-04-01', 3, 2),
        reach('MSFT', null, 4),
        reach('AAPL', '2024-04-15', 5),
      ],
      (k) => epochs[k.security_id]!,
    );
    expect(requests).toEqual([
      {
        portfolio_id: 'P1',
        security_id: 'AAPL',
        from: '2024-04-01',
        contributors: [by(1), by(3), by(5)],
      },
      { portfolio_id: 'P1', security_id: 'MSFT', from: null, contributors: [by(0), by(4)] },
    ]);
    expect(stale.map((r) => r.by.order)).toEqual([2]);
  });

  it('keeps the epoch for a rebuild after the watermark and moves the watermark to the last row', () => {
    const outcome = outcomeOf(
      state({ epoch: 2, watermark_date: '2024-03-01' }),
      '2024-03-02',
      result([row('A', '2024-01-01', 1), row('B', '2024-03-02', 2)]),
      null,
      '2024-01-01',
    );
    expect(outcome).toEqual({
      cut: '2024-03-02',
      changedFrom: '2024-03-02',
      update: {
        portfolio_id: 'P1',
        security_id: 'AAPL',
        epoch: 2,
        watermark_date: '2024-03-02',
        status: 'CURRENT',
        blocked_reason: null,
        blocked_transaction_id: null,
        blocked_detail: null,
      },
    });
  });

  it('starts the next epoch for a rebuild on or before the watermark, or from the beginning', () => {
    const rows = result([row('A', '2024-01-01', 1)]);
    const at = (from: string | null) =>
      outcomeOf(state({ epoch: 1, watermark_date: '2024-03-01' }), from, rows, null, '2024-01-01').update
        .epoch;
    expect(at('2024-03-01')).toBe(2);
    expect(at('2024-02-01')).toBe(2);
    expect(at(null)).toBe(2);
    expect(at('2024-03-02')).toBe(1);
    // A key with nothing applied yet has no watermark: nothing to restate.
    expect(outcomeOf(state(), null, rows, null, '2024-01-01').update.epoch).toBe(0);
  });

  it('a blocked key cuts at the block when that is earlier, keeps the rows before it and says why', () => {
    const blocked = {
      reason: 'OVERSOLD' as const,
      transaction_id: 'S1',
      detail: 'SELL of 5 exceeds the 1 held',
    };
    const outcome = outcomeOf(
      state({ watermark_date: '2024-01-01' }),
      '2024-06-01',
      result([row('A', '2024-01-01', 1)], blocked),
      '2024-02-01',
      '2024-01-01',
    );
    expect(outcome.cut).toBe('2024-02-01');
    expect(outcome.update).toMatchObject({
      epoch: 0,
      watermark_date: '2024-01-01',
      status: 'BLOCKED',
      blocked_reason: 'OVERSOLD',
      blocked_transaction_id: 'S1',
      blocked_detail: 'SELL of 5 exceeds the 1 held',
    });
    // Nothing applied at all (e.g. the portfolio is missing): no watermark; a rebuild from the beginning
    // reports the key's first date as changed.
    const empty = outcomeOf(
      state(),
      null,
      result([], { ...blocked, reason: 'MISSING_PORTFOLIO' }),
      '2024-01-01',
      '2024-01-01',
    );
    expect(empty).toMatchObject({ cut: null, changedFrom: '2024-01-01', update: { watermark_date: null } });
  });
});
