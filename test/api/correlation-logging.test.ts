import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { loadConfig } from '../../src/app/config.ts';
import { createSystem, type System } from '../../src/app/system.ts';
import { stores } from '../support/stores.ts';

/** Collects the JSON log lines a system writes, parsed. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const text of String(chunk).split('\n')) if (text.trim()) lines.push(JSON.parse(text));
      done();
    },
  });
  return { lines, logger: pino({ level: 'debug' }, stream) };
}

const pglite = stores()[0]!;

describe('the correlation id travels from the request through the log to every stage', () => {
  const { lines, logger } = capture();
  let system: System;
  beforeAll(async () => {
    system = await createSystem(loadConfig({}, {}), { db: await pglite.open(), logger });
  });
  afterAll(async () => {
    await system.close();
  });

  it('labels the request line and the lines of every stage that worked on its records', async () => {
    const app = await buildApi(system);
    const res = await app.inject({
      method: 'POST',
      url: '/ingest/transactions',
      headers: { 'x-correlation-id': 'corr-log-test-1' },
      payload: {
        transactions: [
          {
            transaction_id: 'T-LOG-1',
            portfolio_id: 'P-LOG',
            instrument_id: 'CASH',
            security_id: 'CASH_USD',
            transaction_date: '2024-01-02T09:00:00Z',
            transaction_type: 'DEPOSIT',
            quantity: '100',
            price: '1',
            gross_transaction_amount: '100',
            trade_currency: 'USD',
            currency: 'USD',
          },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.headers['x-correlation-id']).toBe('corr-log-test-1');
    const job = res.json().job_id as string;
    const done = await app.inject({ method: 'GET', url: `/ingestion/jobs/${job}?wait=30` });
    // Done; the portfolio P-LOG was never ingested, so its key is BLOCKED and the job says so.
    expect(done.json()).toMatchObject({
      status: 'complete_with_problems',
      problems: [{ portfolio_id: 'P-LOG', reason: expect.stringMatching(/^MISSING_PORTFOLIO/) }],
    });
    await app.close();

    const request = lines.find((l) => l.msg === 'request completed' && l.route === '/ingest/transactions');
    expect(request?.correlation_id).toBe('corr-log-test-1');
    // Every stage the job passed through logged a batch line that names the request's correlation id.
    const stagesOfJob = (done.json().stages as Array<{ stage: string }>).map((s) => s.stage);
    expect(stagesOfJob.length).toBeGreaterThan(0);
    for (const stage of stagesOfJob) {
      const stageLines = lines.filter((l) => l.stage === stage);
      const labelled = stageLines.filter((l) =>
        ((l.correlation_ids as string[] | undefined) ?? []).includes('corr-log-test-1'),
      );
      expect(labelled.length, `stage ${stage} logged no line with the correlation id`).toBeGreaterThan(0);
    }
  });
});
