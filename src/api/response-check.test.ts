import Fastify from 'fastify';
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { closedSchema, registerResponseCheck } from './response-check.ts';
import { mapOf, nullable } from './schemas/common.schemas.ts';

const answer = Type.Object({
  id: Type.String(),
  items: Type.Array(Type.Object({ name: Type.String(), weight: nullable(Type.Number()) })),
  reasons: mapOf(Type.String()),
});

/** A route whose handler answers `body`, declared with the schema above. */
async function appAnswering(body: unknown, check: boolean) {
  const app = Fastify();
  if (check) registerResponseCheck(app);
  app.get('/x', { schema: { response: { 200: answer } } }, async () => body);
  await app.ready();
  return app;
}

describe('response check', () => {
  it('passes an answer that matches its schema, maps and nulls included', async () => {
    const body = { id: 'a', items: [{ name: 'n', weight: null }], reasons: { weight: 'no price' } };
    const app = await appAnswering(body, true);
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(body);
  });

  it('without it, a field the schema lacks silently vanishes (what the check exists for)', async () => {
    const body = { id: 'a', items: [{ name: 'n', weight: 1, extra: true }], reasons: {} };
    const app = await appAnswering(body, false);
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toEqual({ name: 'n', weight: 1 });
  });

  it('with it, the same answer fails and names the field', async () => {
    const body = { id: 'a', items: [{ name: 'n', weight: 1, extra: true }], reasons: {} };
    const app = await appAnswering(body, true);
    const res = await app.inject({ method: 'GET', url: '/x' });
    expect(res.statusCode).toBe(500);
    expect(res.json().message).toMatch(/\/items\/0 must NOT have additional properties .*"extra"/);
  });

  it('fails a missing required field and a wrong type too', async () => {
    const app = await appAnswering({ id: 1, items: [], reasons: {} }, true);
    expect((await app.inject({ method: 'GET', url: '/x' })).json().message).toMatch(/\/id must be string/);
    const missing = await appAnswering({ id: 'a', reasons: {} }, true);
    expect((await missing.inject({ method: 'GET', url: '/x' })).json().message).toMatch(/items/);
  });

  it('closes objects that list their properties, and leaves maps and open objects as they are', () => {
    expect(
      closedSchema({
        type: 'object',
        properties: { properties: { type: 'object', properties: {} }, m: { additionalProperties: true } },
      }),
    ).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        properties: { type: 'object', properties: {}, additionalProperties: false },
        m: { additionalProperties: true },
      },
    });
  });
});
