import { describe, expect, it } from 'vitest';
import { type Change, ChangeEvents } from './change-events.ts';

const txn = (security: string, from_date: string, reason: 'ingest' | 'reprocess' = 'ingest'): Change => ({
  topic: 'transactions_changed',
  key: 'P1',
  value: { portfolio_id: 'P1', security_id: security, from_date, reason },
});

describe('change events', () => {
  it('merges one key to its earliest date, with the jobs of its contributors and the first correlation id', () => {
    const events = new ChangeEvents();
    events.add(txn('AAPL', '2024-03-10'), { jobIds: ['j2'], correlationId: 'c2', order: 5 });
    events.add(txn('MSFT', '2024-01-01'), { jobIds: ['j3'], correlationId: 'c3', order: 1 });
    events.add(txn('AAPL', '2024-02-01'), { jobIds: ['j1', 'j2'], correlationId: 'c1', order: 2 });
    events.add(txn('AAPL', '2024-04-01'), { jobIds: ['j4'], correlationId: undefined, order: 9 });
    expect(events.records()).toEqual([
      {
        topic: 'transactions_changed',
        key: 'P1',
        value: { portfolio_id: 'P1', security_id: 'AAPL', from_date: '2024-02-01', reason: 'ingest' },
        headers: { job_ids: ['j1', 'j2', 'j4'], correlation_id: 'c1' },
      },
      {
        topic: 'transactions_changed',
        key: 'P1',
        value: { portfolio_id: 'P1', security_id: 'MSFT', from_date: '2024-01-01', reason: 'ingest' },
        headers: { job_ids: ['j3'], correlation_id: 'c3' },
      },
    ]);
  });

  it('keeps a requested rebuild as the reason when an ingest change of the same key merges in', () => {
    const events = new ChangeEvents();
    events.add(txn('AAPL', '2024-03-10', 'reprocess'), { jobIds: ['j1'], correlationId: 'c1', order: 0 });
    events.add(txn('AAPL', '2024-01-10'), { jobIds: ['j2'], correlationId: 'c2', order: 1 });
    expect(events.records().map((e) => e.value)).toEqual([
      { portfolio_id: 'P1', security_id: 'AAPL', from_date: '2024-01-10', reason: 'reprocess' },
    ]);
  });

  it('keeps events without a date apart per identity and leaves the first value untouched', () => {
    const events = new ChangeEvents();
    const first: Change = { topic: 'portfolios_changed', key: 'P1', value: { portfolio_id: 'P1' } };
    events.add(first, { jobIds: ['j1'], correlationId: 'c1', order: 0 });
    events.add({ ...first }, { jobIds: [], correlationId: 'c2', order: 1 });
    events.add(
      { topic: 'portfolios_changed', key: 'P2', value: { portfolio_id: 'P2' } },
      {
        jobIds: ['j2'],
        correlationId: 'c3',
        order: 2,
      },
    );
    expect(events.records().map((e) => [e.key, e.headers])).toEqual([
      ['P1', { job_ids: ['j1'], correlation_id: 'c1' }],
      ['P2', { job_ids: ['j2'], correlation_id: 'c3' }],
    ]);
    expect(first.value).toEqual({ portfolio_id: 'P1' });
  });

  it('carries the highest epoch of the merged changes in the headers', () => {
    const events = new ChangeEvents();
    const change = (portfolio: string, from_date: string, epoch?: number): Change => ({
      topic: 'positions_changed',
      key: portfolio,
      value: { portfolio_id: portfolio, from_date },
      ...(epoch === undefined ? {} : { epoch }),
    });
    events.add(change('P1', '2024-03-01', 2), { jobIds: ['j1'], correlationId: 'c1', order: 0 });
    events.add(change('P1', '2024-01-01', 0), { jobIds: ['j2'], correlationId: 'c2', order: 1 });
    events.add(change('P1', '2024-05-01', 3), { jobIds: [], correlationId: 'c3', order: 2 });
    events.add(change('P2', '2024-05-01'), { jobIds: ['j3'], correlationId: 'c3', order: 3 });
    expect(
      events.records().map((e) => [e.key, (e.value as { from_date: string }).from_date, e.headers]),
    ).toEqual([
      ['P1', '2024-01-01', { job_ids: ['j1', 'j2'], correlation_id: 'c1', epoch: 3 }],
      ['P2', '2024-05-01', { job_ids: ['j3'], correlation_id: 'c3' }],
    ]);
  });

  it('unions the security_ids of merged changes, and one change without them covers every security', () => {
    const events = new ChangeEvents();
    const change = (portfolio: string, security_ids?: string[]): Change => ({
      topic: 'positions_changed',
      key: portfolio,
      value: { portfolio_id: portfolio, from_date: '2024-01-01', ...(security_ids ? { security_ids } : {}) },
    });
    const by = { jobIds: ['j1'], correlationId: 'c1', order: 0 };
    events.add(change('P1', ['S2']), by);
    events.add(change('P1', ['S1', 'S2']), by);
    events.add(change('P2', ['S1']), by);
    events.add(change('P2'), by);
    events.add(change('P2', ['S3']), by);
    expect(
      events.records().map((e) => [e.key, (e.value as { security_ids?: string[] }).security_ids]),
    ).toEqual([
      ['P1', ['S1', 'S2']],
      ['P2', undefined],
    ]);
  });

  it('keeps the latest to_date of merged price changes, and none once one change has none', () => {
    const events = new ChangeEvents();
    const price = (security: string, from_date: string, to_date?: string): Change => ({
      topic: 'prices_changed',
      key: security,
      value: { security_id: security, from_date, ...(to_date ? { to_date } : {}) },
    });
    const by = { jobIds: ['j1'], correlationId: 'c1', order: 0 };
    events.add(price('AAPL', '2024-01-05', '2024-01-05'), by);
    events.add(price('AAPL', '2024-01-02', '2024-01-03'), by);
    events.add(price('AAPL', '2024-01-09', '2024-01-09'), by);
    events.add(price('MSFT', '2024-01-02', '2024-01-02'), by);
    events.add(price('MSFT', '2024-01-03'), by);
    expect(events.records().map((e) => [e.key, e.value])).toEqual([
      ['AAPL', { security_id: 'AAPL', from_date: '2024-01-02', to_date: '2024-01-09' }],
      ['MSFT', { security_id: 'MSFT', from_date: '2024-01-02' }],
    ]);
  });
});
