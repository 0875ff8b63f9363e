import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_ORDER, SPECS, specOf } from '../../src/domain/records/specs.ts';
import { validateBatch } from '../../src/domain/records/validate.ts';
import slice from '../fixtures/seed-bundle-slice.json' with { type: 'json' };
import { stores } from '../support/stores.ts';
import { type IngestHarness, LIMITS, openIngest } from './harness.ts';

/** The fixture's lists by name. */
const LISTS = slice as unknown as Record<string, Array<Record<string, unknown>>>;

interface UploadFile {
  name: string;
  content: string | Buffer;
  type?: string;
}

/** A multipart/form-data body as a browser or curl sends it. */
function multipart(fields: Record<string, string>, file?: UploadFile) {
  const boundary = '----pas-test-boundary';
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  }
  if (file) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type ?? 'text/csv'}\r\n\r\n`,
      ),
      Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** "portfolio_id" → "Portfolio Id": headers as a person would type them. */
const titleCase = (field: string) =>
  field
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

const cell = (v: unknown) => {
  if (v === undefined || v === null) return '';
  const text = String(v);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

function toCsv(records: ReadonlyArray<Record<string, unknown>>): string {
  const fields = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const lines = [
    fields.map(titleCase).join(','),
    ...records.map((r) => fields.map((f) => cell(r[f])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

const CTX = { today: new Date().toISOString().slice(0, 10), businessDateMaxFutureDays: 0 };
const listOf = (list: string) => LISTS[list]!;

describe.each(stores())('CSV uploads on $kind', (store) => {
  let h: IngestHarness;
  beforeAll(async () => {
    h = await openIngest(store);
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  const upload = (
    path: 'preview' | 'commit',
    fields: Record<string, string>,
    file?: UploadFile,
    headers = {},
  ) => {
    const form = multipart(fields, file);
    return h.app.inject({
      method: 'POST',
      url: `/ingest/uploads/${path}`,
      payload: form.payload,
      headers: { ...form.headers, ...headers },
    });
  };

  describe.each(BUNDLE_ORDER.map((e) => [SPECS[e].list, e] as const))('%s', (list, entity) => {
    const records = listOf(list);
    const csv = toCsv(records);
    const expected = validateBatch(specOf(entity), records, CTX).records;

    it('previews every row as the JSON endpoint would normalise it, writing nothing', async () => {
      const res = await upload('preview', { entity_type: list }, { name: `${list}.csv`, content: csv });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        entity_type: list,
        file_format: 'csv',
        total_rows: records.length,
        valid_rows: records.length,
        invalid_rows: 0,
        sample_rows: expected,
        errors: [],
        ignored_columns: [],
      });
      expect(await h.written()).toEqual({ log: 0, jobs: 0 });
    });

    it('commits the rows as one job with the same log values as the JSON endpoint', async () => {
      const res = await upload('commit', { entity_type: list }, { name: `${list}.csv`, content: csv });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json()).toMatchObject({
        entity_type: list,
        accepted_count: records.length,
        published_rows: records.length,
        skipped_rows: 0,
        job_id: expect.stringMatching(/^job_/),
      });
      const logged = await h.logRecords();
      expect(logged.map((r) => r.value)).toEqual(expected);
      expect(await h.written()).toEqual({ log: records.length, jobs: 1 });
      const [job] = await h.system.db.query('SELECT entity_type, endpoint FROM ingestion_jobs');
      expect(job).toEqual({ entity_type: entity, endpoint: '/ingest/uploads/commit' });
    });
  });

  const prices = [
    'Security ID,Price Date,Price,Currency',
    'S1,2024-01-02,101.50,usd',
    'S2,2024-02-30,100,USD',
    'S3,2024-01-02,0,USD',
    'S1,2024-01-02,99,USD',
    ',2024-01-02,1,USD',
    'S4,2024-01-03,1e2,EUR',
  ].join('\n');
  const pricesFile = { name: 'prices.csv', content: prices };
  const expectedErrors = [
    { row_number: 3, field: 'price_date', message: expect.stringContaining('calendar date') },
    { row_number: 4, field: 'price', message: 'must be greater than 0, got 0' },
    { row_number: 5, field: 'price_date', message: expect.stringContaining('duplicates record 0') },
    { row_number: 6, field: 'security_id', message: 'is required' },
  ];

  it('previews invalid rows by row number and field, with a sample of the valid ones', async () => {
    const res = await upload('preview', { entity_type: 'market_prices', sample_size: '1' }, pricesFile);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      total_rows: 6,
      valid_rows: 2,
      invalid_rows: 4,
      sample_rows: [{ security_id: 'S1', price_date: '2024-01-02', price: '101.5', currency: 'USD' }],
      errors: expectedErrors,
    });
  });

  it('refuses a commit with invalid rows, listing them, unless allow_partial', async () => {
    const refused = await upload('commit', { entity_type: 'market_prices' }, pricesFile);
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().errors).toEqual(
      expectedErrors.map(({ row_number, ...e }) => ({ index: row_number, ...e })),
    );
    expect(await h.written()).toEqual({ log: 0, jobs: 0 });

    const partial = await upload(
      'commit',
      { entity_type: 'market_prices', allow_partial: 'true' },
      pricesFile,
    );
    expect(partial.statusCode).toBe(202);
    expect(partial.json()).toMatchObject({
      accepted_count: 2,
      published_rows: 2,
      skipped_rows: 4,
      errors: expectedErrors,
    });
    expect((await h.logRecords()).map((r) => r.value)).toEqual([
      { security_id: 'S1', price_date: '2024-01-02', price: '101.5', currency: 'USD' },
      { security_id: 'S4', price_date: '2024-01-03', price: '100', currency: 'EUR' },
    ]);
  });

  it('reads "true"/"false" cells as booleans', async () => {
    const csv = toCsv([
      { ...slice.portfolios[0], is_leverage_allowed: 'true' },
      { ...slice.portfolios[1], is_leverage_allowed: 'FALSE' },
    ]);
    const res = await upload('preview', { entity_type: 'portfolios' }, { name: 'p.csv', content: csv });
    expect(
      res.json().sample_rows.map((r: { is_leverage_allowed: boolean }) => r.is_leverage_allowed),
    ).toEqual([true, false]);
  });

  it('refuses a commit where no row is valid (422) or there is no data row (400)', async () => {
    const none = await upload(
      'commit',
      { entity_type: 'fx_rates', allow_partial: 'true' },
      { name: 'fx.csv', content: 'from,to\nUSD,EUR\n' },
    );
    expect(none.statusCode).toBe(422);
    expect(none.json().detail).toContain('no row');
    const empty = await upload(
      'commit',
      { entity_type: 'fx_rates' },
      { name: 'fx.csv', content: 'from_currency,to_currency,rate_date,rate\n' },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.json().detail).toContain('no data rows');
    expect(await h.written()).toEqual({ log: 0, jobs: 0 });
  });

  it('replays a commit with the same X-Idempotency-Key', async () => {
    const headers = { 'x-idempotency-key': 'upload-1' };
    const file = { name: 'bd.csv', content: 'Business Date\n2024-01-02\n2024-01-03\n' };
    const first = await upload('commit', { entity_type: 'business_dates' }, file, headers);
    const again = await upload('commit', { entity_type: 'business_dates' }, file, headers);
    expect(again.statusCode).toBe(202);
    expect(again.json().job_id).toBe(first.json().job_id);
    expect(await h.written()).toEqual({ log: 2, jobs: 1 });
  });

  describe('refuses', () => {
    it('an Excel workbook with 415 and a hint to export CSV', async () => {
      const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64)]);
      for (const file of [
        {
          name: 'prices.xlsx',
          content: xlsx,
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        },
        { name: 'prices.csv', content: xlsx, type: 'application/octet-stream' },
      ]) {
        const res = await upload('commit', { entity_type: 'market_prices' }, file);
        expect(res.statusCode).toBe(415);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().detail).toContain('CSV');
      }
    });

    it('another file type with 415', async () => {
      const res = await upload(
        'preview',
        { entity_type: 'market_prices' },
        { name: 'prices.json', content: '{}', type: 'application/json' },
      );
      expect(res.statusCode).toBe(415);
    });

    it('a JSON body with 415', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/ingest/uploads/commit',
        payload: { entity_type: 'fx_rates' },
      });
      expect(res.statusCode).toBe(415);
    });

    it('a bad form with 422 naming every bad field', async () => {
      const res = await upload('preview', { entity_type: 'trades', sample_size: '500' });
      expect(res.statusCode).toBe(422);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
        'entity_type',
        'file',
        'sample_size',
      ]);
      const commit = await upload(
        'commit',
        { entity_type: 'fx_rates', allow_partial: 'perhaps' },
        pricesFile,
      );
      expect(commit.json().errors.map((e: { field: string }) => e.field)).toEqual(['allow_partial']);
    });

    it('an unknown form field with 422 naming it (allow_partial is a commit option only)', async () => {
      const preview = await upload('preview', { entity_type: 'fx_rates', allow_partial: 'true' }, pricesFile);
      expect(preview.statusCode).toBe(422);
      expect(preview.json().errors).toEqual([
        { index: 0, field: 'allow_partial', message: 'is not a known field' },
      ]);
      const commit = await upload('commit', { entity_type: 'fx_rates', dry_run: 'true' }, pricesFile);
      expect(commit.json().errors.map((e: { field: string }) => e.field)).toEqual(['dry_run']);
    });

    it('two columns naming one field with 422, and malformed CSV with 400', async () => {
      const twice = await upload(
        'preview',
        { entity_type: 'instruments' },
        { name: 'i.csv', content: 'security_id,Security-ID\nA,B\n' },
      );
      expect(twice.statusCode).toBe(422);
      expect(twice.json().errors).toEqual([
        { index: 0, field: 'file', message: expect.stringContaining('both name the field security_id') },
      ]);
      const broken = await upload(
        'preview',
        { entity_type: 'instruments' },
        { name: 'i.csv', content: 'security_id,name\n"A,B\n' },
      );
      expect(broken.statusCode).toBe(400);
    });

    it('a file larger than PAS_MAX_UPLOAD_BYTES with 413', async () => {
      const big = `business_date\n${'2024-01-02\n'.repeat(Math.ceil(LIMITS.maxUploadBytes! / 11) + 10)}`;
      const res = await upload('commit', { entity_type: 'business_dates' }, { name: 'bd.csv', content: big });
      expect(res.statusCode).toBe(413);
      expect(res.json().detail).toContain('PAS_MAX_UPLOAD_BYTES');
      expect(await h.written()).toEqual({ log: 0, jobs: 0 });
    });

    it('more rows than PAS_MAX_BATCH_RECORDS with 413', async () => {
      const rows = Array.from({ length: LIMITS.maxBatchRecords! + 1 }, (_, i) => `C${i},2024-01-02`);
      const res = await upload(
        'commit',
        { entity_type: 'business_dates' },
        { name: 'bd.csv', content: `calendar_code,business_date\n${rows.join('\n')}\n` },
      );
      expect(res.statusCode).toBe(413);
      expect(res.json().detail).toContain('PAS_MAX_BATCH_RECORDS');
    });
  });
});
