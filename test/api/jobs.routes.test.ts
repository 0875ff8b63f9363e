import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOPICS } from '../../src/engine/topics.ts';
import type { LogRecord } from '../../src/log/log.ts';
import { stores } from '../support/stores.ts';
import { type ApiHarness, openApi } from './api-harness.ts';

const job = (job_id: string, submitted_at: string, over: Record<string, unknown> = {}) => ({
  job_id,
  endpoint: '/ingest/transactions',
  entity_type: 'transaction',
  status: 'complete',
  accepted_count: 10,
  idempotency_key: null,
  correlation_id: `corr-${job_id}`,
  submitted_at,
  completed_at: '2024-06-01T00:00:00.000Z',
  failure_reason: null,
  ...over,
});

// Newest first: job_5, job_4, then job_3 and job_2 (same instant, job_id breaks the tie), then job_1, which is
// in the same millisecond as job_2: a cursor that dropped the microseconds would skip it.
const JOBS = [
  job('job_1', '2024-05-01T10:00:00.000100Z', {
    endpoint: '/ingest/portfolios',
    entity_type: 'portfolio',
    status: 'accepted',
    completed_at: null,
    idempotency_key: 'key-1',
  }),
  job('job_2', '2024-05-01T10:00:00.000200Z'),
  job('job_3', '2024-05-01T10:00:00.000200Z'),
  job('job_4', '2024-05-02T08:00:00Z', {
    endpoint: '/ingest/instruments',
    entity_type: 'instrument',
    status: 'failed',
    completed_at: null,
    failure_reason: 'log unavailable',
  }),
  job('job_5', '2024-05-03T23:59:59.999999Z'),
];

// What a quarantined record of job_4 left behind, as the stage runner records it.
const JOB_4_PROBLEMS = [
  { portfolio_id: null, security_id: null, reason: 'PROCESSING_ERROR: date out of range' },
  { portfolio_id: 'P1', security_id: 'AAPL', reason: 'PROCESSING_ERROR: date out of range' },
];

/** As the API shows it: instants to the millisecond. */
const shown = (j: (typeof JOBS)[number], stages: Array<{ stage: string; pending: number }> = []) => ({
  ...j,
  submitted_at: new Date(j.submitted_at).toISOString(),
  stages,
  problems: j.job_id === 'job_4' ? JOB_4_PROBLEMS : [],
});

describe.each(stores())('ingestion jobs on $kind', (store) => {
  let h: ApiHarness;
  const get = (url: string) => h.app.inject({ method: 'GET', url });
  const listIds = async (qs: string) => {
    const res = await get(`/ingestion/jobs?${qs}`);
    expect(res.statusCode, qs).toBe(200);
    const body = res.json();
    return { total: body.total, ids: body.jobs.map((j: { job_id: string }) => j.job_id) };
  };

  beforeAll(async () => {
    h = await openApi(store);
    for (const j of JOBS) {
      await h.system.db.query(
        `INSERT INTO ingestion_jobs (job_id, endpoint, entity_type, status, accepted_count, idempotency_key,
                                     request_hash, correlation_id, submitted_at, completed_at, failure_reason)
         VALUES ($1, $2, $3, $4, $5, $6, 'h', $7, $8, $9, $10)`,
        [
          j.job_id,
          j.endpoint,
          j.entity_type,
          j.status,
          j.accepted_count,
          j.idempotency_key,
          j.correlation_id,
          j.submitted_at,
          j.completed_at,
          j.failure_reason,
        ],
      );
    }
    await h.system.db.query(
      `INSERT INTO job_pending (job_id, group_id, pending) VALUES
         ('job_1', 'valuation', 0), ('job_1', 'persist', 2), ('job_4', 'persist', 4)`,
    );
    await h.system.db.query(
      `INSERT INTO job_problems (job_id, portfolio_id, security_id, reason) VALUES
         ('job_4', 'P1', 'AAPL', 'PROCESSING_ERROR: date out of range'),
         ('job_4', NULL, NULL, 'PROCESSING_ERROR: date out of range')`,
    );
  });
  afterAll(() => h?.close());

  it('gets a job with its pending records per stage, in pipeline order', async () => {
    const res = await get('/ingestion/jobs/job_1');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(
      shown(JOBS[0]!, [
        { stage: 'persist', pending: 2 },
        { stage: 'valuation', pending: 0 },
      ]),
    );
    expect((await get('/ingestion/jobs/job_4')).json()).toEqual(
      shown(JOBS[3]!, [{ stage: 'persist', pending: 4 }]),
    );
  });

  it('answers 404 INGESTION_JOB_NOT_FOUND for an unknown job', async () => {
    const res = await get('/ingestion/jobs/job_nope');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      detail: expect.stringMatching(/INGESTION_JOB_NOT_FOUND.*job_nope/),
    });
  });

  it('lists jobs newest first with total and full bodies', async () => {
    const res = await get('/ingestion/jobs');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      jobs: [
        shown(JOBS[4]!),
        shown(JOBS[3]!, [{ stage: 'persist', pending: 4 }]),
        shown(JOBS[2]!),
        shown(JOBS[1]!),
        shown(JOBS[0]!, [
          { stage: 'persist', pending: 2 },
          { stage: 'valuation', pending: 0 },
        ]),
      ],
      total: 5,
      next_cursor: null,
    });
  });

  it('pages with an opaque cursor without skipping or repeating a job', async () => {
    for (const limit of [1, 2]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const qs: string = `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
        const body = (await get(`/ingestion/jobs?${qs}`)).json();
        expect(body.total).toBe(5);
        expect(body.jobs.length).toBeLessThanOrEqual(limit);
        seen.push(...body.jobs.map((j: { job_id: string }) => j.job_id));
        cursor = body.next_cursor;
        if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual(['job_5', 'job_4', 'job_3', 'job_2', 'job_1']);
      expect(pages).toBe(Math.ceil(5 / limit));
    }
  });

  it('filters by status, entity type and submission time', async () => {
    expect(await listIds('status=complete')).toEqual({ total: 3, ids: ['job_5', 'job_3', 'job_2'] });
    expect(await listIds('entity_type=instrument')).toEqual({ total: 1, ids: ['job_4'] });
    expect(await listIds('status=complete&entity_type=portfolio')).toEqual({ total: 0, ids: [] });
    expect(await listIds('submitted_from=2024-05-02')).toEqual({ total: 2, ids: ['job_5', 'job_4'] });
    // a date as the upper bound covers the whole day
    expect(await listIds('submitted_to=2024-05-01')).toEqual({ total: 3, ids: ['job_3', 'job_2', 'job_1'] });
    expect((await listIds('submitted_from=2024-05-03&submitted_to=2024-05-03')).ids).toEqual(['job_5']);
    expect((await listIds('submitted_from=2024-05-01T10:00:00.0002Z')).ids).toEqual([
      'job_5',
      'job_4',
      'job_3',
      'job_2',
    ]);
    expect((await listIds(`submitted_to=${encodeURIComponent('2024-05-02T10:00:00+02:00')}`)).ids).toEqual([
      'job_4',
      'job_3',
      'job_2',
      'job_1',
    ]);
    const filteredPage = (await get('/ingestion/jobs?status=complete&limit=2')).json();
    const next = (
      await get(`/ingestion/jobs?status=complete&limit=2&cursor=${filteredPage.next_cursor}`)
    ).json();
    expect(next.jobs.map((j: { job_id: string }) => j.job_id)).toEqual(['job_2']);
    expect(next).toMatchObject({ total: 3, next_cursor: null });
  });

  it('refuses bad list parameters with a 422 naming each one', async () => {
    for (const [qs, field, message] of [
      ['limit=501', 'limit', 'must be <= 500'],
      ['status=done', 'status', 'must be one of: accepted, complete, complete_with_problems, failed'],
      ['submitted_from=2024-13-01', 'submitted_from', expect.stringContaining('date')],
      ['submitted_to=2024-05-01T10:00:00', 'submitted_to', expect.stringContaining('offset')],
      ['cursor=not-a-cursor', 'cursor', 'is not a cursor returned by this endpoint'],
      [
        `cursor=${Buffer.from('["2024-02-30T00:00:00.000000Z","j"]').toString('base64url')}`,
        'cursor',
        expect.any(String),
      ],
    ] as const) {
      const res = await get(`/ingestion/jobs?${qs}`);
      expect(res.statusCode, qs).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors, qs).toEqual([{ index: 0, field, message }]);
    }
    expect((await get('/ingestion/jobs/job_1?wait=301')).json().errors).toEqual([
      { index: 0, field: 'wait', message: 'must be <= 300' },
    ]);
  });

  it('long-polls with wait= and returns as soon as the job completes', async () => {
    const { db, ledger } = h.system;
    const record = {
      topic: TOPICS.rawPortfolios,
      key: 'P1',
      value: { portfolio_id: 'P1' },
      headers: { job_ids: ['job_wait'] },
    };
    await db.transaction(async (tx) => {
      await ledger.create(
        tx,
        {
          endpoint: '/ingest/portfolios',
          entity_type: 'portfolio',
          accepted_count: 1,
          request_hash: 'h',
          correlation_id: 'c',
        },
        'job_wait',
      );
      await ledger.emit(tx, [record]);
    });

    // A short wait on a job nobody completes returns its current state.
    const early = (await get('/ingestion/jobs/job_wait?wait=0.2')).json();
    expect(early).toMatchObject({
      status: 'accepted',
      completed_at: null,
      stages: [{ stage: 'persist', pending: 1 }],
    });

    // Complete the job once the request is waiting for it.
    const waiting = new Promise<void>((resolve) => {
      const original = h.system.waitForJobs;
      h.system.waitForJobs = (ids, ms) => {
        h.system.waitForJobs = original;
        expect(ids).toEqual(['job_wait']);
        expect(ms).toBe(120_000);
        resolve();
        return original(ids, ms);
      };
    });
    const response = get('/ingestion/jobs/job_wait?wait=120');
    await waiting;
    const consumed: LogRecord = { ...record, partition: 0, offset: 0, timestamp: new Date().toISOString() };
    const completed = await db.transaction((tx) => ledger.consumed(tx, 'persist', [consumed]));
    expect(completed).toEqual(['job_wait']);

    const res = await response;
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      job_id: 'job_wait',
      status: 'complete',
      completed_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      stages: [{ stage: 'persist', pending: 0 }],
    });
  });
});
