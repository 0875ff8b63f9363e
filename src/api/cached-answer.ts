import type { FastifyReply, FastifyRequest, onSendAsyncHookHandler } from 'fastify';
import type { System } from '../app/system.ts';
import { canonicalJson } from '../domain/canonical.ts';

/** The entry a request will fill once its answer is serialized: set on a miss, read by the onSend hook. */
const pending = new WeakMap<FastifyRequest, { key: string; versions: string }>();

/**
 * A portfolio-scoped query route's handler and onSend hook around its computation, with the answer cache of
 * src/app/response-cache.ts. The key is the route, the path parameters (the portfolio among them), the query
 * string and the body, each as validated (schema defaults filled in) and in canonical JSON, so equal requests
 * meet whatever their key order; the portfolio's and the market's data versions are compared on top.
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
      const versions = await cache.versionsOf(portfolioOf(request));
      if (versions === null) return compute(request);
      const key = `${route} ${canonicalJson({ params: request.params, query: request.query, body: request.body })}`;
      const hit = cache.get(route, key, versions);
      if (hit !== undefined) {
        // A string with a JSON content type is sent as it is: the JSON text sent the first time, byte for byte.
        reply.type('application/json; charset=utf-8');
        return hit;
      }
      pending.set(request, { key, versions });
      return compute(request);
    },
    async onSend(request, reply, payload) {
      const entry = pending.get(request);
      if (entry === undefined) return payload;
      pending.delete(request);
      if (reply.statusCode === 200 && typeof payload === 'string')
        cache.set(entry.key, entry.versions, payload);
      return payload;
    },
  };
}
