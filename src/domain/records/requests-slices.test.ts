import { describe, expect, it } from 'vitest';
import { parseListBody, parseListBodyInSlices } from './requests.ts';
import { SPECS, type ValidationContext } from './specs.ts';

const ctx: ValidationContext = { today: '2025-11-01', businessDateMaxFutureDays: 0 };

const txn = (i: number, over: Record<string, unknown> = {}) => ({
  transaction_id: `T${i}`,
  portfolio_id: 'P1',
  instrument_id: 'AAPL',
  security_id: 'SEC_AAPL',
  transaction_date: '2024-11-02T10:00:00Z',
  transaction_type: 'BUY',
  quantity: 1 + (i % 9),
  price: 185,
  gross_transaction_amount: 185 * (1 + (i % 9)),
  trade_currency: 'USD',
  currency: 'USD',
  ...over,
});

describe('parseListBodyInSlices', () => {
  const pauses = () => {
    const counter = { n: 0, pause: async () => void counter.n++ };
    return counter;
  };

  it('gives what parseListBody gives for a valid list, pausing after every slice', async () => {
    const body = { transactions: Array.from({ length: 25 }, (_, i) => txn(i)) };
    const counter = pauses();
    const sliced = await parseListBodyInSlices(SPECS.transaction, body, ctx, counter.pause, 10);
    expect(sliced).toEqual(parseListBody(SPECS.transaction, body, ctx));
    expect(sliced.ok).toBe(true);
    expect(counter.n).toBe(2);
  });

  it('finds a duplicate across slices and a bad record, with the indexes of the whole list', async () => {
    const list = Array.from({ length: 25 }, (_, i) => txn(i));
    list[17] = txn(3); // the same transaction_id as record 3, in another slice
    list[21] = txn(21, { quantity: 'ten' });
    const body = { transactions: list };
    const sliced = await parseListBodyInSlices(SPECS.transaction, body, ctx, pauses().pause, 10);
    expect(sliced).toEqual(parseListBody(SPECS.transaction, body, ctx));
    expect(sliced.ok).toBe(false);
    if (!sliced.ok)
      expect(sliced.errors.map((e) => [e.index, e.field])).toEqual([
        [17, 'transaction_id'],
        [21, 'quantity'],
      ]);
  });

  it('refuses a body without the list as parseListBody does', async () => {
    for (const body of [{}, [], { business_dates: [] }]) {
      const spec = SPECS.business_date;
      expect(await parseListBodyInSlices(spec, body, ctx, pauses().pause)).toEqual(
        parseListBody(spec, body, ctx),
      );
    }
  });
  describe('onValid', () => {
    const handed = async (body: unknown, slice: number) => {
      const parts: unknown[][] = [];
      const outcome = await parseListBodyInSlices(
        SPECS.transaction,
        body,
        ctx,
        async () => {},
        slice,
        (records) => void parts.push(records),
      );
      return { outcome, parts };
    };

    it.each([25, 30])(
      'hands every record of a valid list of %i once, slice by slice, in order',
      async (n) => {
        const { outcome, parts } = await handed(
          { transactions: Array.from({ length: n }, (_, i) => txn(i)) },
          10,
        );
        expect(parts.map((p) => p.length)).toEqual(n === 25 ? [10, 10, 5] : [10, 10, 10]);
        expect(outcome.ok).toBe(true);
        if (outcome.ok) expect(parts.flat()).toEqual(outcome.value);
      },
    );

    it('hands nothing from the slice of the first refused record on, nor for unknown top-level fields', async () => {
      const list = Array.from({ length: 25 }, (_, i) => txn(i));
      list[13] = txn(13, { quantity: 'ten' });
      const bad = await handed({ transactions: list }, 10);
      expect(bad.outcome.ok).toBe(false);
      expect(bad.parts.map((p) => p.length)).toEqual([10]);
      const dup = await handed({ transactions: [...list.slice(0, 10), txn(3), ...list.slice(14)] }, 10);
      expect(dup.parts.map((p) => p.length)).toEqual([10]);
      const unknown = await handed({ transactions: list.slice(0, 5), extra: 1 }, 10);
      expect(unknown.outcome.ok).toBe(false);
      expect(unknown.parts).toEqual([]);
    });
  });
});
