import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { STAGED_APPEND_MIN } from '../../src/engine/ingest-service.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { getJson, startPas, tempDir } from './pas-process.ts';

/**
 * Crash safety of the embedded mode: `kill -9` in the middle of a large concurrent ingest, then a restart on
 * the same data directory. A 202 means durable, so every acknowledged record must be there exactly once, the
 * jobs must complete after the restart, and the consumers must have resumed from their committed offsets.
 */

const BATCHES = 30;
/**
 * Two sizes: batches below STAGED_APPEND_MIN append in the job's transaction, larger ones are staged (written
 * invisibly, published by the job's transaction), so a kill lands in the middle of both kinds.
 */
const sizeOf = (batch: number) => (batch % 2 === 0 ? 2_000 : STAGED_APPEND_MIN);
const KILL_AFTER = 8;

const txnId = (batch: number, i: number) =>
  `K9-B${String(batch).padStart(2, '0')}-T${String(i).padStart(5, '0')}`;

function batchBody(batch: number) {
  const transactions = [];
  for (let i = 0; i < sizeOf(batch); i++) {
    transactions.push({
      transaction_id: txnId(batch, i),
      portfolio_id: `K9_P${batch % 4}`,
      instrument_id: `K9_SEC_${i % 50}`,
      security_id: `K9_SEC_${i % 50}`,
      transaction_date: `2025-01-${String(2 + (i % 20)).padStart(2, '0')}T10:00:00Z`,
      transaction_type: 'BUY',
      quantity: String(1 + (i % 7)),
      price: '10.5',
      gross_transaction_amount: String((1 + (i % 7)) * 10.5),
      trade_currency: 'USD',
      currency: 'USD',
    });
  }
  return JSON.stringify({ transactions });
}

type Outcome = { batch: number; status: number; jobId?: string } | { batch: number; error: string };

describe('kill -9 during a large ingest (embedded mode)', () => {
  const dir = tempDir('kill9');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged record exactly once and resumes the consumers from their offsets', async () => {
    const bodies = Array.from({ length: BATCHES }, (_, b) => batchBody(b));
    const first = await startPas(dir);
    const pid = first.proc.child.pid!;

    let accepted = 0;
    let killed = false;
    const outcomes = await Promise.all(
      bodies.map(async (body, batch): Promise<Outcome> => {
        try {
          const response = await fetch(`${first.url}/ingest/transactions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          const json = (await response.json()) as { job_id?: string };
          if (response.status === 202 && ++accepted >= KILL_AFTER && !killed) {
            killed = true;
            process.kill(pid, 'SIGKILL');
          }
          return { batch, status: response.status, jobId: json.job_id };
        } catch (error) {
          return { batch, error: String(error) };
        }
      }),
    );
    expect(await first.proc.exited(15_000)).toBe('SIGKILL');

    const acked = outcomes.filter((o): o is Outcome & { jobId: string } => 'status' in o && o.status === 202);
    const failed = outcomes.filter((o) => 'error' in o);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER);
    // The kill hit in the middle: some requests never got their answer.
    expect(failed.length).toBeGreaterThan(0);
    expect(outcomes.every((o) => 'error' in o || o.status === 202)).toBe(true);
    // The lock file of the killed process is still there; the restart must take it over.
    expect(fs.readFileSync(`${dir}/pas.lock`, 'utf8').split('\n')[0]).toBe(String(pid));

    const second = await startPas(dir);
    try {
      for (const { jobId } of acked) {
        const job = await getJson<{ status: string }>(`${second.url}/ingestion/jobs/${jobId}?wait=60`);
        // Done, with problems: the test sends transactions only, so their keys wait for their portfolios.
        expect(job.status, `job ${jobId}`).toBe('complete_with_problems');
      }
    } finally {
      expect(await second.proc.stop()).toBe(0);
    }

    // Read the database itself, now that no process holds it.
    const db = await openPglite(dir);
    try {
      const rows = await db.query<{ transaction_id: string; version: number }>(
        `SELECT transaction_id, version FROM transactions WHERE transaction_id LIKE 'K9-%'`,
      );
      const present = new Map(rows.map((r) => [r.transaction_id, r.version]));
      let unackedButPresent = 0;
      for (let batch = 0; batch < BATCHES; batch++) {
        const size = sizeOf(batch);
        const found = Array.from({ length: size }, (_, i) => present.has(txnId(batch, i))).filter(
          Boolean,
        ).length;
        if (acked.some((o) => o.batch === batch)) {
          expect(found, `acknowledged batch ${batch}`).toBe(size);
        } else {
          // Unacknowledged: durable as a whole or not at all, never half written.
          expect([0, size], `unacknowledged batch ${batch}`).toContain(found);
          if (found === size) unackedButPresent++;
        }
      }
      // Exactly once: each record once on the log, each fact at version 1 with no history.
      const dupes = await db.query<{ id: string; n: number }>(
        `SELECT value->>'transaction_id' AS id, count(*)::int8 AS n FROM log_records
         WHERE topic = 'raw_transactions' GROUP BY 1 HAVING count(*) > 1 LIMIT 5`,
      );
      expect(dupes).toEqual([]);
      const [logged] = await db.query<{ n: number }>(
        `SELECT count(*)::int8 AS n FROM log_records WHERE topic = 'raw_transactions'`,
      );
      expect(logged!.n).toBe(present.size);
      expect([...present.values()].every((v) => v === 1)).toBe(true);
      const [history] = await db.query<{ n: number }>(
        `SELECT count(*)::int8 AS n FROM fact_history WHERE entity_type = 'transaction'`,
      );
      expect(history!.n).toBe(0);

      // A staged batch the kill interrupted was dropped at the restart, records and reservation.
      const [reserved] = await db.query<{ n: number }>('SELECT count(*)::int8 AS n FROM log_reservations');
      expect(reserved!.n).toBe(0);
      // The persist group consumed past the last record of every topic it reads (offsets of a dropped staged
      // range at the end stay unused), and every job completed.
      const lag = await db.query<{ topic: string; end: number; next: number | null }>(
        `SELECT r.topic, max(r."offset") + 1 AS end, min(o.next_offset) AS next FROM log_records r
         LEFT JOIN consumer_offsets o ON o.topic = r.topic AND o.group_id = 'persist' AND o.partition = 0
         WHERE r.topic LIKE 'raw_%' GROUP BY r.topic`,
      );
      expect(lag.length).toBeGreaterThan(0);
      for (const l of lag) expect(l.next, `persist offset on ${l.topic}`).toBeGreaterThanOrEqual(l.end);
      const jobs = await db.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int8 AS n FROM ingestion_jobs GROUP BY status`,
      );
      expect(jobs).toEqual([{ status: 'complete_with_problems', n: acked.length + unackedButPresent }]);
    } finally {
      await db.close();
    }
  }, 150_000);
});
