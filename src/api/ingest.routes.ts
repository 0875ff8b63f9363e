import type { FastifyInstance, FastifySchema } from 'fastify';
import type { System } from '../app/system.ts';
import {
  bundleBodySchema,
  type JsonSchema,
  listBodySchema,
  listsBodySchema,
  recordSchema,
  reprocessBodySchema,
} from '../domain/records/json-schema.ts';
import { BENCHMARK_ORDER, SPECS, specOf } from '../domain/records/specs.ts';
import type { EntityType } from '../domain/records/types.ts';
import { IngestService, type RequestMeta } from '../engine/ingest-service.ts';
import { acceptAnyBody, requestMeta } from './ingest-request.ts';
import { IDEMPOTENCY_HEADERS, RECEIPT_SCHEMA } from './schemas/ingest.schemas.ts';

const ERRORS_NOTE =
  'Invalid input: 422 application/problem+json listing every bad record and field (errors[{index, field, ' +
  'message}]) and nothing is written. More than PAS_MAX_BATCH_RECORDS records or PAS_MAX_BODY_BYTES bytes: 413.';

function routeSchema(summary: string, description: string, body: JsonSchema): FastifySchema {
  return {
    tags: ['ingest'],
    summary,
    description: `${description}\n\n${ERRORS_NOTE}`,
    body,
    headers: IDEMPOTENCY_HEADERS,
    response: { 202: RECEIPT_SCHEMA },
  };
}

const LIST_ROUTES: ReadonlyArray<[path: string, entity: EntityType]> = [
  ['/ingest/portfolios', 'portfolio'],
  ['/ingest/instruments', 'instrument'],
  ['/ingest/transactions', 'transaction'],
  ['/ingest/market-prices', 'market_price'],
  ['/ingest/fx-rates', 'fx_rate'],
  ['/ingest/business-dates', 'business_date'],
];

/**
 * The original's ingest endpoints (seed-system.md §4). Bodies are described in the OpenAPI document but not
 * validated by Fastify (acceptAnyBody): our validator reports every bad record and field at once.
 */
export function registerIngestRoutes(app: FastifyInstance, system: System): void {
  const service = new IngestService(system);
  const post = (
    path: string,
    schema: FastifySchema,
    handle: (body: unknown, meta: RequestMeta) => Promise<unknown>,
  ) =>
    app.post(path, { schema, validatorCompiler: acceptAnyBody }, async (request, reply) => {
      const receipt = await handle(request.body, requestMeta(request));
      return reply.status(202).send(receipt);
    });

  for (const [path, entity] of LIST_ROUTES) {
    const { list } = SPECS[entity];
    post(
      path,
      routeSchema(
        `Ingest ${list.replace('_', ' ')}`,
        `Body {"${list}": [...]}. Accepted records go on the log as one job; 202 once durable.` +
          (entity === 'business_date'
            ? ' The list must not be empty; dates after today (UTC) + PAS_BUSINESS_DATE_MAX_FUTURE_DAYS are refused.'
            : ''),
        listBodySchema(specOf(entity)),
      ),
      (body, meta) => service.ingestList(entity, path, body, meta),
    );
  }

  post(
    '/ingest/transaction',
    routeSchema(
      'Ingest one transaction',
      'The body is a single transaction. Returns a job id like the batch endpoints.',
      recordSchema(SPECS.transaction),
    ),
    (body, meta) => service.ingestOne('transaction', '/ingest/transaction', body, meta),
  );

  post(
    '/ingest/portfolio-bundle',
    routeSchema(
      'Ingest a portfolio bundle',
      'Business dates, portfolios, instruments, transactions, market prices and FX rates in one job, published ' +
        'in that order. mode REPLACE is accepted and behaves as UPSERT (nothing is deleted). Error fields are ' +
        'prefixed with the list name (transactions.quantity) and indexed within that list.',
      bundleBodySchema(),
    ),
    (body, meta) => service.ingestBundle('/ingest/portfolio-bundle', body, meta),
  );

  post(
    '/ingest/benchmarks',
    routeSchema(
      'Ingest benchmarks',
      'Benchmark definitions, daily index levels or daily returns, and composition weights, in one job; every ' +
        'list is optional, at least one must be non-empty. Published in that order. Returns and weights are ' +
        'decimals (0.01 = 1 %). A benchmark with levels has its daily returns derived from them ' +
        '(GET /benchmarks/{benchmark_id}/returns); one with only returns is served those. Compositions weigh ' +
        'securities (dimension security) or values of an instrument attribute (dimension sector, …) from ' +
        'composition_date on. Error fields are prefixed with the list name (benchmark_levels.level) and ' +
        'indexed within that list.',
      listsBodySchema(
        BENCHMARK_ORDER,
        'Benchmark facts. Each list is optional; at least one must be non-empty.',
      ),
    ),
    (body, meta) => service.ingestLists(BENCHMARK_ORDER, 'benchmarks', '/ingest/benchmarks', body, meta),
  );

  post(
    '/reprocess/transactions',
    routeSchema(
      'Request reprocessing of transactions',
      'Rebuilds the derived state of each transaction’s (portfolio, security) key. Unknown ids are refused (422).',
      reprocessBodySchema(),
    ),
    (body, meta) => service.reprocess('/reprocess/transactions', body, meta),
  );
}
