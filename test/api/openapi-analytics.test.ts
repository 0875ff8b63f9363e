import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SchemaNode, schemaFields, undescribed } from '../support/openapi.ts';
import { stores } from '../support/stores.ts';
import { type ApiHarness, openApi } from './api-harness.ts';

/**
 * Issue 6: "OpenAPI documents every field". One walk over every analytics and benchmark route of the served
 * document (request body, query and path parameters, the 200 answer), so a route added later is covered too.
 */
describe('OpenAPI of the analytics and benchmark routes', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await openApi(stores()[0]!);
  });
  afterAll(() => h?.close());

  it('describes every request and response field of every analytics route', async () => {
    const doc: SchemaNode = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const analytics = Object.keys(doc.paths).filter((p) =>
      /^\/analytics\/|^\/benchmarks|^\/portfolios\/\{portfolio_id\}\/(performance|risk|contribution|attribution|concentration|pnl|rebalance)/.test(
        p,
      ),
    );
    expect(analytics.length).toBeGreaterThanOrEqual(20);
    const missing: string[] = [];
    for (const path of analytics) {
      for (const [method, op] of Object.entries(doc.paths[path] as SchemaNode)) {
        const body = op.requestBody?.content?.['application/json']?.schema;
        const ok = op.responses['200']?.content?.['application/json']?.schema;
        expect(ok, `${method} ${path} documents its 200 answer`).toBeDefined();
        const params = ((op.parameters ?? []) as SchemaNode[]).map((p): [string, SchemaNode] => [
          `${p.in}.${p.name}`,
          { ...p.schema, description: p.description ?? p.schema?.description },
        ]);
        const fields = [
          ...(body ? schemaFields(body, 'body', doc) : []),
          ...schemaFields(ok, '200', doc),
          ...params,
        ];
        missing.push(...undescribed(fields).map((field) => `${method.toUpperCase()} ${path} ${field}`));
      }
    }
    expect(missing).toEqual([]);
  });
});
