import { createHash } from 'node:crypto';
import { setImmediate as turn } from 'node:timers/promises';
import { canonicalJson } from '../domain/canonical.ts';
import { AppError, type FieldError, notFound, validationFailed } from '../domain/errors.ts';
import { readCsv } from '../domain/records/csv.ts';
import {
  countRecords,
  type Outcome,
  parseBundleBody,
  parseListBodyInSlices,
  parseListsBody,
  parseReprocessBody,
  parseSingleBody,
} from '../domain/records/requests.ts';
import {
  BUNDLE_ORDER,
  type EntityRecord,
  entityOfList,
  LIST_NAMES,
  specOf,
  type ValidationContext,
} from '../domain/records/specs.ts';
import type { EntityRecords, EntityType } from '../domain/records/types.ts';
import { validateBatch } from '../domain/records/validate.ts';
import type { OutgoingRecord, RecordHeaders, StagedRecords, StagedStream } from '../log/log.ts';
import { insertAuditEvent } from '../store/audit.ts';
import type { Db, Sql } from '../store/db.ts';
import { releaseOne } from '../store/quarantine.ts';
import { type JobLedger, type JobRow, newJobId } from './jobs.ts';
import { pacer } from './pacer.ts';
import { TOPICS } from './topics.ts';
import { refuseOutsidePortfolios, refuseTakenTransactionIds } from './write-scope.ts';

/**
 * The write side of ingestion: validated, normalised records go on the raw topics in one database
 * transaction together with their job, so a 202 means durable. Every ingest path (JSON endpoints, the bundle,
 * CSV uploads, reprocessing requests) ends in submit().
 */

export interface IngestDeps {
  db: Db;
  ledger: JobLedger;
  config: { maxBatchRecords: number; businessDateMaxFutureDays: number };
  metrics: { recordsIngested: { inc(labels: { entity_type: string }, value: number): void } };
  /** Where each write's audit line goes besides the audit table (the JSON log). */
  logger?: { info(fields: object, message: string): void };
}

export interface RequestMeta {
  correlationId: string;
  idempotencyKey?: string | undefined;
  /** The API key that sends the request (the audit's key_id); undefined when auth is off. */
  keyId?: string | undefined;
  /** The portfolios that key may write; undefined: every portfolio. */
  portfolios?: ReadonlySet<string> | undefined;
}

export interface Receipt {
  message: string;
  entity_type: string;
  accepted_count: number;
  job_id: string;
  correlation_id: string;
  idempotency_key?: string;
}

export interface UploadRowError {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row_number: number;
  field: string;
  message: string;
}

export interface UploadPreview {
  entity_type: string;
  file_format: 'csv';
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  sample_rows: EntityRecord[];
  errors: UploadRowError[];
  /** Header cells that name no field of the entity; their columns are ignored. */
  ignored_columns: string[];
}

export interface UploadReceipt extends Receipt {
  published_rows: number;
  skipped_rows: number;
  errors: UploadRowError[];
}

export const REPLAY_MESSAGE = 'Duplicate ingestion request accepted via idempotency replay.';

type Routing = { [E in EntityType]: { topic: string; key: (record: EntityRecords[E]) => string } };

/** The raw topic of each entity and its partition key: portfolio-owned data by portfolio (design §2.8). */
const ROUTING: Routing = {
  portfolio: { topic: TOPICS.rawPortfolios, key: (r) => r.portfolio_id },
  instrument: { topic: TOPICS.rawInstruments, key: (r) => r.security_id },
  transaction: { topic: TOPICS.rawTransactions, key: (r) => r.portfolio_id },
  market_price: { topic: TOPICS.rawMarketPrices, key: (r) => r.security_id },
  fx_rate: { topic: TOPICS.rawFxRates, key: (r) => `${r.from_currency}-${r.to_currency}` },
  business_date: { topic: TOPICS.rawBusinessDates, key: (r) => r.calendar_code },
  benchmark: { topic: TOPICS.rawBenchmarks, key: (r) => r.benchmark_id },
  benchmark_level: { topic: TOPICS.rawBenchmarkLevels, key: (r) => r.benchmark_id },
  benchmark_return: { topic: TOPICS.rawBenchmarkReturns, key: (r) => r.benchmark_id },
  benchmark_composition: { topic: TOPICS.rawBenchmarkCompositions, key: (r) => r.benchmark_id },
};

type Draft = Omit<OutgoingRecord, 'headers'>;

/** The list (and so the request field) each topic's records come from, for errors that name a record. */
const LIST_OF_TOPIC = new Map<string, string>([
  ...(Object.entries(ROUTING) as [EntityType, { topic: string }][]).map(
    ([entity, { topic }]) => [topic, specOf(entity).list] as [string, string],
  ),
  [TOPICS.reprocessRequests, 'transaction_ids'],
]);

/** What the audit table calls a submission. */
function auditActionOf(s: Pick<Submission, 'entityType' | 'endpoint' | 'quarantineId'>): string {
  if (s.entityType === 'reprocessing_request') return 'reprocess';
  if (s.quarantineId !== undefined) return 'quarantine_retry';
  if (s.endpoint.startsWith('/ingest/uploads/')) return 'upload';
  return 'ingest';
}

/** The headers of a job's records: the request's correlation id, the job, the quarantined record they retry. */
function headersOf(correlationId: string, jobId: string, quarantineId?: number): RecordHeaders {
  return {
    correlation_id: correlationId,
    job_ids: [jobId],
    ...(quarantineId !== undefined ? { quarantine_id: quarantineId } : {}),
  };
}

function drafts(entity: EntityType, records: readonly EntityRecord[]): Draft[] {
  const { topic, key } = ROUTING[entity] as { topic: string; key: (r: EntityRecord) => string };
  return records.map((value) => ({ topic, key: key(value), value }));
}

const PLURAL: Record<string, string> = {
  portfolio: 'portfolios',
  instrument: 'instruments',
  transaction: 'transactions',
  market_price: 'market prices',
  fx_rate: 'FX rates',
  business_date: 'business dates',
  benchmark: 'benchmarks',
  benchmark_level: 'benchmark levels',
  benchmark_return: 'benchmark returns',
  benchmark_composition: 'benchmark composition weights',
  benchmarks: 'benchmark records',
  portfolio_bundle: 'bundle records',
  reprocessing_request: 'reprocessing requests',
};

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

function unwrap<T>(outcome: Outcome<T>, what: string): T {
  if (outcome.ok) return outcome.value;
  throw validationFailed(
    `${what}: ${outcome.errors.length} problem(s); nothing was ingested`,
    outcome.errors,
  );
}

/**
 * Requests of at least this many records are staged when the log can (the embedded database): appending 50,000
 * records takes about a second, which one transaction would hold the single connection for.
 */
export const STAGED_APPEND_MIN = 4_000;

/**
 * contentHash({endpoint, entity_type, records}) — the same text hashed, canonical JSON with its keys in sorted
 * order — fed to the hash record by record, paced like the stages' in-memory work: a request of
 * 50,000 records is ~20 MB of JSON, too much to hash in one synchronous go while probes and queries wait.
 */
export async function requestHashOf(
  s: Pick<Submission, 'endpoint' | 'entityType' | 'records'>,
): Promise<string> {
  const hash = createHash('sha256');
  const pace = pacer();
  hash.update(
    `{"endpoint":${JSON.stringify(s.endpoint)},"entity_type":${JSON.stringify(s.entityType)},"records":[`,
  );
  for (let i = 0; i < s.records.length; i++) {
    if (i > 0) hash.update(',');
    hash.update(canonicalJson(s.records[i]));
    await pace();
  }
  return hash.update(']}').digest('hex');
}

interface Submission {
  endpoint: string;
  /** The job's entity type. */
  entityType: string;
  records: Draft[];
  /** Records per entity type, for the ingest metric. */
  counts: Record<string, number>;
  /** Runs in the transaction that creates the job (a quarantined record marked as going back on the log). */
  within?: (tx: Sql) => Promise<void>;
  /** The quarantined record the records retry (headers.quarantine_id). */
  quarantineId?: number;
  /** The job's id and its records, already staged under it (ingestList); submit publishes or discards them. */
  prepared?: { jobId: string; staged: StagedStream } | undefined;
}

export class IngestService {
  private readonly deps: IngestDeps;
  constructor(deps: IngestDeps) {
    this.deps = deps;
  }

  private context(): ValidationContext {
    return {
      today: new Date().toISOString().slice(0, 10),
      businessDateMaxFutureDays: this.deps.config.businessDateMaxFutureDays,
    };
  }

  private assertWithinLimit(count: number): void {
    const max = this.deps.config.maxBatchRecords;
    if (count <= max) return;
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `the request holds ${count} records, more than the limit of ${max} records per request ` +
        '(PAS_MAX_BATCH_RECORDS); split it into smaller batches',
      [],
      { limit: max, record_count: count },
    );
  }

  /** POST /ingest/<entity>s with `{<list>: [...]}`. */
  async ingestList(entity: EntityType, endpoint: string, body: unknown, meta: RequestMeta): Promise<Receipt> {
    const spec = specOf(entity);
    const count = countRecords(body, [spec.list]);
    this.assertWithinLimit(count);
    const { ledger } = this.deps;
    // A large list goes on the log slice by slice as it is validated, staged (invisible) until the job's
    // transaction publishes it: the database writes one slice while the event loop validates the next, instead
    // of waiting for the whole validation. A refused request discards what was staged.
    const prepared =
      count >= STAGED_APPEND_MIN && ledger.canStage
        ? { jobId: newJobId(), staged: await ledger.stageStream(ROUTING[entity].topic, count) }
        : undefined;
    const append =
      prepared &&
      ((valid: EntityRecord[]) => {
        const headers = headersOf(meta.correlationId, prepared.jobId);
        prepared.staged.write(drafts(entity, valid).map((r) => ({ ...r, headers })));
      });
    const outcome = await parseListBodyInSlices(
      spec,
      body,
      this.context(),
      () => turn(),
      undefined,
      append,
    ).catch(async (error: unknown) => {
      await prepared?.staged.discard();
      throw error;
    });
    if (!outcome.ok) await prepared?.staged.discard();
    const records = unwrap(outcome, `invalid ${spec.list}`);
    return this.submit(
      {
        endpoint,
        entityType: entity,
        records: drafts(entity, records),
        counts: { [entity]: records.length },
        prepared,
      },
      meta,
    );
  }

  /** POST /ingest/transaction: one record as the whole body. */
  async ingestOne(entity: EntityType, endpoint: string, body: unknown, meta: RequestMeta): Promise<Receipt> {
    const record = unwrap(parseSingleBody(specOf(entity), body, this.context()), `invalid ${entity}`);
    return this.submit(
      { endpoint, entityType: entity, records: drafts(entity, [record]), counts: { [entity]: 1 } },
      meta,
    );
  }

  /** POST /ingest/portfolio-bundle: every list in one job, reference data first. */
  async ingestBundle(endpoint: string, body: unknown, meta: RequestMeta): Promise<Receipt> {
    this.assertWithinLimit(countRecords(body, LIST_NAMES));
    const bundle = unwrap(parseBundleBody(body, this.context()), 'invalid portfolio bundle');
    const records: Draft[] = [];
    const counts: Record<string, number> = {};
    for (const entity of BUNDLE_ORDER) {
      const list = bundle.lists[entity] as EntityRecord[];
      if (list.length === 0) continue;
      records.push(...drafts(entity, list));
      counts[entity] = list.length;
    }
    return this.submit({ endpoint, entityType: 'portfolio_bundle', records, counts }, meta);
  }

  /**
   * Several lists of one body (POST /ingest/benchmarks) as one job of type `entityType`, published in the
   * order of `entities`.
   */
  async ingestLists(
    entities: readonly EntityType[],
    entityType: string,
    endpoint: string,
    body: unknown,
    meta: RequestMeta,
  ): Promise<Receipt> {
    const lists = entities.map((e) => specOf(e).list);
    this.assertWithinLimit(countRecords(body, lists));
    const parsed = unwrap(parseListsBody(entities, body, this.context()), `invalid ${entityType}`);
    const records: Draft[] = [];
    const counts: Record<string, number> = {};
    for (const { entity, records: list } of parsed) {
      if (list.length === 0) continue;
      records.push(...drafts(entity, list));
      counts[entity] = list.length;
    }
    return this.submit({ endpoint, entityType, records, counts }, meta);
  }

  /**
   * POST /reprocess/transactions: one request per known transaction, keyed by its portfolio so it is ordered
   * with that portfolio's transactions. Ids the store does not know are refused, each by its position.
   */
  async reprocess(endpoint: string, body: unknown, meta: RequestMeta): Promise<Receipt> {
    this.assertWithinLimit(countRecords(body, ['transaction_ids']));
    const ids = unwrap(parseReprocessBody(body), 'invalid reprocessing request');
    // A transaction the persist stage quarantined is not in the store yet: its request puts it back on the log.
    const rows = await this.deps.db.query<{ transaction_id: string; portfolio_id: string }>(
      `SELECT transaction_id, portfolio_id FROM transactions WHERE transaction_id = ANY($1::text[])
       UNION ALL
       SELECT value->>'transaction_id', coalesce(portfolio_id, record_key) FROM quarantined_records
       WHERE stage = 'persist' AND status = 'QUARANTINED' AND subject = ANY($2::text[])`,
      [ids, ids.map((id) => `transaction:${id}`)],
    );
    const portfolioOf = new Map(rows.map((r) => [r.transaction_id, r.portfolio_id]));
    const unknown: FieldError[] = [];
    ids.forEach((id, index) => {
      if (!portfolioOf.has(id))
        unknown.push({ index, field: 'transaction_ids', message: `unknown transaction "${id}"` });
    });
    if (unknown.length > 0) {
      throw validationFailed(`${unknown.length} unknown transaction(s); nothing was requested`, unknown);
    }
    const records = ids.map((id) => ({
      topic: TOPICS.reprocessRequests,
      key: portfolioOf.get(id)!,
      value: { transaction_id: id },
    }));
    return this.submit(
      {
        endpoint,
        entityType: 'reprocessing_request',
        records,
        counts: { reprocessing_request: records.length },
      },
      meta,
    );
  }

  /**
   * POST /quarantine/{id}/retry: the quarantined record goes back on the log as a new job, marked RETRYING in
   * the same transaction; its stage processes it again (and quarantines it again if it still fails).
   */
  async retryQuarantined(id: number, meta: RequestMeta): Promise<Receipt> {
    const [row] = await this.deps.db.query<{
      stage: string;
      topic: string;
      record_key: string;
      value: unknown;
      status: string;
    }>('SELECT stage, topic, record_key, value, status FROM quarantined_records WHERE id = $1', [id]);
    if (!row) throw notFound(`QUARANTINED_RECORD_NOT_FOUND: no quarantined record ${id}`);
    const notWaiting = () =>
      new AppError(
        'QUARANTINE_NOT_WAITING',
        `quarantined record ${id} is ${row.status}, not QUARANTINED: only a waiting record can be retried`,
      );
    if (row.status !== 'QUARANTINED') throw notWaiting();
    return this.submit(
      {
        endpoint: '/quarantine/retry',
        entityType: 'quarantined_record',
        records: [{ topic: row.topic, key: row.record_key, value: row.value }],
        counts: {},
        quarantineId: id,
        within: async (tx) => {
          if (!(await releaseOne(tx, id))) throw notWaiting();
        },
      },
      meta,
    );
  }

  private analyseUpload(entityType: string, text: string) {
    const entity = entityOfList(entityType);
    if (!entity) {
      throw validationFailed('invalid upload', [
        {
          index: 0,
          field: 'entity_type',
          message: `must be one of ${LIST_NAMES.join(', ')}; got "${entityType}"`,
        },
      ]);
    }
    const spec = specOf(entity);
    const table = readCsv(spec, text);
    if (!table.ok) {
      if (table.malformed) throw new AppError('BAD_REQUEST', table.message);
      throw validationFailed('invalid upload', [{ index: 0, field: 'file', message: table.message }]);
    }
    this.assertWithinLimit(table.rows.length);
    const result = validateBatch(
      spec,
      table.rows.map((r) => r.values),
      this.context(),
    );
    const errors: UploadRowError[] = result.errors.map((e) => ({
      row_number: table.rows[e.index]!.rowNumber,
      field: e.field,
      message: e.message,
    }));
    const valid = result.records.filter((r): r is EntityRecord => r !== undefined);
    return { entity, table, valid, errors, invalidRows: table.rows.length - valid.length };
  }

  /** POST /ingest/uploads/preview: what a commit would ingest and what it would refuse; writes nothing. */
  previewUpload(entityType: string, text: string, sampleSize: number): UploadPreview {
    const { table, valid, errors, invalidRows } = this.analyseUpload(entityType, text);
    return {
      entity_type: entityType,
      file_format: 'csv',
      total_rows: table.rows.length,
      valid_rows: valid.length,
      invalid_rows: invalidRows,
      sample_rows: valid.slice(0, sampleSize),
      errors,
      ignored_columns: table.ignoredColumns,
    };
  }

  /** POST /ingest/uploads/commit: all rows, or with allowPartial the valid ones, as one job. */
  async commitUpload(
    endpoint: string,
    entityType: string,
    text: string,
    allowPartial: boolean,
    meta: RequestMeta,
  ): Promise<UploadReceipt> {
    const { entity, table, valid, errors, invalidRows } = this.analyseUpload(entityType, text);
    if (table.rows.length === 0) throw new AppError('BAD_REQUEST', 'the file holds no data rows');
    const asFieldErrors = errors.map((e) => ({ index: e.row_number, field: e.field, message: e.message }));
    if (errors.length > 0 && !allowPartial) {
      throw validationFailed(
        `${invalidRows} of ${table.rows.length} rows are invalid (index = row number, header = row 1); ` +
          'nothing was ingested. Fix them, or send allow_partial=true to ingest only the valid rows',
        asFieldErrors,
      );
    }
    if (valid.length === 0) {
      throw validationFailed('no row of the file is valid; nothing was ingested', asFieldErrors);
    }
    const receipt = await this.submit(
      { endpoint, entityType: entity, records: drafts(entity, valid), counts: { [entity]: valid.length } },
      meta,
    );
    return {
      ...receipt,
      entity_type: entityType,
      published_rows: receipt.accepted_count,
      skipped_rows: invalidRows,
      errors,
    };
  }

  private async findJob(endpoint: string, key: string): Promise<JobRow | undefined> {
    const [row] = await this.deps.db.query<JobRow>(
      'SELECT * FROM ingestion_jobs WHERE endpoint = $1 AND idempotency_key = $2',
      [endpoint, key],
    );
    return row;
  }

  private replay(job: JobRow, requestHash: string, meta: RequestMeta): Receipt {
    if (job.request_hash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY_CONFLICT',
        `X-Idempotency-Key "${meta.idempotencyKey}" was already used on ${job.endpoint} for a different request ` +
          `(job ${job.job_id}); send a new key with a new request`,
        [],
        { job_id: job.job_id },
      );
    }
    return {
      message: REPLAY_MESSAGE,
      entity_type: job.entity_type,
      accepted_count: job.accepted_count,
      job_id: job.job_id,
      correlation_id: meta.correlationId,
      ...(meta.idempotencyKey ? { idempotency_key: meta.idempotencyKey } : {}),
    };
  }

  /**
   * Creates the job and emits its records in one transaction. A large request on a log that can stage writes its
   * records first, invisibly, in short statements, and the job's transaction publishes them (all or nothing, as
   * before: a request that fails or a process that dies before that commit leaves no record anyone can read). With an idempotency key, a request seen before
   * on the same endpoint replays its job (same content) or is refused (other content); two concurrent first
   * requests meet at the unique index on (endpoint, idempotency_key), and the loser replays the winner.
   */
  private async submit(s: Submission, meta: RequestMeta): Promise<Receipt> {
    const { db, ledger } = this.deps;
    const key = meta.idempotencyKey;
    const jobId = s.prepared?.jobId ?? newJobId();
    const auditOf = (job_id: string) => ({
      action: auditActionOf(s),
      key_id: meta.keyId ?? null,
      endpoint: s.endpoint,
      entity_type: s.entityType,
      job_id,
      correlation_id: meta.correlationId,
      counts: Object.keys(s.counts).length > 0 ? s.counts : { records: s.records.length },
      detail: {
        accepted_count: s.records.length,
        ...(key ? { idempotency_key: key } : {}),
        ...(s.quarantineId !== undefined ? { quarantine_id: s.quarantineId } : {}),
      },
    });
    const headers = headersOf(meta.correlationId, jobId, s.quarantineId);
    const outgoing = s.records.map((r) => ({ ...r, headers }));
    // What is staged until the job's transaction publishes it: discarded if the request is refused, replayed or
    // fails (one place, the catch below).
    let staged: StagedRecords | undefined = s.prepared?.staged;
    let requestHash: string | undefined;
    try {
      // Before the idempotency replay too: a replay must not hand out the job of another key's portfolios.
      if (meta.portfolios) {
        const oneList = s.entityType in ROUTING || s.entityType === 'reprocessing_request';
        refuseOutsidePortfolios(s.records, meta.portfolios, (topic) => {
          const list = LIST_OF_TOPIC.get(topic) ?? topic;
          if (list === 'transaction_ids') return list;
          return oneList ? 'portfolio_id' : `${list}.portfolio_id`;
        });
        await refuseTakenTransactionIds(
          db,
          s.records,
          meta.portfolios,
          oneList ? 'transaction_id' : 'transactions.transaction_id',
        );
      }
      // A large request's records are staged (from ingestList: finish being staged) while its hash is computed:
      // the appends are the database's work, the hash the event loop's, and side by side they take the longer of
      // the two instead of their sum. Every append is done before the job's transaction begins, which they would
      // wait for.
      const appending = s.prepared
        ? s.prepared.staged.flushed()
        : outgoing.length >= STAGED_APPEND_MIN && ledger.canStage
          ? ledger.stage(outgoing).then((records) => {
              staged = records;
            })
          : undefined;
      const [hashed, appended] = await Promise.allSettled([requestHashOf(s), appending]);
      if (hashed.status === 'rejected') throw hashed.reason;
      if (appended.status === 'rejected') throw appended.reason;
      const hash = hashed.value;
      requestHash = hash;
      const prior = key ? await this.findJob(s.endpoint, key) : undefined;
      if (prior) {
        await staged?.discard();
        staged = undefined;
        return this.replay(prior, hash, meta);
      }
      const published = staged;
      await db.transaction(async (tx) => {
        await ledger.create(
          tx,
          {
            endpoint: s.endpoint,
            entity_type: s.entityType,
            accepted_count: s.records.length,
            idempotency_key: key,
            request_hash: hash,
            correlation_id: meta.correlationId,
          },
          jobId,
        );
        if (published) await published.publish(tx);
        else await ledger.emit(tx, outgoing);
        await s.within?.(tx);
        await insertAuditEvent(tx, auditOf(jobId));
        // A job with nothing to do (an empty list) is complete at once: no consumer will ever complete it.
        if (s.records.length === 0) await ledger.completeIfDone(tx, [jobId]);
      });
      staged = undefined;
    } catch (error) {
      await staged?.discard();
      if (key && requestHash !== undefined && isUniqueViolation(error)) {
        const prior = await this.findJob(s.endpoint, key);
        if (prior) return this.replay(prior, requestHash, meta);
      }
      throw error;
    }
    for (const [entity_type, n] of Object.entries(s.counts)) {
      if (n > 0) this.deps.metrics.recordsIngested.inc({ entity_type }, n);
    }
    this.deps.logger?.info({ audit: auditOf(jobId) }, 'audit: write accepted');
    const what = PLURAL[s.entityType] ?? 'records';
    return {
      message: `${s.records.length} ${what} accepted for asynchronous processing; follow job ${jobId} at GET /ingestion/jobs/${jobId}`,
      entity_type: s.entityType,
      accepted_count: s.records.length,
      job_id: jobId,
      correlation_id: meta.correlationId,
      ...(key ? { idempotency_key: key } : {}),
    };
  }
}
