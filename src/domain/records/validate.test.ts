import { describe, expect, it } from 'vitest';
import slice from '../../../test/fixtures/seed-bundle-slice.json' with { type: 'json' };
import { recordSchema } from './json-schema.ts';
import { parseBundleBody, parseListBody, parseReprocessBody, parseSingleBody } from './requests.ts';
import { BUNDLE_ORDER, ENTITY_ORDER, SPECS, specOf, type ValidationContext } from './specs.ts';
import { TRANSACTION_TYPES } from './types.ts';
import { validateBatch, validateRecord } from './validate.ts';

/** The fixture's lists by name. */
const LISTS = slice as unknown as Record<string, Array<Record<string, unknown>>>;

const ctx: ValidationContext = { today: '2025-11-01', businessDateMaxFutureDays: 0 };

const txn = (over: Record<string, unknown> = {}) => ({
  transaction_id: 'T1',
  portfolio_id: 'P1',
  instrument_id: 'AAPL',
  security_id: 'SEC_AAPL',
  transaction_date: '2024-11-02T10:00:00Z',
  transaction_type: 'BUY',
  quantity: 10,
  price: 185,
  gross_transaction_amount: 1850,
  trade_currency: 'USD',
  currency: 'USD',
  ...over,
});

describe('the seed payloads', () => {
  it('validate unchanged, each record with every field of its type and nulls for the absent ones', () => {
    for (const entity of BUNDLE_ORDER) {
      const spec = specOf(entity);
      const raws = LISTS[spec.list]!;
      const { records, errors } = validateBatch(spec, raws, ctx);
      expect(errors).toEqual([]);
      for (const record of records) expect(Object.keys(record!)).toEqual(Object.keys(spec.fields));
    }
  });

  it('normalise numbers to canonical decimal strings and dates to UTC instants', () => {
    const { record } = validateRecord(SPECS.transaction, slice.transactions[0], ctx);
    expect(record).toEqual({
      transaction_id: 'DEMO_ADV_DEP_01',
      portfolio_id: 'DEMO_ADV_USD_001',
      instrument_id: 'CASH',
      security_id: 'CASH_USD',
      transaction_date: '2024-11-01T09:00:00.000Z',
      transaction_type: 'DEPOSIT',
      quantity: '500000',
      price: '1',
      gross_transaction_amount: '500000',
      trade_currency: 'USD',
      currency: 'USD',
      trade_fee: '0',
      settlement_date: null,
      transaction_fx_rate: null,
      accrued_interest: null,
      split_ratio: null,
      economic_event_id: null,
      linked_transaction_group_id: null,
      calculation_policy_id: null,
      calculation_policy_version: null,
      source_system: null,
    });
    const portfolio = validateRecord(SPECS.portfolio, slice.portfolios[0], ctx).record!;
    expect(portfolio.is_leverage_allowed).toBe(false);
    expect(portfolio.close_date).toBeNull();
  });
});

describe('aliases', () => {
  it('camelCase and legacy names give the same record as snake_case', () => {
    const cases: Array<[keyof typeof SPECS, Record<string, unknown>, Record<string, unknown>]> = [
      [
        'portfolio',
        {
          portfolio_id: 'P1',
          base_currency: 'USD',
          open_date: '2024-01-02',
          risk_exposure: 'Moderate',
          investment_time_horizon: 'Long',
          portfolio_type: 'Advisory',
          booking_center_code: 'Singapore',
          client_id: 'C1',
          is_leverage_allowed: true,
          status: 'ACTIVE',
          cost_basis_method: 'AVCO',
        },
        {
          portfolioId: 'P1',
          baseCurrency: 'usd',
          openDate: '2024-01-02',
          riskExposure: 'Moderate',
          investmentTimeHorizon: 'Long',
          portfolioType: 'Advisory',
          bookingCenter: 'Singapore',
          cifId: 'C1',
          isLeverageAllowed: 'true',
          status: 'ACTIVE',
          costBasisMethod: 'avco',
        },
      ],
      [
        'instrument',
        {
          security_id: 'S1',
          name: 'N',
          isin: 'I1',
          currency: 'EUR',
          product_type: 'Equity',
          maturity_date: '2030-01-01',
        },
        {
          securityId: 'S1',
          name: 'N',
          isin: 'I1',
          instrumentCurrency: 'EUR',
          productType: 'Equity',
          maturityDate: '2030-01-01',
        },
      ],
      [
        'transaction',
        txn({ quantity: 10, price: 185.5, trade_fee: 1.25, transaction_fx_rate: 1.1 }),
        {
          transactionId: 'T1',
          portfolioId: 'P1',
          instrumentId: 'AAPL',
          securityId: 'SEC_AAPL',
          transactionDate: '2024-11-02T10:00:00',
          transactionType: 'buy',
          quantity: '10.000',
          price: '185.50',
          grossTransactionAmount: '1850',
          tradeCurrency: 'usd',
          currency: 'USD',
          tradeFee: '1.25',
          transactionFxRate: '1.10',
        },
      ],
      [
        'market_price',
        { security_id: 'S1', price_date: '2024-11-01', price: 101.5, currency: 'USD' },
        { securityId: 'S1', priceDate: '2024-11-01', price: '101.50', currency: 'usd' },
      ],
      [
        'fx_rate',
        { from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-11-01', rate: 1.1 },
        { fromCurrency: 'USD', toCurrency: 'EUR', rateDate: '2024-11-01', rate: '1.10' },
      ],
      [
        'business_date',
        { business_date: '2024-11-01' },
        { businessDate: '2024-11-01', calendarCode: 'GLOBAL' },
      ],
    ];
    for (const [entity, snake, camel] of cases) {
      const a = validateRecord(specOf(entity), snake, ctx);
      const b = validateRecord(specOf(entity), camel, ctx);
      expect(a.errors).toEqual([]);
      expect(b.errors).toEqual([]);
      expect(b.record).toEqual(a.record);
    }
  });

  it('refuses a field given under two names with different values, accepts equal ones', () => {
    const bad = validateRecord(
      SPECS.market_price,
      { security_id: 'A', securityId: 'B', price_date: '2024-01-01', price: 1, currency: 'USD' },
      ctx,
    );
    expect(bad.errors).toEqual([
      {
        index: 0,
        field: 'security_id',
        message: 'is given as security_id and securityId with different values',
      },
    ]);
    const same = validateRecord(
      SPECS.fx_rate,
      {
        from_currency: 'USD',
        fromCurrency: 'usd',
        to_currency: 'EUR',
        rate_date: '2024-01-01',
        rate: 1.1,
        Rate: 2,
      },
      ctx,
    );
    expect(same.errors).toEqual([]);
    expect(same.record?.rate).toBe('1.1');
  });

  it('ignores unknown fields', () => {
    const { record, errors } = validateRecord(
      SPECS.transaction,
      txn({ created_at: 'x', net_cost: 5, foo: { a: 1 } }),
      ctx,
    );
    expect(errors).toEqual([]);
    expect(record).not.toHaveProperty('created_at');
    expect(record).not.toHaveProperty('foo');
  });
});

describe('rules', () => {
  it('names every bad field of a record', () => {
    const { errors } = validateRecord(
      SPECS.transaction,
      txn({
        transaction_id: '',
        portfolio_id: undefined,
        transaction_date: '2024-13-01',
        transaction_type: 'GIFT',
        quantity: -1,
        price: 'abc',
        trade_currency: 'US',
        trade_fee: -0.5,
        transaction_fx_rate: 0,
      }),
      ctx,
      7,
    );
    expect(errors.map((e) => [e.index, e.field])).toEqual([
      [7, 'transaction_id'],
      [7, 'portfolio_id'],
      [7, 'transaction_date'],
      [7, 'transaction_type'],
      [7, 'quantity'],
      [7, 'price'],
      [7, 'trade_currency'],
      [7, 'trade_fee'],
      [7, 'transaction_fx_rate'],
    ]);
    expect(errors.find((e) => e.field === 'transaction_type')?.message).toContain(
      TRANSACTION_TYPES.join(', '),
    );
    expect(errors.find((e) => e.field === 'transaction_id')?.message).toBe('must not be blank');
    expect(errors.find((e) => e.field === 'portfolio_id')?.message).toBe('is required');
  });

  it('needs a positive gross amount except for types where zero means something', () => {
    const zero = (type: string) =>
      validateRecord(
        SPECS.transaction,
        txn({ transaction_type: type, gross_transaction_amount: 0, split_ratio: 2 }),
        ctx,
      ).errors;
    for (const type of ['BUY', 'SELL', 'DEPOSIT', 'WITHDRAWAL', 'INTEREST', 'TAX']) {
      expect(zero(type)).toEqual([
        { index: 0, field: 'gross_transaction_amount', message: expect.stringContaining(`for a ${type}`) },
      ]);
    }
    for (const type of ['DIVIDEND', 'FEE', 'SPLIT', 'TRANSFER_IN', 'TRANSFER_OUT'])
      expect(zero(type)).toEqual([]);
    expect(
      validateRecord(
        SPECS.transaction,
        txn({ transaction_type: 'SPLIT', gross_transaction_amount: -1, split_ratio: 2 }),
        ctx,
      ).errors,
    ).toHaveLength(1);
  });

  it('needs a positive split_ratio on a SPLIT, and takes accrued_interest ≥ 0 on any transaction', () => {
    const errorsOf = (over: Record<string, unknown>) =>
      validateRecord(SPECS.transaction, txn(over), ctx).errors.map((e) => [e.field, e.message]);
    expect(errorsOf({ transaction_type: 'SPLIT', gross_transaction_amount: 0 })).toEqual([
      ['split_ratio', expect.stringContaining('is required for a SPLIT')],
    ]);
    expect(errorsOf({ transaction_type: 'SPLIT', gross_transaction_amount: 0, split_ratio: 0 })).toEqual([
      ['split_ratio', 'must be greater than 0, got 0'],
    ]);
    expect(errorsOf({ accrued_interest: -0.01 })).toEqual([
      ['accrued_interest', 'must not be negative, got -0.01'],
    ]);
    const { record } = validateRecord(
      SPECS.transaction,
      txn({
        transaction_type: 'SPLIT',
        gross_transaction_amount: 0,
        splitRatio: '1.50',
        accruedInterest: '0',
      }),
      ctx,
    );
    expect(record).toMatchObject({ split_ratio: '1.5', accrued_interest: '0' });
    // A ratio on another type is stored as sent; the engine reads it only for a SPLIT.
    expect(errorsOf({ split_ratio: 3 })).toEqual([]);
  });

  it('refuses non-positive prices and rates', () => {
    expect(
      validateRecord(
        SPECS.market_price,
        { security_id: 'S', price_date: '2024-01-01', price: 0, currency: 'USD' },
        ctx,
      ).errors[0]?.field,
    ).toBe('price');
    expect(
      validateRecord(
        SPECS.fx_rate,
        { from_currency: 'USD', to_currency: 'EUR', rate_date: '2024-01-01', rate: '-1' },
        ctx,
      ).errors[0]?.field,
    ).toBe('rate');
  });

  it('refuses business dates after today + the allowed days', () => {
    const list = [
      { business_date: '2025-11-01' },
      { business_date: '2025-11-02' },
      { business_date: '2025-11-03' },
    ];
    expect(validateBatch(SPECS.business_date, list, ctx).errors).toEqual([
      {
        index: 1,
        field: 'business_date',
        message: expect.stringContaining('PAS_BUSINESS_DATE_MAX_FUTURE_DAYS'),
      },
      {
        index: 2,
        field: 'business_date',
        message: expect.stringContaining('latest allowed business date 2025-11-01'),
      },
    ]);
    expect(validateBatch(SPECS.business_date, list, { ...ctx, businessDateMaxFutureDays: 2 }).errors).toEqual(
      [],
    );
  });

  it('refuses a close_date before the open_date, takes one on it', () => {
    const portfolio = (close_date: string) => ({
      ...slice.portfolios[0],
      open_date: '2024-01-10',
      close_date,
    });
    const { errors } = validateBatch(
      SPECS.portfolio,
      [portfolio('2024-01-09'), portfolio('2024-01-10')],
      ctx,
    );
    expect(errors).toEqual([
      { index: 0, field: 'close_date', message: 'must be on or after open_date 2024-01-10, got 2024-01-09' },
    ]);
  });

  it('refuses a settlement before the trade date (the UTC date of transaction_date)', () => {
    const list = [
      txn({ settlement_date: '2024-11-01' }),
      txn({ transaction_id: 'T2', settlement_date: '2024-11-02' }),
      // 2024-11-02T01:00+05:00 is 2024-11-01 in UTC: settling on 2024-11-01 is on the trade date.
      txn({
        transaction_id: 'T3',
        transaction_date: '2024-11-02T01:00:00+05:00',
        settlement_date: '2024-11-01',
      }),
    ];
    expect(validateBatch(SPECS.transaction, list, ctx).errors).toEqual([
      {
        index: 0,
        field: 'settlement_date',
        message: 'must be on or after the trade date (transaction_date, UTC) 2024-11-02, got 2024-11-01',
      },
    ]);
  });

  it('refuses dates outside the supported range on every date field of every entity, naming the field', () => {
    for (const entity of ENTITY_ORDER) {
      const spec = specOf(entity);
      const dateFields = Object.entries(spec.fields).filter(
        ([, f]) => f.kind === 'date' || f.kind === 'instant',
      );
      for (const [field, f] of dateFields) {
        const raw = f.kind === 'instant' ? '9999-12-31T23:00:00-05:00' : '0099-06-01';
        const { errors } = validateRecord(spec, { [field]: raw }, ctx);
        expect(errors.find((e) => e.field === field)?.message, `${entity}.${field}`).toMatch(
          /^must lie within the supported range 1900-01-01 … 2199-12-31/,
        );
      }
    }
  });

  it('names only the second and later records sharing a business key', () => {
    const prices = [
      { security_id: 'S', price_date: '2024-01-01', price: 1, currency: 'USD' },
      { security_id: 'S', price_date: '2024-01-02', price: 1, currency: 'USD' },
      { security_id: 'S', price_date: '2024-01-01', price: 2, currency: 'USD' },
      { securityId: 'S', priceDate: '2024-01-01', price: 3, currency: 'USD' },
    ];
    const { records, errors } = validateBatch(SPECS.market_price, prices, ctx);
    expect(errors).toEqual([
      {
        index: 2,
        field: 'price_date',
        message: 'duplicates record 0 of this batch (same security_id, price_date: S, 2024-01-01)',
      },
      { index: 3, field: 'price_date', message: expect.stringContaining('duplicates record 0') },
    ]);
    expect(records.map((r) => r !== undefined)).toEqual([true, true, false, false]);
    const fx = validateBatch(
      SPECS.fx_rate,
      [
        { from_currency: 'usd', to_currency: 'EUR', rate_date: '2024-01-01', rate: 1 },
        { from_currency: 'USD', to_currency: 'eur', rate_date: '2024-01-01', rate: 1 },
      ],
      ctx,
    );
    expect(fx.errors.map((e) => [e.index, e.field])).toEqual([[1, 'rate_date']]);
    const dates = validateBatch(
      SPECS.business_date,
      [
        { business_date: '2024-01-01' },
        { business_date: '2024-01-01', calendar_code: 'SIX' },
        { business_date: '2024-01-01', calendar_code: 'GLOBAL' },
      ],
      ctx,
    );
    expect(dates.errors.map((e) => [e.index, e.field])).toEqual([[2, 'business_date']]);
  });
});

describe('request bodies', () => {
  it('a list body names the list when it is missing, and refuses empty business dates', () => {
    expect(parseListBody(SPECS.portfolio, {}, ctx)).toEqual({
      ok: false,
      errors: [{ index: 0, field: 'portfolios', message: expect.stringContaining('is required') }],
    });
    expect(parseListBody(SPECS.portfolio, [], ctx)).toMatchObject({
      ok: false,
      errors: [{ field: '(body)' }],
    });
    expect(parseListBody(SPECS.business_date, { business_dates: [] }, ctx)).toMatchObject({
      ok: false,
      errors: [{ field: 'business_dates' }],
    });
    expect(parseListBody(SPECS.instrument, { instruments: [] }, ctx)).toEqual({ ok: true, value: [] });
    expect(
      parseListBody(
        SPECS.market_price,
        { marketPrices: [{ securityId: 'S', priceDate: '2024-01-01', price: '2', currency: 'usd' }] },
        ctx,
      ),
    ).toMatchObject({ ok: true, value: [{ price: '2', currency: 'USD' }] });
    expect(parseListBody(SPECS.instrument, { instruments: [42] }, ctx)).toEqual({
      ok: false,
      errors: [{ index: 0, field: 'instruments', message: 'must be an object' }],
    });
  });

  it('a single transaction reports index 0', () => {
    expect(parseSingleBody(SPECS.transaction, txn({ quantity: -5 }), ctx)).toEqual({
      ok: false,
      errors: [{ index: 0, field: 'quantity', message: 'must not be negative, got -5' }],
    });
  });

  it('a bundle prefixes fields with their list, indexes within the list and needs one non-empty list', () => {
    const result = parseBundleBody(
      {
        mode: 'SOMETIMES',
        portfolios: [slice.portfolios[0]],
        transactions: [txn(), txn({ transaction_id: 'T2', quantity: -1 })],
        fx_rates: 'x',
      },
      ctx,
    );
    expect(result).toEqual({
      ok: false,
      errors: [
        { index: 0, field: 'mode', message: expect.stringContaining('UPSERT, REPLACE') },
        { index: 1, field: 'transactions.quantity', message: 'must not be negative, got -1' },
        { index: 0, field: 'fx_rates', message: 'must be a list' },
      ],
    });
    expect(parseBundleBody({ mode: 'UPSERT', portfolios: [] }, ctx)).toMatchObject({
      ok: false,
      errors: [{ field: '(body)' }],
    });
    const ok = parseBundleBody({ mode: 'replace', source_system: 'X', transactions: [txn()] }, ctx);
    expect(ok).toMatchObject({ ok: true, value: { mode: 'REPLACE', source_system: 'X' } });
    if (ok.ok) expect(ok.value.lists.transaction).toHaveLength(1);
  });

  it('a reprocessing request needs at least one id, each once', () => {
    expect(parseReprocessBody({ transaction_ids: ['A', 'B'] })).toEqual({ ok: true, value: ['A', 'B'] });
    expect(parseReprocessBody({ transaction_ids: [] })).toMatchObject({
      ok: false,
      errors: [{ field: 'transaction_ids' }],
    });
    expect(parseReprocessBody({ transaction_ids: ['A', 5, 'A'] })).toEqual({
      ok: false,
      errors: [
        { index: 1, field: 'transaction_ids', message: 'must be a non-blank string' },
        { index: 2, field: 'transaction_ids', message: 'duplicates entry 0 (A)' },
      ],
    });
  });
});

describe('recordSchema', () => {
  it('lists the fields of the spec and their requiredness', () => {
    const schema = recordSchema(SPECS.market_price) as {
      properties: Record<string, { type: unknown; description?: string }>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(['security_id', 'price_date', 'price', 'currency']);
    expect(schema.required).toEqual(['security_id', 'price_date', 'price', 'currency']);
    expect(schema.properties.price?.description).toContain('greater than 0');
    expect(schema.properties.price_date?.description).toContain('priceDate');
    const txnSchema = recordSchema(SPECS.transaction) as {
      properties: Record<string, { anyOf?: unknown[]; default?: unknown }>;
    };
    // Optional: the value, null, or a blank string (the validator reads both as absent).
    expect(txnSchema.properties.trade_fee).toMatchObject({ default: '0' });
    expect(txnSchema.properties.trade_fee?.anyOf).toEqual([
      expect.objectContaining({ type: ['number', 'string'] }),
      { type: 'null' },
      { type: 'string', pattern: '^\\s*$' },
    ]);
  });
});
