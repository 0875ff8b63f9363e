import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/** A parsed JSON body, typed as JSON.parse types it: tests read it by shape and assert on it. */
export type Body = ReturnType<typeof JSON.parse>;
/** One object of a parsed body. */
export type Row = Record<string, Body>;

/** POSTs a JSON payload through inject, expecting `status` (200; the body is in the message), returning the body. */
export async function post(
  h: { app: FastifyInstance },
  url: string,
  payload: unknown,
  status = 200,
): Promise<Body> {
  const res = await h.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
  return res.json();
}

/** A function POSTing a JSON payload to `url` through inject, answering the response as it is. */
export const poster = (h: { app: FastifyInstance }, url: string) => (payload: unknown) =>
  h.app.inject({ method: 'POST', url, payload: payload as Record<string, unknown> });

/** A function POSTing a JSON payload to /portfolios/{id}/`operation` (portfolio P1 unless said) through inject. */
export const portfolioPoster =
  (h: { app: FastifyInstance }, operation: string) =>
  (payload: unknown, id = 'P1') =>
    h.app.inject({
      method: 'POST',
      url: `/portfolios/${id}/${operation}`,
      payload: payload as Record<string, unknown>,
    });

/** GETs `url` through inject, expecting a problem (application/problem+json) of `status`; returns its body. */
export async function getProblem(h: { app: FastifyInstance }, url: string, status: number): Promise<Body> {
  const res = await h.app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(status);
  expect(res.headers['content-type'], url).toMatch(/^application\/problem\+json/);
  return res.json();
}
