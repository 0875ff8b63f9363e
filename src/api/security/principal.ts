import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../app/api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key that authenticated the request; undefined when auth is off or the route is open. */
    principal: Principal | undefined;
  }
}

/** The portfolios the caller may see and write; undefined: every portfolio. */
export const portfolioLimitOf = (request: FastifyRequest): ReadonlySet<string> | undefined =>
  request.principal?.portfolios ?? undefined;

/** A key limited to portfolios sees only the jobs it submitted: its key id; undefined: every job. */
export const ownJobsOnlyOf = (request: FastifyRequest): string | undefined =>
  request.principal?.portfolios ? request.principal.keyId : undefined;

/** For store queries: the portfolio ids to restrict a list to, or undefined for no restriction. */
export const portfolioIdsOf = (request: FastifyRequest): string[] | undefined => {
  const limit = portfolioLimitOf(request);
  return limit ? [...limit] : undefined;
};
