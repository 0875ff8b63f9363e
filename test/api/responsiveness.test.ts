import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responsiveness } from '../../bench/workloads/responsiveness.ts';
import { buildApi } from '../../src/api/server.ts';
import { loadConfig } from '../../src/app/config.ts';
import { createSystem, type System } from '../../src/app/system.ts';
import { INGEST_ENTITIES, PasClient } from '../../src/cli/client.ts';
import { stores } from '../support/stores.ts';

/**
 * Embedded mode (PGlite runs on the event loop's thread): while a batch is worked through, the process still
 * answers. The batch is made of many stage transactions (small stage batches); the probes are sent once the
 * ingest is acknowledged and must be answered while its job is still in flight. Ordering only, no clock.
 */
describe('a process busy with a batch (pglite)', () => {
  const store = stores().find((s) => s.kind === 'pglite')!;
  const plan = responsiveness.plan(0.04, 7); // 20 portfolios × 100 trades, and the probed portfolio
  const batch = plan.phases[0]!.batches[0]!;
  let system: System;
  let client: PasClient;
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    system = await createSystem(loadConfig({}, { stageBatchSize: 20, stageIdleMs: 5 }), {
      db: await store.open(),
      logger: pino({ level: 'silent' }),
    });
    const app = await buildApi(system, { routes: 'all' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    client = new PasClient(url);
    close = async () => {
      await app.close();
      await system.close();
    };
    for (const setup of plan.setup) {
      const receipt = await client.ingestJson(setup.entity, {
        [INGEST_ENTITIES[setup.entity].list]: setup.records,
      });
      expect((await client.waitForJob(receipt.job_id, 60_000)).status).toBe('complete');
    }
  }, 120_000);
  afterAll(() => close());

  it('answers /health/live and a positions query before the batch has been processed', {
    timeout: 180_000,
  }, async () => {
    const positionsPath = plan.probe!.paths.find((p) => p.name === 'positions')!.path;
    const before = await client.get<{ positions: unknown[] }>(positionsPath);
    expect(before.positions).toHaveLength(20);

    const receipt = await client.ingestJson('transactions', { transactions: batch.records });
    expect(receipt.accepted_count).toBe(batch.records.length);
    const live = await fetch(`${url}/health/live`);
    expect(live.status).toBe(200);
    const during = await client.get<{ positions: unknown[] }>(positionsPath);
    expect(during).toEqual(before); // the probed portfolio is not part of the batch

    // Both answers came back while the job still had work pending in the stages.
    const [job] = await system.db.query<{ status: string }>(
      'SELECT status FROM ingestion_jobs WHERE job_id = $1',
      [receipt.job_id],
    );
    expect(job!.status).toBe('accepted');

    expect((await client.waitForJob(receipt.job_id, 170_000)).status).toBe('complete');
    const [{ n }] = (await system.db.query<{ n: number }>(
      `SELECT count(*)::int8 AS n FROM transactions WHERE portfolio_id LIKE 'RESP\\_0%'`,
    )) as [{ n: number }];
    expect(n).toBe(batch.records.length);
  });
});
