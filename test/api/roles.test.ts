import pino from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { createApiKey } from '../../src/app/api-keys.ts';
import { loadConfig } from '../../src/app/config.ts';
import { createSystem, type System } from '../../src/app/system.ts';
import { routesOf } from '../../src/cli/serve.ts';
import { stores } from '../support/stores.ts';

const brokers = inject('kafkaBrokers');
const ACTOR = { keyId: null, correlationId: 'roles-test' };
const postgres = stores().find((s) => s.kind === 'postgres');

/** A process of `roles` on the Kafka log at `kafka`, on a fresh PostgreSQL database; stages not started. */
async function processOf(roles: string, kafka: string, env: Record<string, string> = {}) {
  const config = loadConfig({
    ...env,
    KAFKA_BROKERS: kafka,
    DATABASE_URL: 'postgresql://given-below',
    PAS_ROLES: roles,
    PAS_KAFKA_TOPIC_PREFIX: 'roles-test.',
  });
  const system = await createSystem(config, {
    db: await postgres!.open(),
    runStages: false,
    logger: pino({ level: 'silent' }),
  });
  return { system, app: await buildApi(system, { routes: routesOf(config) }) };
}

describe.runIf(brokers !== '' && postgres !== undefined)('roles on the Kafka log', () => {
  const opened: Array<{ system: System; app: { close(): Promise<unknown> } }> = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) {
      await o.app.close();
      await o.system.close();
    }
  });

  it('a query process is ready without the broker; a stage process is not', async () => {
    const gone = '127.0.0.1:1'; // nothing listens there
    const query = await processOf('query', gone);
    const stage = await processOf('stage:series', gone);
    opened.push(query, stage);
    const ready = await query.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().dependencies).toEqual({ database: 'ok', log: 'not_needed' });
    const notReady = await stage.app.inject({ method: 'GET', url: '/health/ready' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json().dependencies).toEqual({ database: 'ok', log: 'unavailable' });
    expect(notReady.json().errors.log).toBeTruthy();
  }, 60_000);

  it('serves the routes of its roles; /health and /metrics (Kafka lag, relay backlog) everywhere', async () => {
    const stage = await processOf('relay,stage:positions', brokers);
    const query = await processOf('query', brokers);
    opened.push(stage, query);
    expect((await stage.app.inject({ method: 'GET', url: '/portfolios' })).statusCode).toBe(404);
    expect((await stage.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    expect((await query.app.inject({ method: 'GET', url: '/portfolios' })).statusCode).toBe(200);
    const ingest = await query.app.inject({
      method: 'POST',
      url: '/ingest/portfolios',
      payload: { portfolios: [] },
    });
    expect(ingest.statusCode).toBe(404);

    // The topics do not exist under this prefix: the lag reads as nothing, the outbox as empty.
    const metrics = (await stage.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^pas_relay_backlog_records 0$/m);
    expect(metrics).toMatch(/^pas_relay_oldest_record_age_seconds 0$/m);
    expect(metrics).toMatch(/^# TYPE pas_kafka_consumer_lag_records gauge$/m);
    expect(metrics).toMatch(/^pas_relay_active [01]$/m);
  }, 60_000);

  it('an ingest process without a relay fills the outbox, and /metrics says how much waits', async () => {
    const ingest = await processOf('ingest', brokers);
    opened.push(ingest);
    const portfolio = {
      portfolio_id: 'P1',
      base_currency: 'USD',
      open_date: '2024-01-02',
      risk_exposure: 'Low',
      investment_time_horizon: 'Long',
      portfolio_type: 'Advisory',
      booking_center_code: 'Zurich',
      client_id: 'C1',
      status: 'ACTIVE',
    };
    const accepted = await ingest.app.inject({
      method: 'POST',
      url: '/ingest/portfolios',
      payload: { portfolios: [portfolio, { ...portfolio, portfolio_id: 'P2' }] },
    });
    expect(accepted.statusCode).toBe(202);
    const metrics = (await ingest.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/^pas_relay_backlog_records 2$/m);
    const age = Number(/^pas_relay_oldest_record_age_seconds (\S+)$/m.exec(metrics)?.[1]);
    expect(age).toBeGreaterThan(0);
    expect(metrics).toMatch(/^pas_relay_active 0$/m);
  }, 60_000);

  it('with PAS_AUTH=required, an ingest and a query process each demand a key of the right scope', async () => {
    const auth = { PAS_AUTH: 'required' };
    const ingest = await processOf('ingest', brokers, auth);
    const query = await processOf('query', brokers, auth);
    opened.push(ingest, query);
    // Each test process has a database of its own here (in a deployment they share one): keys for each.
    const keysOf = async (db: System['db']) => ({
      reader: (await createApiKey(db, { name: 'r', scopes: ['read'] }, ACTOR)).key,
      writer: (await createApiKey(db, { name: 'w', scopes: ['ingest'] }, ACTOR)).key,
    });
    const q = await keysOf(query.system.db);
    const i = await keysOf(ingest.system.db);
    const asKey = (key?: string) => (key ? { authorization: `Bearer ${key}` } : {});
    const list = (key?: string) =>
      query.app.inject({ method: 'GET', url: '/portfolios', headers: asKey(key) });
    const write = (key?: string) =>
      ingest.app.inject({
        method: 'POST',
        url: '/ingest/portfolios',
        headers: asKey(key),
        payload: { portfolios: [] },
      });
    expect((await list()).statusCode).toBe(401);
    expect((await list(q.writer)).statusCode).toBe(403);
    expect((await list(q.reader)).statusCode).toBe(200);
    expect((await write()).statusCode).toBe(401);
    expect((await write(i.reader)).statusCode).toBe(403);
    expect((await write(i.writer)).statusCode).toBe(202);
    // The probes stay open on every role.
    expect((await query.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  }, 60_000);
});
