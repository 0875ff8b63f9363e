import pino from 'pino';
import { buildApi } from '../src/api/server.ts';
import { loadConfig } from '../src/app/config.ts';
import { createSystem } from '../src/app/system.ts';
import type { Db } from '../src/store/db.ts';

/** Where the committed OpenAPI document lives, relative to the repository root. */
export const OPENAPI_PATH = 'openapi.json';

/**
 * The document the main port serves at GET /openapi.json (all routes), from the default configuration: the
 * environment of whoever runs this must not change the committed file.
 */
export async function servedOpenApi(db: Db): Promise<unknown> {
  const system = await createSystem(loadConfig({}, {}), {
    db,
    runStages: false,
    logger: pino({ level: 'silent' }),
  });
  try {
    const app = await buildApi(system, { routes: 'all' });
    try {
      const response = await app.inject({ method: 'GET', url: '/openapi.json' });
      if (response.statusCode !== 200) throw new Error(`GET /openapi.json answered ${response.statusCode}`);
      return response.json();
    } finally {
      await app.close();
    }
  } finally {
    await system.close();
  }
}

/**
 * The committed form: object keys sorted at every depth (so moving a route registration is no diff), arrays
 * in their order (it can mean something), 2-space indent and a final newline — one document, one text.
 */
export function openApiText(doc: unknown): string {
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
