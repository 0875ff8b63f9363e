import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from './errors.ts';

/** A route with the server's Ajv options, so the field names below are the ones clients see. */
async function appWithSchema(): Promise<FastifyInstance> {
  const app = Fastify({
    ajv: { customOptions: { coerceTypes: true, allErrors: true, removeAdditional: false } },
  });
  app.setErrorHandler(errorHandler);
  const row = {
    type: 'object',
    required: ['date'],
    additionalProperties: false,
    properties: { date: { type: 'string', format: 'date' }, fees: { type: 'number', minimum: 0 } },
  };
  app.post(
    '/x',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { limit: { type: 'integer', minimum: 1 } },
        },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            rows: { type: 'array', items: row },
            benchmark: {
              type: 'object',
              properties: { by_date: { type: 'array', items: row } },
            },
            // Keys made of digits: an object, not an array, so they stay keys.
            by_key: { type: 'object', additionalProperties: { type: 'number' } },
            mode: { type: 'string', enum: ['a', 'b'] },
            'a/b': { type: 'number' },
          },
        },
      },
    },
    async () => ({ ok: true }),
  );
  await app.ready();
  return app;
}

describe('422 field names from schema errors', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appWithSchema();
  });
  afterAll(() => app.close());

  const errorsOf = async (payload: unknown, url = '/x') => {
    const res = await app.inject({ method: 'POST', url, payload: payload as object });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    // Ajv's order of errors is its own; sorted by field the expectations read in a stable order.
    return (res.json().errors as { field: string }[]).sort((a, b) => a.field.localeCompare(b.field));
  };

  it('names a body field as the domain does: no prefix, indices in brackets, index the record position', async () => {
    expect(await errorsOf({ rows: [{ date: '2024-01-02' }, { date: '2024-01-03', fees: -1 }] })).toEqual([
      { index: 1, field: 'rows[1].fees', message: 'must be >= 0' },
    ]);
    expect(await errorsOf({ benchmark: { by_date: [{ date: '2024-13-01' }] } })).toEqual([
      { index: 0, field: 'benchmark.by_date[0].date', message: 'must match format "date"' },
    ]);
  });

  it('a missing property names the property; an unknown one names itself', async () => {
    expect(await errorsOf({ rows: [{ date: '2024-01-02' }, {}, { fees: 1 }] })).toEqual([
      { index: 1, field: 'rows[1].date', message: 'is required' },
      { index: 2, field: 'rows[2].date', message: 'is required' },
    ]);
    expect(await errorsOf({ rows: [{ date: '2024-01-02', fee: 1 }], foo: 1 })).toEqual([
      { index: 0, field: 'foo', message: 'is not a known field' },
      { index: 0, field: 'rows[0].fee', message: 'is not a known field' },
    ]);
  });

  it('keeps digit keys of an object as keys, unescapes JSON-pointer segments and lists enum values', async () => {
    expect(await errorsOf({ by_key: { '0': 'x' } })).toEqual([
      { index: 0, field: 'by_key.0', message: 'must be number' },
    ]);
    expect(await errorsOf({ 'a/b': 'x', mode: 'c' })).toEqual([
      { index: 0, field: 'a/b', message: 'must be number' },
      { index: 0, field: 'mode', message: 'must be one of: a, b' },
    ]);
  });

  it('names the body itself when the whole body is wrong', async () => {
    expect(await errorsOf([1])).toEqual([{ index: 0, field: 'body', message: 'must be object' }]);
  });

  it('names a query-string parameter plainly', async () => {
    expect(await errorsOf({}, '/x?limit=0')).toEqual([{ index: 0, field: 'limit', message: 'must be >= 1' }]);
  });
});
