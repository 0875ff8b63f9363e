/**
 * A small typed HTTP client for the ingest API and job waiting, over the built-in fetch. The CLI's `ingest`
 * and `demo` commands use it, so the demo goes through exactly the path any other client takes.
 */

/** The `pas ingest --type` names, their endpoints and the list each body holds. */
export const INGEST_ENTITIES = {
  portfolios: { path: '/ingest/portfolios', list: 'portfolios' },
  instruments: { path: '/ingest/instruments', list: 'instruments' },
  transactions: { path: '/ingest/transactions', list: 'transactions' },
  'market-prices': { path: '/ingest/market-prices', list: 'market_prices' },
  'fx-rates': { path: '/ingest/fx-rates', list: 'fx_rates' },
  'business-dates': { path: '/ingest/business-dates', list: 'business_dates' },
  benchmarks: { path: '/ingest/benchmarks', list: 'benchmarks' },
  'benchmark-levels': { path: '/ingest/benchmarks', list: 'benchmark_levels' },
  'benchmark-compositions': { path: '/ingest/benchmarks', list: 'benchmark_compositions' },
  'portfolio-bundle': { path: '/ingest/portfolio-bundle', list: undefined },
} as const;
export type IngestEntity = keyof typeof INGEST_ENTITIES;
export const INGEST_ENTITY_NAMES = Object.keys(INGEST_ENTITIES) as IngestEntity[];

export const isIngestEntity = (name: string): name is IngestEntity => Object.hasOwn(INGEST_ENTITIES, name);

/** 202 body of every ingest endpoint. */
export interface IngestReceipt {
  message: string;
  entity_type: string;
  accepted_count: number;
  job_id: string;
  correlation_id: string;
  [extra: string]: unknown;
}

export type JobStatus = 'accepted' | 'complete' | 'complete_with_problems' | 'failed';

export interface JobState {
  job_id: string;
  status: JobStatus;
  entity_type: string;
  accepted_count: number;
  submitted_at?: string;
  completed_at?: string | null;
  failure_reason?: string | null;
  problems?: Array<{ portfolio_id: string | null; security_id: string | null; reason: string }>;
  [extra: string]: unknown;
}

export interface ProblemFieldError {
  index: number;
  field: string;
  message: string;
}

/** An application/problem+json answer (or any non-2xx answer, in that shape as far as it goes). */
export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  code?: string;
  correlation_id?: string;
  errors?: ProblemFieldError[];
  [extra: string]: unknown;
}

/** A non-2xx answer from the server. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem, what: string) {
    super(
      `${what}: HTTP ${status}${problem.title ? ` ${problem.title}` : ''}${problem.detail ? `: ${problem.detail}` : ''}`,
    );
    this.status = status;
    this.problem = problem;
  }
}

/** The server could not be reached at all (nothing listening, DNS, reset before an answer). */
export class ConnectionError extends Error {
  readonly url: string;
  constructor(url: string, cause: unknown) {
    const reason =
      cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
    super(`cannot reach the pas API at ${url} (${reason}); is \`pas start\` running there?`);
    this.url = url;
  }
}

/** Problem lines for people: the detail, then one line per field error, `[index] field: message`. */
export function formatProblem(error: ApiError): string[] {
  const lines = [error.message];
  for (const e of error.problem.errors ?? []) lines.push(`  [${e.index}] ${e.field}: ${e.message}`);
  if (error.problem.correlation_id) lines.push(`  correlation id: ${error.problem.correlation_id}`);
  return lines;
}

export interface ClientOptions {
  /** Extra headers on every request (e.g. X-Correlation-ID). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

async function problemOf(response: Response): Promise<Problem> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object') return { status: response.status, ...(body as object) } as Problem;
  } catch {
    // not JSON
  }
  return { status: response.status, detail: text.slice(0, 500) || response.statusText };
}

export class PasClient {
  readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly fetchFn: typeof fetch;

  constructor(baseUrl: string, options: ClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.headers = options.headers ?? {};
    this.fetchFn = options.fetch ?? fetch;
  }

  private async request<T>(method: string, path: string, what: string, init: RequestInit = {}): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await this.fetchFn(url, {
        ...init,
        method,
        headers: { accept: 'application/json', ...this.headers, ...(init.headers as Record<string, string>) },
      });
    } catch (error) {
      throw new ConnectionError(this.baseUrl, error);
    }
    if (!response.ok) throw new ApiError(response.status, await problemOf(response), what);
    return (await response.json()) as T;
  }

  /** POSTs a JSON body to an ingest endpoint; resolves with the 202 receipt. */
  ingestJson(entity: IngestEntity, body: unknown, idempotencyKey?: string): Promise<IngestReceipt> {
    const { path } = INGEST_ENTITIES[entity];
    return this.request<IngestReceipt>('POST', path, `POST ${path}`, {
      body: JSON.stringify(body),
      headers: {
        'content-type': 'application/json',
        ...(idempotencyKey ? { 'x-idempotency-key': idempotencyKey } : {}),
      },
    });
  }

  /** POSTs a list of records wrapped as the endpoint expects: `{<list>: records}`. */
  ingestRecords(entity: Exclude<IngestEntity, 'portfolio-bundle'>, records: readonly unknown[]) {
    return this.ingestJson(entity, { [INGEST_ENTITIES[entity].list]: records });
  }

  /** Sends a CSV file through POST /ingest/uploads/commit (multipart: entity_type and file). */
  uploadCsv(entity: Exclude<IngestEntity, 'portfolio-bundle'>, fileName: string, csv: string | Uint8Array) {
    const form = new FormData();
    form.set('entity_type', INGEST_ENTITIES[entity].list);
    const blob = new Blob([typeof csv === 'string' ? csv : new Uint8Array(csv)], { type: 'text/csv' });
    form.set('file', blob, fileName);
    return this.request<IngestReceipt>('POST', '/ingest/uploads/commit', 'POST /ingest/uploads/commit', {
      body: form,
    });
  }

  /** GET /ingestion/jobs/{id}, holding the request up to `waitSeconds` (0–300) until the job completes. */
  job(jobId: string, waitSeconds = 0): Promise<JobState> {
    const wait = Math.max(0, Math.min(300, Math.ceil(waitSeconds)));
    const path = `/ingestion/jobs/${encodeURIComponent(jobId)}${wait > 0 ? `?wait=${wait}` : ''}`;
    return this.request<JobState>('GET', path, `GET /ingestion/jobs/${jobId}`);
  }

  /**
   * Waits until the job is no longer 'accepted' (complete or failed), long-polling in slices of at most 60 s;
   * throws after `timeoutMs`.
   */
  async waitForJob(jobId: string, timeoutMs = 600_000): Promise<JobState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      const state = await this.job(jobId, Math.max(1, Math.min(60, Math.ceil(left / 1000))));
      if (state.status !== 'accepted') return state;
      if (Date.now() >= deadline) {
        throw new Error(`job ${jobId} is still ${state.status} after ${Math.round(timeoutMs / 1000)} s`);
      }
    }
  }

  /** GET a JSON resource (fact queries). */
  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path, `GET ${path}`);
  }
}
