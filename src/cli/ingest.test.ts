import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError, formatProblem, PasClient } from './client.ts';
import { UserError } from './errors.ts';
import { checkJobOutcome, readIngestFile } from './ingest.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pas-cli-'));
const write = (name: string, text: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('pas ingest file handling', () => {
  it('wraps a bare JSON array in the endpoint list, and sends an object as it is', async () => {
    const array = write('a.json', '[{"security_id":"X"}]');
    expect(await readIngestFile(array, 'market-prices')).toEqual({
      kind: 'json',
      body: { market_prices: [{ security_id: 'X' }] },
    });
    const object = write('o.json', '{"portfolios":[]}');
    expect(await readIngestFile(object, 'portfolios')).toEqual({ kind: 'json', body: { portfolios: [] } });
  });

  it('sends .csv files as uploads and refuses what cannot be sent', async () => {
    const csv = write('p.csv', 'security_id,price_date,price,currency\nX,2025-01-02,1,USD\n');
    expect(await readIngestFile(csv, 'market-prices')).toMatchObject({ kind: 'csv' });
    await expect(readIngestFile(csv, 'portfolio-bundle')).rejects.toThrow(UserError);
    await expect(readIngestFile(write('b.json', '[]'), 'portfolio-bundle')).rejects.toThrow(/not an array/);
    await expect(readIngestFile(write('x.json', '{oops'), 'portfolios')).rejects.toThrow(/valid JSON/);
    await expect(readIngestFile(path.join(tmp, 'missing.json'), 'portfolios')).rejects.toThrow(/cannot read/);
  });
});

describe('pas ingest --wait outcome', () => {
  const job = { job_id: 'job_1', entity_type: 'portfolio_bundle', accepted_count: 3 };

  it('fails with each problem on its own line when a key was left BLOCKED or a record quarantined', () => {
    const problems = [
      { portfolio_id: 'P1', security_id: 'AAPL', reason: 'OVERSOLD: SELL of 200 exceeds the 150 held' },
      { portfolio_id: null, security_id: null, reason: 'PROCESSING_ERROR: date out of range' },
    ];
    const withProblems = () => checkJobOutcome({ ...job, status: 'complete_with_problems', problems });
    expect(withProblems).toThrow(UserError);
    expect(withProblems).toThrow(
      'job job_1 ended with problems\n  P1 AAPL: OVERSOLD: SELL of 200 exceeds the 150 held\n' +
        '  - -: PROCESSING_ERROR: date out of range',
    );
    expect(() =>
      checkJobOutcome({ ...job, status: 'failed', failure_reason: 'PROCESSING_ERROR: boom', problems }),
    ).toThrow(/^job job_1 failed: PROCESSING_ERROR: boom\n {2}P1 AAPL: OVERSOLD/);
  });

  it('passes a complete job', () => {
    expect(() => checkJobOutcome({ ...job, status: 'complete', problems: [] })).not.toThrow();
  });
});

describe('PasClient', () => {
  it('posts to the endpoint of the entity and turns a problem into one line per field error', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      return new Response(
        JSON.stringify({
          title: 'Unprocessable Content',
          status: 422,
          detail: 'invalid transactions',
          correlation_id: 'PAS:x',
          errors: [{ index: 3, field: 'transactions.price', message: 'must be ≥ 0' }],
        }),
        { status: 422, headers: { 'content-type': 'application/problem+json' } },
      );
    }) as typeof fetch;
    const client = new PasClient('http://127.0.0.1:9/', { fetch: fakeFetch });
    const error = await client.ingestRecords('transactions', [{}]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(calls[0]!.url).toBe('http://127.0.0.1:9/ingest/transactions');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ transactions: [{}] });
    expect(formatProblem(error as ApiError)).toEqual([
      'POST /ingest/transactions: HTTP 422 Unprocessable Content: invalid transactions',
      '  [3] transactions.price: must be ≥ 0',
      '  correlation id: PAS:x',
    ]);
  });

  it('long-polls a job until it leaves "accepted"', async () => {
    const statuses = ['accepted', 'accepted', 'complete'];
    const urls: string[] = [];
    const fakeFetch = (async (url: string | URL | Request) => {
      urls.push(String(url));
      return Response.json({
        job_id: 'job_1',
        status: statuses.shift(),
        entity_type: 'x',
        accepted_count: 1,
      });
    }) as typeof fetch;
    const job = await new PasClient('http://h', { fetch: fakeFetch }).waitForJob('job_1', 120_000);
    expect(job.status).toBe('complete');
    expect(urls).toHaveLength(3);
    expect(urls[0]).toBe('http://h/ingestion/jobs/job_1?wait=60');
  });
});
