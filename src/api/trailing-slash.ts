import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';

/**
 * GET of a list route, answered from its query string by one service. The original system served its list
 * routes with a trailing slash (`/portfolios/`); its clients keep working when both spellings answer. The
 * slash variant is hidden from OpenAPI so each route is listed once.
 */
export function getList<Query>(
  app: FastifyInstance,
  url: string,
  schema: FastifySchema,
  answer: (query: Query, request: FastifyRequest) => Promise<unknown>,
) {
  for (const [path, hide] of [
    [url, false],
    [`${url}/`, true],
  ] as const) {
    app.get<{ Querystring: Query }>(path, { schema: { ...schema, hide } }, async (request) =>
      answer(request.query as Query, request),
    );
  }
}
