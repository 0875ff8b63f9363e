import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApi } from '../../src/api/server.ts';
import { createApiKey, type NewKey } from '../../src/app/api-keys.ts';
import { type Config, loadConfig } from '../../src/app/config.ts';
import { createSystem, type System } from '../../src/app/system.ts';
import type { StoreFactory } from '../support/stores.ts';

export interface SecurityHarness {
  system: System;
  app: FastifyInstance;
  /** JSON log lines the system wrote (pino at info). */
  logLines: Record<string, unknown>[];
  /** Creates a key as `pas keys create` does and returns it. */
  key(request: NewKey): Promise<string>;
  close(): Promise<void>;
}

/** A system with PAS_AUTH=required (and the environment given) on a fresh database, stages running. */
export async function openSecured(
  store: StoreFactory,
  env: Record<string, string> = {},
  overrides: Partial<Config> = {},
): Promise<SecurityHarness> {
  const logLines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write(line: string) {
        logLines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  const system = await createSystem(
    loadConfig({ PAS_AUTH: 'required', ...env }, { stageIdleMs: 5, ...overrides }),
    {
      db: await store.open(),
      logger,
    },
  );
  const app = await buildApi(system);
  return {
    system,
    app,
    logLines,
    async key(request) {
      return (await createApiKey(system.db, request, { keyId: null, correlationId: 'test' })).key;
    },
    async close() {
      await app.close();
      await system.close();
    },
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** A multipart/form-data body with text fields and one CSV file, for inject. */
export function multipart(fields: Record<string, string>, csv: string) {
  const boundary = 'pas-test-boundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  parts.push(
    `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="rows.csv"\r\ncontent-type: text/csv\r\n\r\n${csv}\r\n`,
  );
  return {
    payload: `${parts.join('')}--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
