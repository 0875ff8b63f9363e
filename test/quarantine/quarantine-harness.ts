import type { LogRecord } from '../../src/log/log.ts';
import { openPositions, type PositionsHarness } from '../positions/positions-harness.ts';
import type { StoreFactory } from '../support/stores.ts';

/** Which records fail on purpose, per stage: the fault hook of the system, switched per test. */
export class Faults {
  private readonly rules: Array<(stage: string, record: LogRecord) => boolean> = [];
  fail(rule: (stage: string, record: LogRecord) => boolean): void {
    this.rules.push(rule);
  }
  clear(): void {
    this.rules.length = 0;
  }
  readonly inject = (stage: string, record: LogRecord): void => {
    if (this.rules.some((rule) => rule(stage, record))) {
      throw new Error(`injected fault in ${stage} at ${record.topic}@${record.offset}`);
    }
  };
}

export interface QuarantineHarness extends PositionsHarness {
  faults: Faults;
  /** Appends records straight onto the log for a new job, bypassing the API's validation; returns the job. */
  push(records: ReadonlyArray<{ topic: string; key: string; value: unknown }>): Promise<string>;
  /** The value of a Prometheus sample, e.g. ('pas_quarantined_records', 'stage="persist"'). */
  metric(name: string, labels: string): Promise<number | undefined>;
}

/** A system with the fault hook installed and short retries (a quarantine takes a few ms, not seconds). */
export async function openQuarantine(store: StoreFactory): Promise<QuarantineHarness> {
  const faults = new Faults();
  const h = await openPositions(
    store,
    {},
    { faultInjector: faults.inject, retry: { batchAttempts: 2, recordAttempts: 2, backoffMs: 1 } },
  );
  return Object.assign(h, {
    faults,
    push(records: ReadonlyArray<{ topic: string; key: string; value: unknown }>) {
      const { ledger } = h.system;
      return h.db.transaction(async (tx) => {
        const job = await ledger.create(tx, {
          endpoint: '/test/log',
          entity_type: 'test',
          accepted_count: records.length,
          request_hash: 'test',
          correlation_id: 'corr-log',
        });
        await ledger.emit(
          tx,
          records.map((r) => ({ ...r, headers: { job_ids: [job], correlation_id: 'corr-log' } })),
        );
        return job;
      });
    },
    async metric(name: string, labels: string) {
      const res = await h.app.inject({ method: 'GET', url: '/metrics' });
      const line = res.body.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
      return line === undefined ? undefined : Number(line.split(' ').at(-1));
    },
  });
}
