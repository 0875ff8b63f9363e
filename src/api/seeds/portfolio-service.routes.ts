import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { System } from '../../app/system.ts';
import { IngestService } from '../../engine/ingest-service.ts';
import { acceptAnyBody, requestMeta } from '../ingest-request.ts';
import { addSharedSchemas } from '../schemas/common.schemas.ts';
import {
  type CalculateBody,
  calculateSchema,
  composedAnswers,
  constituentsSchema,
  createPortfolioSchema,
  type PerformanceQuery,
  performanceQuerySchema,
} from '../schemas/portfolio-service.schemas.ts';
import { constituentsOf } from './constituents.service.ts';

type Params = { Params: { portfolio_id: string } };

/** The risk summary of POST /calculate: what needs no benchmark. */
const RISK_METRICS = ['VOLATILITY', 'DRAWDOWN', 'SHARPE', 'SORTINO', 'VAR'];

/** A problem answer of an inner request, forwarded with its status and body (problem+json). */
class Forwarded extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(`inner request answered ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** The headers of `names` that are present, as plain strings. */
function pick(headers: FastifyRequest['headers'], names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

/**
 * Seed 004's portfolio-service routes. `calculate` and the GET form of `performance` answer exactly what the
 * routes they compose answer, so they call those routes in process (`inject`) instead of keeping a second copy
 * of their logic: one definition per figure, whatever module the route's logic lives in.
 */
export function registerPortfolioServiceRoutes(
  app: FastifyInstance,
  system: System,
  { reads, writes }: { reads: boolean; writes: boolean },
) {
  addSharedSchemas(app, composedAnswers);

  const inner = async (request: FastifyRequest, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url,
      // The caller's credentials go with it: the inner route checks them as the outer one did.
      headers: {
        'x-correlation-id': String(request.id),
        ...pick(request.headers, ['authorization', 'x-api-key']),
      },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    if (res.statusCode !== 200) throw new Forwarded(res.statusCode, res.body);
    return res.json() as unknown;
  };
  const forwarding =
    <R extends FastifyRequest>(handle: (request: R) => Promise<unknown>) =>
    async (request: R, reply: FastifyReply) => {
      try {
        return await handle(request);
      } catch (error) {
        if (!(error instanceof Forwarded)) throw error;
        return reply.code(error.status).type('application/problem+json; charset=utf-8').send(error.body);
      }
    };
  const path = (request: FastifyRequest<Params>, tail: string) =>
    `/portfolios/${encodeURIComponent(request.params.portfolio_id)}/${tail}`;

  if (writes) {
    const service = new IngestService(system);
    app.post(
      '/portfolios',
      { schema: createPortfolioSchema, validatorCompiler: acceptAnyBody },
      async (request, reply) => {
        const receipt = await service.ingestOne(
          'portfolio',
          '/portfolios',
          request.body,
          requestMeta(request),
        );
        const id = (request.body as { portfolio_id?: unknown }).portfolio_id;
        if (typeof id === 'string') reply.header('location', `/portfolios/${encodeURIComponent(id)}`);
        return reply.status(201).send(receipt);
      },
    );
  }

  if (!reads) return;
  app.get<Params & { Querystring: { as_of_date?: string } }>(
    '/portfolios/:portfolio_id/constituents',
    { schema: constituentsSchema },
    async (request) => constituentsOf(system.db, request.params.portfolio_id, request.query.as_of_date),
  );

  app.get<Params & { Querystring: PerformanceQuery }>(
    '/portfolios/:portfolio_id/performance',
    { schema: performanceQuerySchema },
    forwarding(async (request) => {
      const q = request.query;
      const period = {
        type: q.period ?? 'YTD',
        ...(q.from === undefined ? {} : { from: q.from }),
        ...(q.to === undefined ? {} : { to: q.to }),
        ...(q.year === undefined ? {} : { year: q.year }),
        ...(q.breakdown === undefined ? {} : { breakdown: q.breakdown }),
      };
      return inner(request, 'POST', path(request, 'performance'), {
        scope: {
          ...(q.as_of_date === undefined ? {} : { as_of_date: q.as_of_date }),
          ...(q.net_or_gross === undefined ? {} : { net_or_gross: q.net_or_gross }),
        },
        periods: [period],
        options: { include_attributes: q.include_attributes ?? false },
      });
    }),
  );

  app.post<Params & { Body: CalculateBody }>(
    '/portfolios/:portfolio_id/calculate',
    { schema: calculateSchema },
    forwarding(async (request) => {
      const body = request.body;
      const scope = {
        ...(body.as_of_date === undefined ? {} : { as_of_date: body.as_of_date }),
        ...(body.net_or_gross === undefined ? {} : { net_or_gross: body.net_or_gross }),
      };
      const periods = [body.period ?? { type: 'YTD' }];
      const valuation = (await inner(
        request,
        'GET',
        path(request, `valuation${body.as_of_date === undefined ? '' : `?as_of_date=${body.as_of_date}`}`),
      )) as { as_of_date: string | null };
      const [performance, risk] = await Promise.all([
        inner(request, 'POST', path(request, 'performance'), { scope, periods }),
        inner(request, 'POST', path(request, 'risk'), { scope, periods, metrics: RISK_METRICS }),
      ]);
      return {
        portfolio_id: request.params.portfolio_id,
        as_of_date: valuation.as_of_date,
        valuation,
        performance,
        risk,
      };
    }),
  );
}
