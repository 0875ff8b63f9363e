import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { readJsonBody } from '../../src/api/json-body.ts';
import { JsonBodyThread } from '../../src/api/json-body-thread.ts';
import { AppError } from '../../src/domain/errors.ts';

/** The body thread must give what the event loop's own reading gives: the same value, the same errors. */
describe('JsonBodyThread', () => {
  const thread = new JsonBodyThread();
  afterAll(() => thread.close());

  const bytes = (text: string) => new TextEncoder().encode(text);
  const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const records = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `R${i}`, qty: i * 0.5, tags: [i % 3, { deep: i % 7 }] }));

  it.each([
    [
      'an object with long and short arrays, keys in order',
      {
        z: 1,
        list: records(5_001),
        a: 'x',
        nums: Array.from({ length: 4_321 }, (_, i) => i / 7),
        short: [1, 2],
        nil: null,
      },
    ],
    ['an array as the body', records(6_543)],
    ['an array of exactly one slice', records(2_000)],
    ['a scalar', 'a string body'],
    ['an empty object', {}],
  ])('%s: the value JSON.parse gives, in order, and the SHA-256 of the bytes', async (_label, value) => {
    const text = JSON.stringify(value);
    const body = bytes(text);
    const read = await thread.read(body);
    expect(JSON.stringify(read.value)).toBe(text);
    expect(read.value).toEqual(JSON.parse(text));
    expect(read.digest).toBe(sha256(body));
  });

  const errorOf = async (run: () => unknown) => {
    try {
      await run();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      const e = error as AppError;
      return { code: e.code, message: e.message, errors: e.errors, extra: e.extra };
    }
    throw new Error('expected an error');
  };

  const good = JSON.stringify({ list: records(3_000) });
  const badUtf8 = bytes(good);
  badUtf8[100] = 0xff;
  it.each([
    ['truncated', bytes(good.slice(0, -7))],
    ['a stray comma', bytes(good.replace('"R2500",', '"R2500",,'))],
    ['a NUL in record 2,999', bytes(good.replace('"R2999"', '"R\\u0000"'))],
    ['a lone surrogate in a key', bytes(good.replace('"qty"', '"q\\ud800"'))],
    ['nested 40 deep', bytes(`{"list": [${'['.repeat(40)}${']'.repeat(40)}]}`)],
    ['a prototype key', bytes('{"list": [{"__proto__": {"x": 1}}]}')],
    ['invalid UTF-8', badUtf8],
  ])('%s: the error the event loop would give', async (_label, body) => {
    const inline = await errorOf(() => readJsonBody(body));
    expect(await errorOf(() => thread.read(body))).toEqual(inline);
  });

  it('reads concurrent bodies each whole, and goes on after an error and after close()', async () => {
    const a = JSON.stringify({ list: records(4_500) });
    const b = JSON.stringify({ other: records(7_000), list: records(10) });
    const [ra, rb, bad] = await Promise.allSettled([
      thread.read(bytes(a)),
      thread.read(bytes(b)),
      thread.read(bytes('{"x": [1,')),
    ]);
    expect(ra.status === 'fulfilled' && JSON.stringify(ra.value.value)).toBe(a);
    expect(rb.status === 'fulfilled' && JSON.stringify(rb.value.value)).toBe(b);
    expect(bad.status).toBe('rejected');
    await thread.close();
    expect(JSON.stringify((await thread.read(bytes(a))).value)).toBe(a);
  });
});
