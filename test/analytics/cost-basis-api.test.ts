import { Decimal as DecimalJs } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { openApi } from '../api/api-harness.ts';
import { poster } from '../support/http.ts';
import { stores } from '../support/stores.ts';
import { forSuite } from '../support/suite-harness.ts';
import { readVectors, type Tolerance, toleranceOf } from '../support/vectors.ts';

/** The shared reference cases of kind cost_basis, copied verbatim from ../shared/vectors/ (methodology §10). */
interface VectorTransaction {
  date: string;
  type: 'buy' | 'sell' | 'split';
  quantity?: number;
  price?: number;
  fee?: number;
  ratio_num?: number;
  ratio_den?: number;
}
interface VectorMethod {
  sales: {
    date: string;
    quantity: number;
    proceeds: number;
    cost_basis_removed: number;
    realized_gain: number;
  }[];
  realized_gain_total: number;
  remaining_quantity: number;
  remaining_cost_basis: number;
  remaining_lots?: { acquired: string; quantity: number; cost_basis: number; cost_per_share: number }[];
  average_cost_per_share?: number;
}
interface VectorCase {
  name: string;
  kind: string;
  inputs: { transactions: VectorTransaction[] };
  expected: Record<string, VectorMethod | number>;
  tolerance: Tolerance & Record<string, unknown>;
}
const CASES = readVectors<VectorCase>('cost-basis.json');

/** The vectors' name of each method → the API's (AVERAGE is the moving average, AVCO). */
const METHODS: Record<string, string> = { FIFO: 'FIFO', LIFO: 'LIFO', HIFO: 'HIFO', AVERAGE: 'AVCO' };
const runs = CASES.flatMap((c) =>
  Object.keys(c.expected)
    .filter((k) => k in METHODS)
    .map((m) => [c.name, m, c] as const),
);

/** Enough digits that sums of the 24-decimal-place amounts the API returns are exact. */
const Decimal = DecimalJs.clone({ precision: 80 });
type Decimal = InstanceType<typeof Decimal>;

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;
/** A response amount: an exact decimal string, read without passing through a float. */
const exact = (value: unknown): Decimal => {
  expect(value).toMatch(DECIMAL_STRING);
  return new Decimal(value as string);
};

/** |actual − expected| ≤ max(abs, rel·|expected|) (methodology §1.1). */
function expectClose(c: VectorCase, key: string, actual: unknown, expected: number, where: string) {
  const tol = toleranceOf(c, key);
  const bound = Math.max(tol.abs, tol.rel * Math.abs(expected));
  const error = exact(actual).minus(expected).abs();
  expect(error.lte(bound), `${where}: ${actual} vs ${expected}`).toBe(true);
}

/** Quantities must match exactly. */
const expectExact = (actual: unknown, expected: number, where: string) =>
  expect(exact(actual).eq(expected), `${where}: ${actual} vs ${expected}`).toBe(true);

/** The vector's transactions as POST /ingest/transactions would take them. */
function ingestShaped(transactions: readonly VectorTransaction[]) {
  return transactions.map((t, i) => {
    const common = {
      transaction_id: `T${i}`,
      transaction_date: `${t.date}T15:30:00Z`,
      trade_currency: 'USD',
    };
    if (t.type === 'split') {
      const ratio = new Decimal(t.ratio_num!).div(t.ratio_den ?? 1);
      return {
        ...common,
        transaction_type: 'SPLIT',
        split_ratio: ratio.toFixed(),
        quantity: '0',
        price: '0',
      };
    }
    const gross = new Decimal(t.quantity!).times(t.price!);
    return {
      ...common,
      transaction_type: t.type.toUpperCase(),
      quantity: String(t.quantity),
      price: String(t.price),
      gross_transaction_amount: gross.toFixed(),
      trade_fee: String(t.fee ?? 0),
    };
  });
}

const h = forSuite(() => openApi(stores()[0]!, 'query'));

const post = poster(h, '/analytics/cost-basis');

describe('POST /analytics/cost-basis: the shared cost-basis reference vectors', () => {
  it('are cost_basis cases, each with a method the API runs', () => {
    expect(CASES.length).toBeGreaterThan(0);
    for (const c of CASES) expect(c.kind).toBe('cost_basis');
    expect(new Set(runs.map(([name]) => name)).size).toBe(CASES.length);
  });

  it.each(runs)('%s %s', async (_, vectorMethod, c) => {
    const res = await post({ method: METHODS[vectorMethod], transactions: c.inputs.transactions });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const expected = c.expected[vectorMethod] as VectorMethod;
    const at = (what: string) => `${c.name} ${vectorMethod} ${what}`;

    expect(body.disposals).toHaveLength(expected.sales.length);
    expected.sales.forEach((e, i) => {
      const a = body.disposals[i];
      expect(a.date).toBe(e.date);
      expectExact(a.quantity, e.quantity, at(`sale ${i} quantity`));
      expectClose(c, 'proceeds', a.proceeds, e.proceeds, at(`sale ${i} proceeds`));
      expectClose(
        c,
        'cost_basis_removed',
        a.cost_basis_removed,
        e.cost_basis_removed,
        at(`sale ${i} removed`),
      );
      expectClose(c, 'realized_gain', a.realized_gain_loss, e.realized_gain, at(`sale ${i} realized`));
      // The lots a sale consumed add up to it exactly.
      const lots = a.lots as { quantity: string; cost_basis: string }[];
      expect(lots.reduce((s, l) => s.plus(exact(l.quantity)), new Decimal(0)).eq(exact(a.quantity))).toBe(
        true,
      );
      expect(
        lots.reduce((s, l) => s.plus(exact(l.cost_basis)), new Decimal(0)).eq(exact(a.cost_basis_removed)),
      ).toBe(true);
    });
    expectClose(c, 'realized_gain_total', body.realized_gain_loss, expected.realized_gain_total, at('total'));
    expectExact(body.remaining_quantity, expected.remaining_quantity, at('remaining quantity'));
    expectClose(
      c,
      'remaining_cost_basis',
      body.remaining_cost_basis,
      expected.remaining_cost_basis,
      at('cost'),
    );
    if (expected.remaining_lots !== undefined) {
      expect(body.lots.map((l: { acquisition_date: string }) => l.acquisition_date)).toEqual(
        expected.remaining_lots.map((l) => l.acquired),
      );
      expected.remaining_lots.forEach((e, i) => {
        expectExact(body.lots[i].quantity, e.quantity, at(`lot ${i} quantity`));
        expectClose(c, 'cost_basis', body.lots[i].cost_basis, e.cost_basis, at(`lot ${i} cost`));
        expectClose(c, 'cost_per_share', body.lots[i].cost_per_share, e.cost_per_share, at(`lot ${i}/sh`));
      });
    }
    if (expected.average_cost_per_share !== undefined) {
      expectClose(
        c,
        'average_cost_per_share',
        body.average_cost_per_share,
        expected.average_cost_per_share,
        at('average'),
      );
    }
    expectClose(
      c,
      'total_buy_cost',
      body.total_buy_cost,
      c.expected.total_buy_cost as number,
      at('buy cost'),
    );
    expectClose(
      c,
      'total_net_proceeds',
      body.total_net_proceeds,
      c.expected.total_net_proceeds as number,
      at('net proceeds'),
    );
    // The case's identity, exactly in decimals: Σ realized = Σ net proceeds − (Σ buy costs − remaining cost).
    const realized = exact(body.realized_gain_loss);
    expect(
      realized.eq(
        exact(body.total_net_proceeds).minus(
          exact(body.total_buy_cost).minus(exact(body.remaining_cost_basis)),
        ),
      ),
      at('identity'),
    ).toBe(true);
    expect(body.conventions.method).toBe(METHODS[vectorMethod]);
  });

  it.each(runs)('%s %s in the ingest transaction shape gives the same answer', async (_, vectorMethod, c) => {
    const method = METHODS[vectorMethod];
    const vector = (await post({ method, transactions: c.inputs.transactions })).json();
    const ingest = await post({ method, transactions: ingestShaped(c.inputs.transactions) });
    expect(ingest.statusCode, ingest.body).toBe(200);
    const { conventions, ...rest } = ingest.json();
    expect(conventions).toEqual({ ...vector.conventions, order: 'replay_order' });
    expect(rest).toEqual({ ...vector, conventions: undefined });
  });
});

describe('POST /analytics/cost-basis: the order transactions run in', () => {
  const sellThenBuy = (sellAt: string, buyAt: string) => [
    { transaction_date: sellAt, transaction_type: 'SELL', quantity: '4', price: '12' },
    { transaction_date: buyAt, transaction_type: 'BUY', quantity: '10', price: '10', trade_fee: '1' },
  ];

  it('an ingest-shaped list runs as the engine replays it: a BUY before a SELL of the same instant', async () => {
    const res = await post({
      method: 'FIFO',
      transactions: sellThenBuy('2024-03-01T10:00:00Z', '2024-03-01T10:00:00Z'),
    });
    expect(res.statusCode, res.body).toBe(200);
    // 4 of the lot of 10 costing 101: 40.4; proceeds 48.
    expect(res.json().disposals[0]).toMatchObject({ cost_basis_removed: '40.4', realized_gain_loss: '7.6' });
    expect(res.json().conventions.order).toBe('replay_order');
  });

  it('an ingest-shaped SELL at an earlier instant than its BUY is an oversell, named at its own index', async () => {
    const res = await post({
      method: 'FIFO',
      transactions: sellThenBuy('2024-03-01T09:00:00Z', '2024-03-01T10:00:00Z'),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { index: 0, field: 'quantity', message: 'sells 4 but only 0 is held' },
    ]);
  });

  it('an instant with an offset counts on its UTC date', async () => {
    const body = (
      await post({
        method: 'FIFO',
        transactions: [
          {
            transaction_date: '2024-03-01T22:00:00-05:00',
            transaction_type: 'buy',
            quantity: '1',
            price: '1',
          },
        ],
      })
    ).json();
    expect(body.lots).toEqual([
      { acquisition_date: '2024-03-02', quantity: '1', cost_basis: '1', cost_per_share: '1' },
    ]);
  });

  it("a list in the vectors' shape keeps its list order within a date", async () => {
    const res = await post({
      method: 'FIFO',
      transactions: [
        { date: '2024-03-01', type: 'sell', quantity: 4, price: 12 },
        { date: '2024-03-01', type: 'buy', quantity: 10, price: 10 },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { index: 0, field: 'quantity', message: 'sells 4 but only 0 is held' },
    ]);
  });
});

describe('POST /analytics/cost-basis: exact decimals', () => {
  it('keeps every digit: thirds of a cent stay exact where they cancel, and amounts are strings', async () => {
    // Three buys of 1 share at 0.10, 0.20 and 0.30 (a float sum would give 0.6000000000000001) and a sale of
    // all three at 1/3 each: proceeds 0.999…, so text prices are used for exactness.
    const body = (
      await post({
        method: 'AVCO',
        transactions: [
          { date: '2024-01-01', type: 'buy', quantity: 1, price: 0.1 },
          { date: '2024-01-02', type: 'buy', quantity: 1, price: 0.2 },
          { date: '2024-01-03', type: 'buy', quantity: 1, price: '0.3' },
          { date: '2024-01-04', type: 'sell', quantity: 2, price: '0.45', fee: '0.000001' },
        ],
      })
    ).json();
    expect(body.total_buy_cost).toBe('0.6');
    // Pool 0.6 for 3: 2 shares cost 0.4 exactly; proceeds 0.9 − 0.000001.
    expect(body.disposals[0]).toMatchObject({
      proceeds: '0.899999',
      cost_basis_removed: '0.4',
      realized_gain_loss: '0.499999',
    });
    expect([body.remaining_quantity, body.remaining_cost_basis, body.average_cost_per_share]).toEqual([
      '1',
      '0.2',
      '0.2',
    ]);
  });

  it('a non-terminating average is held to 24 decimal places, leaves the API at 10, and the totals still add up', async () => {
    const body = (
      await post({
        method: 'AVCO',
        transactions: [
          { date: '2024-01-01', type: 'buy', quantity: 3, price: 1, fee: 1 },
          { date: '2024-01-02', type: 'sell', quantity: 1, price: 2 },
        ],
      })
    ).json();
    // Pool 4 for 3 shares: 1 share costs 4/3, held as 1.333333333333333333333333 and the remaining 2 as
    // 2.666666666666666666666667; each rounded half-even to 10 places on the way out.
    expect(body.disposals[0].cost_basis_removed).toBe('1.3333333333');
    expect(body.remaining_cost_basis).toBe('2.6666666667');
    expect(new Decimal(body.remaining_cost_basis).plus(body.disposals[0].cost_basis_removed).eq(4)).toBe(
      true,
    );
  });
});

describe('POST /analytics/cost-basis: 422 names the transaction and field', () => {
  const problem = async (body: unknown) => {
    const res = await post(body);
    expect(res.statusCode, res.body).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    return res.json().errors.map((e: { index: number; field: string }) => [e.index, e.field]);
  };
  const buy = { date: '2024-01-01', type: 'buy', quantity: 10, price: 5 };

  it.each([
    ['an unknown method', { method: 'AVERAGE', transactions: [buy] }, [[0, 'method']]],
    ['no transactions list', { method: 'FIFO' }, [[0, 'transactions']]],
    [
      'a transaction that is not an object',
      { method: 'FIFO', transactions: [buy, 'sell'] },
      [[1, 'transactions']],
    ],
    [
      'an oversell',
      { method: 'FIFO', transactions: [buy, { date: '2024-01-02', type: 'sell', quantity: 11, price: 5 }] },
      [[1, 'quantity']],
    ],
    [
      'bad numbers and dates, every one',
      {
        method: 'LIFO',
        transactions: [
          { ...buy, date: '2024-1-1' },
          { ...buy, price: -1 },
          { date: '2024-01-03', type: 'split', ratio_num: 3, ratio_den: 0 },
          { ...buy, type: 'short' },
          { ...buy, quantity: { value: 1 } },
        ],
      },
      [
        [0, 'date'],
        [1, 'price'],
        [2, 'ratio_den'],
        [3, 'type'],
        [4, 'quantity'],
      ],
    ],
    [
      'ingest shape: a type that moves no lots, a gross that is not quantity × price, accrued interest',
      {
        method: 'FIFO',
        transactions: [
          {
            transaction_date: '2024-01-01',
            transaction_type: 'BUY',
            quantity: '10',
            price: '5',
            gross_transaction_amount: '51',
          },
          { transaction_date: '2024-01-02', transaction_type: 'DIVIDEND', quantity: '0', price: '0' },
          {
            transaction_date: '2024-01-03',
            transaction_type: 'BUY',
            quantity: '1',
            price: '5',
            accrued_interest: '0.5',
          },
          {
            transaction_date: 'yesterday',
            transaction_type: 'SELL',
            quantity: '1',
            price: '5',
            trade_fee: '-1',
          },
        ],
      },
      [
        [0, 'gross_transaction_amount'],
        [1, 'transaction_type'],
        [2, 'accrued_interest'],
        [3, 'transaction_date'],
        [3, 'trade_fee'],
      ],
    ],
    [
      'ingest shape: two currencies',
      {
        method: 'FIFO',
        transactions: [
          {
            transaction_date: '2024-01-01',
            transaction_type: 'BUY',
            quantity: '10',
            price: '5',
            trade_currency: 'USD',
          },
          {
            transaction_date: '2024-01-02',
            transaction_type: 'SELL',
            quantity: '1',
            price: '5',
            trade_currency: 'EUR',
          },
        ],
      },
      [[1, 'trade_currency']],
    ],
  ])('%s', async (_, body, fields) => {
    expect(await problem(body)).toEqual(fields);
  });

  it('says what is wrong in words', async () => {
    const res = await post({
      method: 'FIFO',
      transactions: [buy, { date: '2024-01-02', type: 'sell', quantity: 11, price: 5 }],
    });
    expect(res.json().errors).toEqual([
      { index: 1, field: 'quantity', message: 'sells 11 but only 10 is held' },
    ]);
  });
});

describe('OpenAPI', () => {
  it('documents the route, and says amounts are decimal strings, exact inside and rounded to 10 places out', async () => {
    const doc = (await h.app.inject({ url: '/openapi.json' })).json();
    const op = doc.paths['/analytics/cost-basis'].post;
    expect(op.summary).toBeTruthy();
    const ok = op.responses['200'];
    expect(ok.description).toBeTruthy();
    const response = ok.content['application/json'].schema;
    for (const field of ['realized_gain_loss', 'remaining_quantity', 'remaining_cost_basis']) {
      expect(response.properties[field].type).toBe('string');
      expect(response.properties[field].description).toMatch(/Decimal as a JSON string/);
      expect(response.properties[field].description).toMatch(
        /exact inside and rounded half-even to at most 10/,
      );
    }
    expect(response.properties.disposals.items.properties.proceeds.description).toMatch(
      /Decimal as a JSON string/,
    );
  });
});
