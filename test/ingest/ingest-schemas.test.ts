import { describe, expect, it } from 'vitest';
import {
  bundleBodySchema,
  listBodySchema,
  listsBodySchema,
  reprocessBodySchema,
} from '../../src/domain/records/json-schema.ts';
import {
  type Outcome,
  parseBundleBody,
  parseListBody,
  parseListsBody,
  parseReprocessBody,
} from '../../src/domain/records/requests.ts';
import { BENCHMARK_ORDER, SPECS, type ValidationContext } from '../../src/domain/records/specs.ts';
import slice from '../fixtures/seed-bundle-slice.json' with { type: 'json' };
import { type Validate, bodyValidator as validator } from '../support/openapi.ts';

/**
 * Issue 10 item 7: the ingest schemas of the OpenAPI document are as strict as the validator — a body the schema
 * allows is one the server accepts (the direction schemathesis checks). Each body below is refused by the
 * validator; the schema, compiled by the same Ajv the server uses, must refuse it too. The seed slice, accepted
 * by the validator, must pass the schema.
 */
const ctx: ValidationContext = { today: '2025-11-01', businessDateMaxFutureDays: 0 };
const accepted = (outcome: Outcome<unknown>) => outcome.ok;

const bundle = validator(bundleBodySchema());
const benchmarks = validator(listsBodySchema(BENCHMARK_ORDER, ''));
const transactions = validator(listBodySchema(SPECS.transaction));
const reprocess = validator(reprocessBodySchema());
const txn = slice.transactions[0]!;

const cases: ReadonlyArray<
  [name: string, schema: Validate, parse: (b: unknown) => Outcome<unknown>, body: unknown]
> = [
  ['bundle of empty lists', bundle, (b) => parseBundleBody(b, ctx), { portfolios: [], transactions: [] }],
  ['bundle with no list', bundle, (b) => parseBundleBody(b, ctx), { mode: 'UPSERT' }],
  [
    'bundle with a null list under its camelCase name',
    bundle,
    (b) => parseBundleBody(b, ctx),
    { businessDates: null },
  ],
  [
    'bundle with a list that is not a list',
    bundle,
    (b) => parseBundleBody(b, ctx),
    { portfolios: slice.portfolios, fxRates: 1 },
  ],
  [
    'a list body under another spelling, not a list',
    transactions,
    (b) => parseListBody(SPECS.transaction, b, ctx),
    { transactions: [txn], Transactions: 1 },
  ],
  [
    'bundle with a blank source_system',
    bundle,
    (b) => parseBundleBody(b, ctx),
    { ...slice, source_system: ' ' },
  ],
  ['bundle with an unknown field', bundle, (b) => parseBundleBody(b, ctx), { ...slice, portfolio: [] }],
  [
    'benchmarks, all lists empty',
    benchmarks,
    (b) => parseListsBody(BENCHMARK_ORDER, b, ctx),
    { benchmarks: [] },
  ],
  [
    'benchmarks with an unknown field',
    benchmarks,
    (b) => parseListsBody(BENCHMARK_ORDER, b, ctx),
    { benchmarks: [{ benchmark_id: 'B', benchmark_name: 'b', benchmark_currency: 'USD' }], levels: [] },
  ],
  [
    'a transaction list with an unknown field',
    transactions,
    (b) => parseListBody(SPECS.transaction, b, ctx),
    { transactions: [txn], dry_run: true },
  ],
  [
    'a blank text field',
    transactions,
    (b) => parseListBody(SPECS.transaction, b, ctx),
    { transactions: [{ ...txn, portfolio_id: '   ' }] },
  ],
  [
    'an empty transaction_date',
    transactions,
    (b) => parseListBody(SPECS.transaction, b, ctx),
    { transactions: [{ ...txn, transaction_date: '' }] },
  ],
  [
    'a transaction_date in month 13',
    transactions,
    (b) => parseListBody(SPECS.transaction, b, ctx),
    { transactions: [{ ...txn, transaction_date: '2024-13-01T10:00:00Z' }] },
  ],
  [
    'a transaction_date at 24:00',
    transactions,
    (b) => parseListBody(SPECS.transaction, b, ctx),
    { transactions: [{ ...txn, transaction_date: '2024-01-01T24:00:00Z' }] },
  ],
  [
    'a negative quantity, as a number',
    transactions,
    (b) => parseListBody(SPECS.transaction, b, ctx),
    { transactions: [{ ...txn, quantity: -1 }] },
  ],
  [
    'a negative fee, as a string',
    transactions,
    (b) => parseListBody(SPECS.transaction, b, ctx),
    { transactions: [{ ...txn, trade_fee: '-0.5' }] },
  ],
  [
    'an amount beyond 1e100',
    transactions,
    (b) => parseListBody(SPECS.transaction, b, ctx),
    { transactions: [{ ...txn, gross_transaction_amount: 2e101 }] },
  ],
  [
    'a zero price, as a string',
    validator(listBodySchema(SPECS.market_price)),
    (b) => parseListBody(SPECS.market_price, b, ctx),
    { market_prices: [{ ...slice.market_prices[0], price: '0.000' }] },
  ],
  [
    'a zero FX rate, as a number',
    validator(listBodySchema(SPECS.fx_rate)),
    (b) => parseListBody(SPECS.fx_rate, b, ctx),
    { fx_rates: [{ ...slice.fx_rates[0], rate: 0 }] },
  ],
  ['duplicate transaction ids', reprocess, parseReprocessBody, { transaction_ids: ['T1', 'T1'] }],
  ['a blank transaction id', reprocess, parseReprocessBody, { transaction_ids: [' '] }],
  [
    'reprocess with an unknown field',
    reprocess,
    parseReprocessBody,
    { transaction_ids: ['T1'], force: true },
  ],
];

describe('ingest body schemas are as strict as the validator', () => {
  it.each(cases)('%s: refused by the validator and by the schema', (_name, schema, parse, body) => {
    expect(accepted(parse(body))).toBe(false);
    expect(schema(body)).toBe(false);
  });

  it('accepts what the validator accepts: the seed slice, camelCase list names, datetimes with offsets', () => {
    expect(accepted(parseBundleBody(slice, ctx))).toBe(true);
    expect(bundle(slice)).toBe(true);
    const camel = { marketPrices: slice.market_prices };
    expect(accepted(parseBundleBody(camel, ctx))).toBe(true);
    expect(bundle(camel)).toBe(true);
    for (const at of [
      '2024-01-02',
      '2024-01-02T10:00:00Z',
      '2024-01-02 10:00',
      '2024-01-02T10:00:00.123456+05:30',
    ]) {
      const body = { transactions: [{ ...txn, transaction_date: at }] };
      expect([at, accepted(parseListBody(SPECS.transaction, body, ctx))]).toEqual([at, true]);
      expect([at, transactions(body)]).toEqual([at, true]);
    }
    const aliased = {
      benchmark_definitions: [{ benchmark_id: 'B', benchmark_name: 'b', benchmark_currency: 'USD' }],
    };
    expect(accepted(parseListsBody(BENCHMARK_ORDER, aliased, ctx))).toBe(true);
    expect(benchmarks(aliased)).toBe(true);
  });
});
