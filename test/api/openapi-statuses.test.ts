import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations, type SchemaNode } from '../support/openapi.ts';
import { stores } from '../support/stores.ts';
import { type ApiHarness, openApi } from './api-harness.ts';

/**
 * Issue 10 item 7: the OpenAPI document says what the server does. Every operation of the served document
 * declares each problem status errors.ts can answer it with, as application/problem+json of the shared Problem
 * component; a route added later is walked too.
 */
describe('OpenAPI: the error statuses of every operation', () => {
  let h: ApiHarness;
  let doc: SchemaNode;
  beforeAll(async () => {
    h = await openApi(stores()[0]!);
    doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  });
  afterAll(() => h?.close());

  /** What an operation can answer besides its success: the rule, written out independently of the server. */
  function expectedStatuses(method: string, path: string, operation: SchemaNode): string[] {
    const headers = ((operation.parameters ?? []) as SchemaNode[]).filter((p) => p.in === 'header');
    return [
      '400',
      '422',
      '500',
      ...(path.includes('{') ? ['404'] : []),
      ...(method === 'POST' ? ['403', '413', '415'] : []),
      ...(headers.some((p) => p.name === 'x-idempotency-key') ? ['409'] : []),
    ];
  }

  it('declares 400, 422 and 500 everywhere, 404 with path parameters, 403/413/415 on writes, 409 with idempotency', () => {
    const missing: string[] = [];
    let count = 0;
    for (const [method, path, operation] of operations(doc)) {
      count++;
      const declared = Object.keys(operation.responses ?? {});
      for (const status of expectedStatuses(method, path, operation)) {
        if (!declared.includes(status)) missing.push(`${method} ${path}: ${status}`);
      }
    }
    expect(count).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('describes every problem status as application/problem+json of the Problem component', () => {
    const wrong: string[] = [];
    for (const [method, path, operation] of operations(doc)) {
      for (const [status, response] of Object.entries((operation.responses ?? {}) as SchemaNode)) {
        // /health/ready answers 503 with its own readiness body, not a problem.
        if (Number(status) < 400 || status === '503') continue;
        const schema = response.content?.['application/problem+json']?.schema;
        if (schema?.$ref !== '#/components/schemas/Problem') wrong.push(`${method} ${path}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(doc.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'correlation_id']),
    );
  });

  it('keeps the description a route gives a status itself', () => {
    const ready = doc.paths['/health/ready'].get.responses['503'];
    expect(ready.description).not.toMatch(/INTERNAL_ERROR|cross-site/);
    const receipt = doc.paths['/ingest/transactions'].post.responses['202'];
    expect(receipt.content['application/json'].schema.required).toContain('job_id');
  });

  it('declares the ingest idempotency conflict and the cross-site refusal on the ingest routes', () => {
    const responses = doc.paths['/ingest/transactions'].post.responses;
    expect(Object.keys(responses)).toEqual(expect.arrayContaining(['403', '409', '413', '415', '422']));
    expect(doc.paths['/health/live'].get.responses['404']).toBeUndefined();
  });

  it('refuses an unknown top-level field in every JSON body with 422 naming it', async () => {
    const answers: string[] = [];
    for (const [method, path, operation] of operations(doc)) {
      if (!operation.requestBody?.content?.['application/json']) continue;
      // The single transaction is a record at top level: unknown record fields are ignored, as in every list.
      // So is seed 004's POST /portfolios, one portfolio record validated as /ingest/portfolios validates it.
      if (path === '/ingest/transaction' || path === '/portfolios') continue;
      const url = path.replaceAll(/\{[a-z_]+\}/g, 'P1');
      const res = await h.app.inject({ method, url, payload: { zzz_unknown: 1 } });
      const fields = ((res.json().errors ?? []) as SchemaNode[]).map((e) => e.field);
      answers.push(`${method} ${path}: ${res.statusCode} ${fields.includes('zzz_unknown')}`);
    }
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((a) => !a.endsWith(': 422 true'))).toEqual([]);
  });
});
