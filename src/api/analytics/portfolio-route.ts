import type { FastifyInstance, FastifyRequest, FastifySchema } from 'fastify';
import type { System } from '../../app/system.ts';
import { cachedAnswer } from '../cached-answer.ts';
import { OPTIONAL_BODY } from '../optional-body.ts';

type Db = System['db'];

/** The path parameters of every per-portfolio route: /portfolios/:portfolio_id/… */
export type PortfolioParams = { Params: { portfolio_id: string } };

/**
 * POST /portfolios/:portfolio_id/<path>, answered by one service of (database, portfolio id, body), through the
 * answer cache (cached-answer.ts: an answer is served again while the data it was computed from is unchanged).
 * With `optionalBody` every field of the body is optional: a POST without a body is the default report, not a 422.
 */
export function portfolioPost<Body>(
  app: FastifyInstance,
  system: System,
  path: string,
  schema: FastifySchema,
  service: (db: Db, portfolioId: string, body: Body) => Promise<unknown>,
  options: { optionalBody?: boolean } = {},
) {
  type Request = FastifyRequest<PortfolioParams & { Body: Body }>;
  const url = `/portfolios/:portfolio_id/${path}`;
  const { handler, onSend } = cachedAnswer(
    system,
    `POST ${url}`,
    (request: Request) => request.params.portfolio_id,
    (request: Request) =>
      service(system.db, request.params.portfolio_id, (request.body as Body | undefined) ?? ({} as Body)),
  );
  app.post<PortfolioParams & { Body: Body }>(
    url,
    {
      onSend,
      schema: options.optionalBody ? ({ ...schema, [OPTIONAL_BODY]: true } as FastifySchema) : schema,
      ...(options.optionalBody && {
        // No body at all is the default request; a JSON `null` body is not an object and is refused.
        preValidation: async (request) => {
          if (request.body === undefined) request.body = {} as Body;
        },
      }),
    },
    handler,
  );
}
