import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, type PasProcess, startDemo, tempDir } from './pas-process.ts';

/**
 * Swagger's "Try it out" (/docs) starts from each operation's example: every JSON request body of the served
 * OpenAPI document carries one, and each, posted as it is (path parameters at their examples) to a
 * `pas demo` server, succeeds. src/api/request-examples.ts holds them.
 */
interface Operation {
  requestBody?: { content: Record<string, { example?: unknown }> };
  parameters?: Array<{ in: string; name: string; example?: unknown }>;
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
}

describe('the example request of every operation', () => {
  const dataDir = tempDir('req-ex');
  let proc: PasProcess | undefined;
  let url = '';
  let doc: OpenApi;

  beforeAll(async () => {
    ({ proc, url } = await startDemo(dataDir));
    doc = await getJson<OpenApi>(`${url}/openapi.json`);
  }, 250_000);

  afterAll(async () => {
    if (proc) expect(await proc.stop()).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const jsonBodies = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.requestBody?.content['application/json'])
        .map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );

  it('every JSON request body has an example, and every path parameter of those operations one too', () => {
    const bodies = jsonBodies();
    expect(bodies.length).toBeGreaterThanOrEqual(30);
    const missing = bodies.filter(
      (b) => b.op.requestBody!.content['application/json']!.example === undefined,
    );
    expect(missing.map((b) => `${b.method} ${b.path}`)).toEqual([]);
    const params = bodies.flatMap((b) =>
      (b.op.parameters ?? [])
        .filter((p) => p.in === 'path' && p.example === undefined)
        .map((p) => `${b.method} ${b.path} ${p.name}`),
    );
    expect(params).toEqual([]);
  });

  it('every example succeeds against the demo', async () => {
    const failures: string[] = [];
    let tried = 0;
    for (const { method, path, op } of jsonBodies()) {
      const example = op.requestBody!.content['application/json']!.example;
      if (example === undefined) continue;
      const target = path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(String(op.parameters?.find((p) => p.name === name)?.example ?? name)),
      );
      const response = await fetch(`${url}${target}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(example),
      });
      const text = await response.text();
      tried++;
      if (response.status < 200 || response.status >= 300) {
        failures.push(`${method} ${target}: HTTP ${response.status} ${text.slice(0, 600)}`);
      }
    }
    expect(tried).toBeGreaterThanOrEqual(30);
    expect(failures).toEqual([]);
  }, 120_000);
});
