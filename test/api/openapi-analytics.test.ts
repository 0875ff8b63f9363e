import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stores } from '../support/stores.ts';
import { type ApiHarness, openApi } from './api-harness.ts';

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: unknown;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  description?: string;
};
type Doc = {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components?: { schemas?: Record<string, Schema> };
};

/** Every property of a schema, however deep (items, variants and maps of structured entries too), with its path. */
function* properties(
  schema: Schema,
  path: string,
  doc: Doc,
  seen = new Set<Schema>(),
): Generator<[string, Schema]> {
  const resolved = schema.$ref
    ? (doc.components?.schemas?.[schema.$ref.split('/').pop()!] ?? schema)
    : schema;
  if (seen.has(resolved)) return;
  seen.add(resolved);
  for (const [name, child] of Object.entries(resolved.properties ?? {})) {
    yield [`${path}.${name}`, child];
    yield* properties(child, `${path}.${name}`, doc, seen);
  }
  if (resolved.items) yield* properties(resolved.items, `${path}[]`, doc, seen);
  for (const variant of [...(resolved.oneOf ?? []), ...(resolved.anyOf ?? []), ...(resolved.allOf ?? [])]) {
    yield* properties(variant, path, doc, seen);
  }
  const entries = resolved.additionalProperties;
  if (entries && typeof entries === 'object') yield* properties(entries as Schema, `${path}{}`, doc, seen);
}

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
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json() as Doc;
    const analytics = Object.keys(doc.paths).filter((p) =>
      /^\/analytics\/|^\/benchmarks|^\/portfolios\/\{portfolio_id\}\/(performance|risk|contribution|attribution|concentration|pnl|rebalance)/.test(
        p,
      ),
    );
    expect(analytics.length).toBeGreaterThanOrEqual(20);
    const undescribed: string[] = [];
    for (const path of analytics) {
      for (const [method, op] of Object.entries(doc.paths[path]!)) {
        const body = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
          ?.content?.['application/json']?.schema;
        const ok = (op.responses as Record<string, { content?: Record<string, { schema: Schema }> }>)['200']
          ?.content?.['application/json']?.schema;
        expect(ok, `${method} ${path} documents its 200 answer`).toBeDefined();
        const params = (
          (op.parameters ?? []) as Array<{ name: string; in: string; description?: string; schema?: Schema }>
        ).map((p): [string, Schema] => [
          `${p.in}.${p.name}`,
          { ...p.schema, description: p.description ?? p.schema?.description },
        ]);
        const fields = [
          ...(body ? properties(body, 'body', doc) : []),
          ...properties(ok!, '200', doc),
          ...params,
        ];
        for (const [field, schema] of fields) {
          if (!schema.description && !schema.$ref)
            undescribed.push(`${method.toUpperCase()} ${path} ${field}`);
        }
      }
    }
    expect(undescribed).toEqual([]);
  });
});
