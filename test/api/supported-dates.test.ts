import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import slice from '../fixtures/seed-bundle-slice.json' with { type: 'json' };
import type { SchemaNode } from '../support/openapi.ts';
import { stores } from '../support/stores.ts';
import { type ApiHarness, openApi } from './api-harness.ts';

const RANGE = /^must (lie|be a date) within the supported range 1900-01-01 … 2199-12-31/;

describe.each(stores())('the supported date range at the API on $kind', (store) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApi(store);
  });
  afterAll(() => h.close());

  const post = (url: string, payload: object) => h.app.inject({ method: 'POST', url, payload });
  const txn = (over: Record<string, unknown>) => ({ ...slice.transactions[1]!, ...over });

  it('refuses the two poison instants with 422 naming record and field, and writes nothing', async () => {
    const res = await post('/ingest/transactions', {
      transactions: [
        txn({ transaction_id: 'OK' }),
        txn({ transaction_id: 'LATE', transaction_date: '9999-12-31T23:00:00-05:00' }),
        txn({ transaction_id: 'EARLY', transaction_date: '0001-01-01T00:30:00+01:00' }),
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { index: 1, field: 'transaction_date', message: expect.stringMatching(RANGE) },
      { index: 2, field: 'transaction_date', message: expect.stringMatching(RANGE) },
    ]);
    const [row] = await h.system.db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM log_records');
    expect(row!.n).toBe(0);
  });

  it('refuses out-of-range dates of FX rates and benchmarks, and cross-field and currency mistakes', async () => {
    const fx = await post('/ingest/fx-rates', {
      fx_rates: [{ from_currency: 'ZZZ', to_currency: 'USD', rate_date: '0001-01-01', rate: '1.1' }],
    });
    expect(fx.statusCode).toBe(422);
    expect(fx.json().errors.map((e: { field: string }) => e.field)).toEqual(['from_currency', 'rate_date']);
    const levels = await post('/ingest/benchmarks', {
      benchmark_levels: [{ benchmark_id: 'B', date: '2200-01-01', level: '100' }],
    });
    expect(levels.statusCode).toBe(422);
    expect(levels.json().errors).toEqual([
      { index: 0, field: 'benchmark_levels.series_date', message: expect.stringMatching(RANGE) },
    ]);
    const closed = await post('/ingest/portfolios', {
      portfolios: [{ ...slice.portfolios[0], open_date: '2024-01-10', close_date: '2024-01-01' }],
    });
    expect(closed.statusCode).toBe(422);
    expect(closed.json().errors).toEqual([
      { index: 0, field: 'close_date', message: 'must be on or after open_date 2024-01-10, got 2024-01-01' },
    ]);
  });

  it('refuses an out-of-range date in every date query parameter of every GET operation', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const checked: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, SchemaNode>)) {
      const params = (item.get?.parameters ?? []) as SchemaNode[];
      const url = path.replace(/\{[^}]+\}/g, 'X');
      for (const p of params.filter((q) => q.in === 'query' && q.schema?.format === 'date')) {
        for (const bad of ['0099-06-01', '9999-12-31']) {
          const res = await h.app.inject({ method: 'GET', url: `${url}?${p.name}=${bad}` });
          expect(res.statusCode, `${path} ${p.name}=${bad}`).toBe(422);
          expect(res.json().errors).toContainEqual({
            index: 0,
            field: p.name,
            message: expect.stringMatching(RANGE),
          });
        }
        checked.push(`${path}?${p.name}`);
      }
    }
    expect(checked).toContain('/portfolios/{portfolio_id}/positions?as_of_date');
    expect(checked).toContain('/portfolios/{portfolio_id}/transactions?start_date');
    expect(checked.length).toBeGreaterThan(10);
  });

  it.each([
    ['submitted_from=0099-06-01', 'submitted_from'],
    ['submitted_to=2199-12-31T23:00:00-05:00', 'submitted_to'],
  ])('refuses the job listing bound %s', async (qs, field) => {
    const res = await h.app.inject({ method: 'GET', url: `/ingestion/jobs?${qs.replace('+', '%2B')}` });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ index: 0, field, message: expect.stringMatching(RANGE) }]);
    const ok = await h.app.inject({ method: 'GET', url: '/ingestion/jobs?submitted_to=2199-12-31' });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses an out-of-range date in a CSV upload, naming the spreadsheet row', async () => {
    const csv =
      'security_id,price_date,price,currency\nS1,2024-01-02,10,USD\nS1,0099-06-01,10,USD\nS1,2024-01-03,10,ZZZ\n';
    const body =
      '--XX\r\nContent-Disposition: form-data; name="entity_type"\r\n\r\nmarket_prices\r\n' +
      `--XX\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--XX--\r\n`;
    const res = await h.app.inject({
      method: 'POST',
      url: '/ingest/uploads/preview',
      payload: body,
      headers: { 'content-type': 'multipart/form-data; boundary=XX' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total_rows: 3, valid_rows: 1, invalid_rows: 2 });
    expect(res.json().errors).toEqual([
      { row_number: 3, field: 'price_date', message: expect.stringMatching(RANGE) },
      { row_number: 4, field: 'currency', message: expect.stringMatching(/ISO 4217/) },
    ]);
  });

  it('reads an instant before year 100 back in its own century', async () => {
    const [row] = await h.system.db.query<{ at: string }>(
      "SELECT TIMESTAMPTZ '0099-06-01 12:00:00+00' AS at",
    );
    expect(row!.at).toBe('0099-06-01T12:00:00.000Z');
  });
});
