import type { FastifyReply, FastifyRequest, onSendAsyncHookHandler } from 'fastify';
import type { System } from '../app/system.ts';
import type { FeedMark } from '../store/version-feed.ts';
import { rawJsonBodyOf } from './request-guards.ts';

/** The entry a request will fill once its answer is serialized: set on a miss, read by the onSend hook. */
const pending = new WeakMap<
  FastifyRequest,
  { key: string; versions: string; mark: FeedMark | null; finish: (answer: Buffer | undefined) => void }
>();

/** `Cache-Control: no-cache` (RFC 9111 §5.2.1.4): the client wants the answer checked against the data first. */
const wantsRevalidation = (request: FastifyRequest): boolean =>
  /(^|,)\s*no-cache\s*(,|$)/i.test(String(request.headers['cache-control'] ?? ''));

/**
 * A portfolio-scoped query route's handler and onSend hook around its computation, with the answer cache of
 * src/app/response-cache.ts. The key is the route, the URL as sent (path, the portfolio among it, and query
 * string) and the JSON body as sent: the same bytes are the same request once validated. (Equal requests
 * written differently, keys in another order, get entries of their own; a canonical form of the validated
 * request cost a query process ~4 % of its CPU on every hit.) The portfolio's and the market's data versions
 * are compared on top.
 *
 * Not in the key, on purpose:
 * - the caller: keys and scopes decide (in the preParsing hook, security/auth.ts) whether the handler runs at
 *   all, never what it answers; a key limited to other portfolios gets its 404 before reaching the cache;
 * - "today": no answer reads the clock. A default as-of date is the latest GLOBAL business date, or with none the
 *   latest fact date (store/calendar.ts); both are data, versioned like the rest (migration 0015).
 *
 * Only a 200 answer is kept. An error may come from what the versions do not cover (a timeout, an overloaded
 * database, a limit): keeping it would hide the recovery. An incomplete answer (a day without a price, a BLOCKED
 * key, a series the stages have not written yet) is kept: it is incomplete because of data, and the write that
 * completes it (the price, the unblocking, the series rows) bumps a version, so it is never served after that.
 */
export function cachedAnswer<Request extends FastifyRequest>(
  system: System,
  route: string,
  portfolioOf: (request: Request) => string,
  compute: (request: Request) => Promise<unknown>,
): {
  handler: (request: Request, reply: FastifyReply) => Promise<unknown>;
  onSend: onSendAsyncHookHandler<unknown>;
} {
  const cache = system.responseCache;
  return {
    async handler(request, reply) {
      // HEAD answers no body to keep; the cache off computes every time.
      if (!cache.enabled || (request.method !== 'GET' && request.method !== 'POST')) return compute(request);
      const portfolioId = portfolioOf(request);
      const key = `${route} ${request.url} ${rawJsonBodyOf(request) ?? ''}`;
      // Bytes with a JSON content type are sent as they are: the JSON text sent the first time, byte for byte.
      const send = (body: Buffer) => reply.type('application/json; charset=utf-8').send(body);
      const fresh = wantsRevalidation(request) ? undefined : cache.fresh(route, key, portfolioId);
      if (fresh !== undefined) return send(fresh);
      const mark = cache.mark();
      const versions = await cache.versionsOf(portfolioId);
      if (versions === null) return compute(request);
      const hit = cache.get(route, key, versions, mark);
      if (hit !== undefined) return send(hit);
      const shared = await cache.computing(key, versions);
      if (shared !== undefined) return send(shared);
      const finish = cache.startComputing(key, versions);
      // Whatever ends this request (an error, a timeout, a client gone) ends what others wait for.
      reply.raw.once('close', () => finish(undefined));
      pending.set(request, { key, versions, mark, finish });
      return compute(request);
    },
    async onSend(request, reply, payload) {
      const entry = pending.get(request);
      if (entry === undefined) return payload;
      pending.delete(request);
      entry.finish(
        reply.statusCode === 200 && typeof payload === 'string'
          ? cache.set(entry.key, entry.versions, entry.mark, payload)
          : undefined,
      );
      return payload;
    },
  };
}
