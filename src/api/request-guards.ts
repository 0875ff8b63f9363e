import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../app/config.ts';
import { AppError, badRequest, validationFailed } from '../domain/errors.ts';
import { sendProblem } from './errors.ts';
import { badCharacter, readJsonBody } from './json-body.ts';
import { JsonBodyThread, THREADED_JSON_MIN_BYTES } from './json-body-thread.ts';

/**
 * What every request must satisfy before a route sees it: not a cross-site write, a body in JSON (UTF-8, no
 * content-encoding) nested at most MAX_JSON_DEPTH deep, no NUL or lone surrogate in any string, well-formed
 * UTF-8 in the query string. And a known path asked with another method is a 405, not a 404.
 */

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * A browser says where a request comes from in Origin (and Sec-Fetch-Site). A write from another site is what a
 * page on the web sends to a server on the visitor's machine; it is refused unless its origin is configured.
 * No Origin at all is a client that is not a browser page (curl, the CLI) and passes.
 */
function refuseCrossSiteWrite(request: FastifyRequest, allowed: ReadonlySet<string>) {
  if (!WRITE_METHODS.has(request.method)) return;
  const origin = header(request, 'origin')?.toLowerCase();
  if (origin !== undefined) {
    if (allowed.has(origin) || origin === `${request.protocol}://${request.host}`.toLowerCase()) return;
  } else if (header(request, 'sec-fetch-site') !== 'cross-site') return;
  throw new AppError(
    'CROSS_SITE_REQUEST',
    `a ${request.method} from ${origin ?? 'another site'} is refused: state-changing requests are accepted from ` +
      'the same origin, from clients that send no Origin, and from origins listed in PAS_CORS_ORIGINS',
  );
}

/** Preflight and response headers for an origin listed in PAS_CORS_ORIGINS; nothing for any other. */
function answerCors(request: FastifyRequest, reply: FastifyReply, allowed: ReadonlySet<string>): boolean {
  const origin = header(request, 'origin')?.toLowerCase();
  if (origin === undefined || !allowed.has(origin)) return false;
  reply
    .header('access-control-allow-origin', origin)
    .header('vary', 'Origin')
    .header('access-control-expose-headers', 'retry-after, x-correlation-id');
  if (request.method !== 'OPTIONS' || !header(request, 'access-control-request-method')) return false;
  reply
    .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
    .header(
      'access-control-allow-headers',
      'content-type, x-idempotency-key, x-correlation-id, authorization, x-api-key',
    )
    .header('access-control-max-age', '600')
    .status(204)
    .send();
  return true;
}

/** Percent-escapes that decode to something other than UTF-8 are a client bug, not a value to look up. */
function checkQueryEncoding(url: string) {
  const at = url.indexOf('?');
  if (at < 0) return;
  for (const part of url.slice(at + 1).split('&')) {
    try {
      decodeURIComponent(part.replaceAll('+', ' '));
    } catch {
      throw badRequest(`the query string is not valid percent-encoded UTF-8 near "${part.slice(0, 40)}"`);
    }
  }
}

function checkRequestEncoding(request: FastifyRequest) {
  const encoding = header(request, 'content-encoding')?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Content-Encoding "${encoding}" is not accepted; send the body uncompressed`,
    );
  }
}

/** Query strings and path parameters: flat strings (or lists of them) named by their parameter. */
function checkParameters(values: unknown) {
  if (values === null || typeof values !== 'object') return;
  for (const [name, value] of Object.entries(values)) {
    for (const text of Array.isArray(value) ? value : [value]) {
      const problem = typeof text === 'string' ? badCharacter(`${name}${text}`) : undefined;
      if (problem)
        throw validationFailed('invalid request parameter', [{ index: 0, field: name, message: problem }]);
    }
  }
}

/**
 * Ajv coerces '1e400' to Infinity and then lets it past `maximum` (a quirk of its coercion), so a number that
 * came out of a query string is checked once more once validated.
 */
function checkCoercedNumbers(query: unknown) {
  if (query === null || typeof query !== 'object') return;
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw validationFailed('invalid request querystring', [
        { index: 0, field: name, message: 'must be a finite number within the documented maximum' },
      ]);
    }
  }
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * Each request's JSON body as it arrived, for the answer cache's key (cached-answer.ts): its text, or for a body
 * read on the body thread `sha256:` and the digest of its bytes.
 */
const rawBodies = new WeakMap<FastifyRequest, string>();
export const rawJsonBodyOf = (request: FastifyRequest): string | undefined => rawBodies.get(request);

function checkCharset(request: FastifyRequest) {
  const charset = CHARSET.exec(header(request, 'content-type') ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `charset "${charset}" is not accepted; send JSON as UTF-8`);
  }
}

interface KnownRoute {
  pattern: RegExp;
  methods: Set<string>;
}

/** A route URL ('/portfolios/:portfolio_id', '/docs/*') as a pattern matching the paths it serves. */
const patternOf = (url: string): RegExp =>
  new RegExp(
    `^${url
      .split(/(:[A-Za-z0-9_]+|\*)/)
      .map((part) =>
        part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('')}$`,
  );

/**
 * Registers the guards and returns the not-found handler that tells a wrong method (405 with Allow) from an
 * unknown path (404). Call it before any route is added: it learns the routes as they are registered.
 */
export function registerRequestGuards(
  app: FastifyInstance,
  config: Pick<Config, 'corsOrigins'>,
): (request: FastifyRequest, reply: FastifyReply) => FastifyReply {
  const allowed = new Set(config.corsOrigins);
  const routes = new Map<string, KnownRoute>();
  app.addHook('onRoute', (route) => {
    const known = routes.get(route.url) ?? { pattern: patternOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) known.methods.add(method);
    routes.set(route.url, known);
  });

  app.addHook('onRequest', async (request, reply) => {
    if (answerCors(request, reply, allowed)) return reply;
    refuseCrossSiteWrite(request, allowed);
    checkQueryEncoding(request.url);
    checkRequestEncoding(request);
  });
  app.addHook('preValidation', async (request) => {
    checkParameters(request.params);
    checkParameters(request.query);
  });

  app.addHook('preHandler', async (request) => checkCoercedNumbers(request.query));

  app.removeContentTypeParser(['application/json', 'text/plain']);
  const bodyThread = new JsonBodyThread();
  app.addHook('onClose', () => bodyThread.close());
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    async (request: FastifyRequest, bytes: Buffer) => {
      checkCharset(request);
      if (bytes.length >= THREADED_JSON_MIN_BYTES) {
        const { value, digest } = await bodyThread.read(bytes);
        // The answer cache keys on the body: a digest stands for a text this long.
        rawBodies.set(request, `sha256:${digest}`);
        return value;
      }
      const { text, value } = readJsonBody(bytes);
      rawBodies.set(request, text);
      return value;
    },
  );

  const answerUnknownRoute = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const path = request.url.split('?')[0] ?? '';
    const methods = new Set<string>();
    for (const route of routes.values())
      if (route.pattern.test(path)) for (const m of route.methods) methods.add(m);
    if (methods.size > 0) {
      const allow = [...methods].sort().join(', ');
      reply.header('allow', allow);
      return sendProblem(
        request,
        reply,
        405,
        'METHOD_NOT_ALLOWED',
        `${request.method} is not allowed on ${path}; allowed: ${allow}`,
      );
    }
    return sendProblem(request, reply, 404, 'NOT_FOUND', `no route ${request.method} ${request.url}`);
  };
  // Before the body is read: a method such as QUERY would otherwise fail on its missing content type (400).
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return answerUnknownRoute(request, reply);
  });
  return answerUnknownRoute;
}
