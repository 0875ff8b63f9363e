import type { Paths } from './openapi.gen.ts';

/**
 * The dashboard's only way to the server: typed by the committed OpenAPI document (openapi.gen.ts), so a
 * path, parameter, body or field the API does not have is a compile error. Problems (application/problem+json)
 * become ApiError with the server's detail and per-record errors, shown on the page, never swallowed.
 */

type Method = 'get' | 'post';
type PathsWith<M extends Method> = { [P in keyof Paths]: M extends keyof Paths[P] ? P : never }[keyof Paths];
type Op<P extends keyof Paths, M extends Method> = M extends keyof Paths[P] ? Paths[P][M] : never;
type Field<O, K extends string> = O extends Record<K, infer T> ? T : never;

export type Response<P extends keyof Paths, M extends Method = 'get'> = Field<Op<P, M>, 'response'>;
export type Body<P extends keyof Paths> = Field<Op<P, 'post'>, 'body'>;

export interface ProblemError {
  index: number;
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly errors: ProblemError[];
  constructor(status: number, message: string, code?: string, errors: ProblemError[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

type Params = Record<string, string | number | boolean | undefined>;

function url(template: string, path: Params | undefined, query: Params | undefined): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(String(path?.[name])),
  );
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

/** With PAS_AUTH=required the API wants a key; the dashboard keeps the one typed in for this tab only. */
const KEY = 'pas-api-key';
export const apiKey = {
  get: () => sessionStorage.getItem(KEY),
  set: (key: string) => (key ? sessionStorage.setItem(KEY, key) : sessionStorage.removeItem(KEY)),
};

async function send<T>(target: string, init: RequestInit, signal?: AbortSignal): Promise<T> {
  const key = apiKey.get();
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  const response = await fetch(target, { ...init, headers, signal: signal ?? null });
  const type = response.headers.get('content-type') ?? '';
  const payload: unknown = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const problem = (typeof payload === 'object' && payload !== null ? payload : {}) as {
      detail?: string;
      title?: string;
      code?: string;
      errors?: ProblemError[];
    };
    throw new ApiError(
      response.status,
      problem.detail ?? problem.title ?? `HTTP ${response.status}`,
      problem.code,
      problem.errors ?? [],
    );
  }
  return payload as T;
}

export function get<P extends PathsWith<'get'>>(
  path: P,
  params: { path?: Field<Op<P, 'get'>, 'path'>; query?: Field<Op<P, 'get'>, 'query'> } = {},
  signal?: AbortSignal,
): Promise<Response<P>> {
  return send(url(path, params.path as Params, params.query as Params), { method: 'GET' }, signal);
}

export function post<P extends PathsWith<'post'>>(
  path: P,
  params: { path?: Field<Op<P, 'post'>, 'path'>; body: Body<P> },
  signal?: AbortSignal,
): Promise<Response<P, 'post'>> {
  return send(
    url(path, params.path as Params, undefined),
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params.body) },
    signal,
  );
}

/** The multipart upload routes (CSV preview and commit): the form is the body. */
export function upload<P extends '/ingest/uploads/preview' | '/ingest/uploads/commit'>(
  path: P,
  form: FormData,
): Promise<Response<P, 'post'>> {
  return send(path, { method: 'POST', body: form });
}
