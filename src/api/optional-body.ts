/**
 * A route whose every body field has a default takes a POST without a body as the default request. Fastify's
 * OpenAPI generator marks every declared body required, so such a route says so in its schema with this key,
 * and the document is corrected once built (requestBody.required: false).
 */
export const OPTIONAL_BODY = 'x-optional-body';

type Operation = { requestBody?: { required?: boolean }; [OPTIONAL_BODY]?: boolean };

export function markOptionalBodies<T extends { paths?: object }>(document: T): T {
  for (const methods of Object.values(document.paths ?? {}) as object[]) {
    for (const candidate of Object.values(methods ?? {}) as unknown[]) {
      const operation = candidate as Operation;
      if (typeof operation !== 'object' || operation === null || !operation[OPTIONAL_BODY]) continue;
      delete operation[OPTIONAL_BODY];
      if (operation.requestBody) operation.requestBody.required = false;
    }
  }
  return document;
}
