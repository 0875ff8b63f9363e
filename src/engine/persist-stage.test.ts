import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  businessDate,
  fxRate,
  instrument,
  type PersistHarness,
  persistHarness,
  portfolio,
  price,
  raw,
  transaction,
} from '../../test/support/persist-harness.ts';
import { stores } from '../../test/support/stores.ts';
import { contentHash } from '../domain/canonical.ts';
import type { Db } from '../store/db.ts';
import { TOPICS } from './topics.ts';

describe.each(stores())('persist stage on $kind', (store) => {
  let db: Db;
  let h: PersistHarness;
  let lines: Array<Record<string, unknown>>;
  beforeEach(async () => {
    db = await store.open();
    lines = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    h = persistHarness(db, logger);
  });
  afterEach(async () => {
    await db.close();
  });

  const everything = () => [
    raw.businessDate(businessDate()),
    raw.portfolio(portfolio()),
    raw.instrument(instrument()),
    raw.transaction(transaction()),
    raw.transaction(transaction({ transaction_id: 'T2', quantity: '0.000000000123456789', trade_fee: '0' })),
    raw.price(price()),
    raw.fx(fxRate()),
  ];

  it('stores each entity with version 1 and its content hash, and says what changed', async () => {
    const job = await h.ingest(everything(), 'corr-A');
    await h.drain();
    const [t2] = await db.query('SELECT * FROM transactions WHERE transaction_id = $1', ['T2']);
    expect(t2).toMatchObject({
      quantity: '0.000000000123456789',
      trade_fee: '0',
      transaction_date: '2024-03-10T14:30:00.000Z',
      version: 1,
      content_hash: contentHash(
        transaction({ transaction_id: 'T2', quantity: '0.000000000123456789', trade_fee: '0' }),
      ),
    });
    expect(await h.eventCounts()).toEqual({
      business_dates_changed: 1,
      fx_changed: 1,
      instruments_changed: 1,
      portfolios_changed: 1,
      prices_changed: 1,
      transactions_changed: 1, // T1 and T2 share (P1, AAPL): coalesced
    });
    const headers = { job_ids: [job], correlation_id: 'corr-A' };
    expect(await h.events(TOPICS.transactionsChanged)).toEqual([
      {
        key: 'P1',
        value: { portfolio_id: 'P1', security_id: 'AAPL', from_date: '2024-03-10', reason: 'ingest' },
        headers,
      },
    ]);
    expect(await h.events(TOPICS.fxChanged)).toEqual([
      {
        key: 'EUR-USD',
        value: { from_currency: 'EUR', to_currency: 'USD', from_date: '2024-03-10' },
        headers,
      },
    ]);
    expect(await h.events(TOPICS.businessDatesChanged)).toEqual([
      { key: 'GLOBAL', value: { calendar_code: 'GLOBAL', from_date: '2024-03-10' }, headers },
    ]);
    expect(await h.events(TOPICS.portfoliosChanged)).toEqual([
      { key: 'P1', value: { portfolio_id: 'P1' }, headers },
    ]);
    expect(await h.events(TOPICS.instrumentsChanged)).toEqual([
      { key: 'AAPL', value: { security_id: 'AAPL' }, headers },
    ]);
    const [done] = await db.query('SELECT status FROM ingestion_jobs WHERE job_id = $1', [job]);
    expect(done).toEqual({ status: 'complete' });
    const summary = lines.find((l) => l.msg === 'persisted facts');
    expect(summary?.facts).toMatchObject({
      transaction: { inserted: 2, corrected: 0, unchanged: 0 },
      fx_rate: { inserted: 1, corrected: 0, unchanged: 0 },
    });
  });

  it('leaves facts byte-identical and emits nothing when the same batch comes again', async () => {
    await h.ingest(everything());
    await h.drain();
    const before = await h.facts({ withTimestamps: true });
    const eventsBefore = await h.eventCounts();
    await h.ingest(everything());
    await h.drain();
    expect(await h.facts({ withTimestamps: true })).toEqual(before);
    expect(await h.eventCounts()).toEqual(eventsBefore);
    expect(before.fact_history).toEqual([]);
    const summaries = lines.filter((l) => l.msg === 'persisted facts');
    expect(summaries.at(-1)?.facts).toMatchObject({
      transaction: { inserted: 0, corrected: 0, unchanged: 2 },
    });
  });

  it('keeps a corrected transaction as version 2 and version 1 in history, from the earlier date', async () => {
    const original = transaction();
    await h.ingest([raw.transaction(original)]);
    await h.drain();
    const corrected = transaction({ quantity: '12', transaction_date: '2024-03-05T09:00:00.000Z' });
    const job2 = await h.ingest([raw.transaction(corrected)], 'corr-fix');
    await h.drain();

    const [current] = await db.query(
      'SELECT quantity, transaction_date, version, content_hash FROM transactions',
    );
    expect(current).toEqual({
      quantity: '12',
      transaction_date: '2024-03-05T09:00:00.000Z',
      version: 2,
      content_hash: contentHash(corrected),
    });
    const history = await db.query(
      'SELECT entity_type, business_key, version, content_hash, payload, job_id FROM fact_history',
    );
    expect(history).toEqual([
      {
        entity_type: 'transaction',
        business_key: 'T1',
        version: 1,
        content_hash: contentHash(original),
        payload: original,
        job_id: job2,
      },
    ]);
    const events = await h.events(TOPICS.transactionsChanged);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual({
      key: 'P1',
      value: { portfolio_id: 'P1', security_id: 'AAPL', from_date: '2024-03-05', reason: 'ingest' },
      headers: { job_ids: [job2], correlation_id: 'corr-fix' },
    });

    // Moved later again: the event still starts at the old (earlier) date.
    await h.ingest([
      raw.transaction(transaction({ quantity: '12', transaction_date: '2024-04-01T00:00:00.000Z' })),
    ]);
    await h.drain();
    expect((await h.events(TOPICS.transactionsChanged))[2]?.value).toMatchObject({ from_date: '2024-03-05' });
    expect(await db.query('SELECT version FROM fact_history ORDER BY version')).toEqual([
      { version: 1 },
      { version: 2 },
    ]);
  });

  it('tells both keys when a correction moves a transaction to another security or portfolio', async () => {
    await h.ingest([raw.transaction(transaction())]);
    await h.drain();
    const correctToMsft = async (over: Parameters<typeof transaction>[0] = {}) => {
      const msft = {
        security_id: 'MSFT',
        instrument_id: 'MSFT',
        transaction_date: '2024-03-20T00:00:00.000Z',
      };
      await h.ingest([raw.transaction(transaction({ ...over, ...msft }))]);
      await h.drain();
    };
    const changesFrom = async (start: number) =>
      (await h.events(TOPICS.transactionsChanged)).slice(start).map((e) => [e.key, e.value]);

    await correctToMsft();
    expect(await changesFrom(1)).toEqual([
      ['P1', { portfolio_id: 'P1', security_id: 'AAPL', from_date: '2024-03-10', reason: 'ingest' }],
      ['P1', { portfolio_id: 'P1', security_id: 'MSFT', from_date: '2024-03-20', reason: 'ingest' }],
    ]);

    await correctToMsft({ portfolio_id: 'P2' });
    expect(await changesFrom(3)).toEqual([
      ['P1', { portfolio_id: 'P1', security_id: 'MSFT', from_date: '2024-03-20', reason: 'ingest' }],
      ['P2', { portfolio_id: 'P2', security_id: 'MSFT', from_date: '2024-03-20', reason: 'ingest' }],
    ]);
  });

  it('versions corrected prices, FX rates, portfolios, instruments and business dates', async () => {
    await h.ingest([
      raw.price(price()),
      raw.price(price({ price_date: '2024-03-11' })),
      raw.fx(fxRate()),
      raw.portfolio(portfolio()),
      raw.instrument(instrument()),
      raw.businessDate(businessDate()),
    ]);
    await h.drain();
    const before = await h.eventCounts();
    const job = await h.ingest([
      raw.price(price({ price_date: '2024-03-11', price: '149' })),
      raw.fx(fxRate({ rate: '1.09' })),
      raw.portfolio(portfolio({ cost_basis_method: 'AVCO' })),
      raw.instrument(instrument({ sector: 'Technology' })),
      raw.businessDate(businessDate({ market_code: 'XNYS' })),
    ]);
    await h.drain();

    const last = async (topic: string) => (await h.events(topic)).at(-1);
    expect(await last(TOPICS.pricesChanged)).toMatchObject({
      key: 'AAPL',
      value: { security_id: 'AAPL', from_date: '2024-03-11' },
      headers: { job_ids: [job] },
    });
    expect((await last(TOPICS.fxChanged))?.value).toEqual({
      from_currency: 'EUR',
      to_currency: 'USD',
      from_date: '2024-03-10',
    });
    expect((await last(TOPICS.portfoliosChanged))?.value).toEqual({ portfolio_id: 'P1' });
    expect((await last(TOPICS.instrumentsChanged))?.value).toEqual({ security_id: 'AAPL' });
    expect((await last(TOPICS.businessDatesChanged))?.value).toEqual({
      calendar_code: 'GLOBAL',
      from_date: '2024-03-10',
    });
    const after = await h.eventCounts();
    for (const topic of Object.keys(before)) expect(after[topic]).toBe(before[topic]! + 1);

    expect(await db.query('SELECT price, version FROM market_prices ORDER BY price_date')).toEqual([
      { price: '151.1', version: 1 },
      { price: '149', version: 2 },
    ]);
    expect(await db.query('SELECT rate, version FROM fx_rates')).toEqual([{ rate: '1.09', version: 2 }]);
    expect(await db.query('SELECT cost_basis_method, version FROM portfolios')).toEqual([
      { cost_basis_method: 'AVCO', version: 2 },
    ]);
    expect(
      await db.query(
        'SELECT entity_type, business_key, version, payload FROM fact_history ORDER BY entity_type',
      ),
    ).toEqual([
      {
        entity_type: 'business_date',
        business_key: 'GLOBAL|2024-03-10',
        version: 1,
        payload: businessDate(),
      },
      { entity_type: 'fx_rate', business_key: 'EUR|USD|2024-03-10', version: 1, payload: fxRate() },
      { entity_type: 'instrument', business_key: 'AAPL', version: 1, payload: instrument() },
      {
        entity_type: 'market_price',
        business_key: 'AAPL|2024-03-11',
        version: 1,
        payload: price({ price_date: '2024-03-11' }),
      },
      { entity_type: 'portfolio', business_key: 'P1', version: 1, payload: portfolio() },
    ]);
  });

  it('stores a transaction whose portfolio and instrument do not exist yet', async () => {
    await h.ingest([
      raw.transaction(transaction({ portfolio_id: 'NOPE', security_id: 'GHOST', instrument_id: 'GHOST' })),
    ]);
    await h.drain();
    expect(await db.query('SELECT transaction_id, portfolio_id, security_id FROM transactions')).toEqual([
      { transaction_id: 'T1', portfolio_id: 'NOPE', security_id: 'GHOST' },
    ]);
    expect(await db.query('SELECT count(*)::int8 AS n FROM portfolios')).toEqual([{ n: 0 }]);
    expect((await h.events(TOPICS.transactionsChanged)).map((e) => e.key)).toEqual(['NOPE']);
  });

  it('puts on each event only the jobs whose records contributed to it', async () => {
    const jobA = await h.ingest(
      [raw.transaction(transaction({ transaction_id: 'A1', portfolio_id: 'PA' }))],
      'corr-a',
    );
    const jobB = await h.ingest(
      [
        raw.transaction(transaction({ transaction_id: 'B1', portfolio_id: 'PB' })),
        raw.transaction(
          transaction({
            transaction_id: 'B2',
            portfolio_id: 'PA',
            transaction_date: '2024-01-02T00:00:00.000Z',
          }),
        ),
        raw.price(price()),
      ],
      'corr-b',
    );
    const jobC = await h.ingest(
      [raw.transaction(transaction({ transaction_id: 'A1', portfolio_id: 'PA' }))],
      'corr-c',
    );
    await h.drain(); // one batch: all three jobs
    const events = await h.events(TOPICS.transactionsChanged);
    expect(events.map((e) => [e.key, e.value.from_date, e.headers])).toEqual([
      ['PA', '2024-01-02', { job_ids: [jobA, jobB].sort(), correlation_id: 'corr-a' }],
      ['PB', '2024-03-10', { job_ids: [jobB], correlation_id: 'corr-b' }],
    ]);
    expect((await h.events(TOPICS.pricesChanged)).map((e) => e.headers)).toEqual([
      { job_ids: [jobB], correlation_id: 'corr-b' },
    ]);
    // jobC's record repeated A1 unchanged: it caused nothing, and is complete.
    const statuses = await db.query('SELECT job_id, status FROM ingestion_jobs ORDER BY job_id');
    expect(statuses.every((s) => s.status === 'complete')).toBe(true);
    expect(events.some((e) => e.headers.job_ids?.includes(jobC))).toBe(false);
  });

  it('keeps every distinct version delivered in one batch, as if delivered one at a time', async () => {
    const a = transaction();
    const b = transaction({ quantity: '11' });
    const c = transaction({ quantity: '11', security_id: 'MSFT' });
    const jobs = [await h.ingest([raw.transaction(a)]), await h.ingest([raw.transaction(a)])];
    jobs.push(await h.ingest([raw.transaction(b)]));
    jobs.push(await h.ingest([raw.transaction(a)]));
    jobs.push(await h.ingest([raw.transaction(c)]));
    jobs.push(await h.ingest([raw.transaction(c)]));
    await h.drain();
    const batched = await h.facts();

    const other = await store.open();
    try {
      const single = persistHarness(other);
      for (const r of [a, a, b, a, c, c]) {
        await single.ingest([raw.transaction(r)]);
        await single.drain();
      }
      // Job ids are drawn afresh in each database; which job superseded what is asserted below.
      const withoutJobs = (facts: Record<string, unknown[]>) => ({
        ...facts,
        fact_history: facts.fact_history!.map((r) => ({ ...(r as object), job_id: null })),
      });
      expect(withoutJobs(batched)).toEqual(withoutJobs(await single.facts()));
    } finally {
      await other.close();
    }
    expect(batched.transactions).toMatchObject([{ version: 4, security_id: 'MSFT' }]);
    expect(batched.fact_history).toMatchObject([
      { version: 1, payload: a, job_id: jobs[2] },
      { version: 2, payload: b, job_id: jobs[3] },
      { version: 3, payload: a, job_id: jobs[4] },
    ]);
    const events = await h.events(TOPICS.transactionsChanged);
    expect(events.map((e) => [e.value.security_id, e.headers.job_ids])).toEqual([
      ['AAPL', [jobs[0], jobs[2], jobs[3], jobs[4]].sort()],
      ['MSFT', [jobs[4]]],
    ]);
  });

  it('skips a first content equal to the stored one, then applies the rest of the batch', async () => {
    const a = transaction();
    const b = transaction({ price: '150.3' });
    await h.ingest([raw.transaction(a)]);
    await h.drain();
    await h.ingest([raw.transaction(a), raw.transaction(b)]);
    await h.drain();
    expect(await db.query('SELECT version, price FROM transactions')).toEqual([
      { version: 2, price: '150.3' },
    ]);
    expect(await db.query('SELECT version, payload FROM fact_history')).toEqual([{ version: 1, payload: a }]);
  });

  it('answers a reprocess request with the current key and date, and warns about an unknown id', async () => {
    await h.ingest([raw.transaction(transaction({ transaction_date: '2024-02-29T23:59:59.999Z' }))]);
    await h.drain();
    const job = await h.ingest([raw.reprocess('T1'), raw.reprocess('NOPE')], 'corr-re');
    await h.drain();
    expect((await h.events(TOPICS.transactionsChanged)).at(-1)).toEqual({
      key: 'P1',
      value: { portfolio_id: 'P1', security_id: 'AAPL', from_date: '2024-02-29', reason: 'reprocess' },
      headers: { job_ids: [job], correlation_id: 'corr-re' },
    });
    expect(await h.eventCounts()).toEqual({ transactions_changed: 2 });
    expect(lines.filter((l) => l.level === 40).map((l) => l.transaction_id)).toEqual(['NOPE']);
  });

  it('answers a reprocess request after the facts of its own batch are written', async () => {
    await h.ingest([
      raw.transaction(transaction({ transaction_date: '2024-05-01T00:00:00.000Z' })),
      raw.reprocess('T1'),
    ]);
    await h.drain();
    expect((await h.events(TOPICS.transactionsChanged)).map((e) => e.value)).toEqual([
      { portfolio_id: 'P1', security_id: 'AAPL', from_date: '2024-05-01', reason: 'reprocess' },
    ]);
  });
});
