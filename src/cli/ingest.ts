import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../app/config.ts';
import {
  INGEST_ENTITIES,
  INGEST_ENTITY_NAMES,
  type IngestEntity,
  type IngestReceipt,
  isIngestEntity,
  type JobState,
  PasClient,
} from './client.ts';
import { UserError } from './errors.ts';
import { urlOf } from './options.ts';

export interface IngestFlags {
  type: string;
  url?: string;
  wait?: boolean;
  timeout?: number;
  idempotencyKey?: string;
}

/** The URL `pas ingest` talks to by default: the local server on PAS_HOST / PAS_PORT (127.0.0.1:8000). */
export function defaultUrl(env: Record<string, string | undefined> = process.env): string {
  const config = loadConfig(env);
  return urlOf(config.host, config.port);
}

/**
 * What to send for a file: CSV goes through the upload endpoint; JSON is the endpoint's body, or a bare array
 * of records that is wrapped as `{<list>: [...]}`.
 */
export async function readIngestFile(
  file: string,
  entity: IngestEntity,
): Promise<{ kind: 'csv'; csv: string } | { kind: 'json'; body: unknown }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') {
    if (entity === 'portfolio-bundle') {
      throw new UserError('a portfolio bundle is JSON; CSV files hold one entity type each');
    }
    return { kind: 'csv', csv: text };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${file} is neither CSV (by its .csv name) nor valid JSON: ${(error as Error).message}`,
    );
  }
  if (Array.isArray(body)) {
    const { list } = INGEST_ENTITIES[entity];
    if (list === undefined) {
      throw new UserError('a portfolio bundle is an object {business_dates, portfolios, …}, not an array');
    }
    body = { [list]: body };
  }
  return { kind: 'json', body };
}

/**
 * A job that ended failed (a record quarantined) or complete_with_problems (a key left BLOCKED) is an error of
 * the command: its reason and each problem, one line each, and a non-zero exit.
 */
export function checkJobOutcome(job: JobState): void {
  if (job.status !== 'failed' && job.status !== 'complete_with_problems') return;
  const why =
    job.status === 'failed' ? `failed: ${job.failure_reason ?? 'no reason given'}` : 'ended with problems';
  const lines = (job.problems ?? []).map(
    (p) => `  ${p.portfolio_id ?? '-'} ${p.security_id ?? '-'}: ${p.reason}`,
  );
  throw new UserError([`job ${job.job_id} ${why}`, ...lines].join('\n'));
}

/** `pas ingest FILE --type ENTITY [--url URL] [--wait]`. */
export async function runIngest(file: string, flags: IngestFlags): Promise<void> {
  if (!isIngestEntity(flags.type)) {
    throw new UserError(`--type must be one of ${INGEST_ENTITY_NAMES.join(', ')}; got "${flags.type}"`);
  }
  const entity = flags.type;
  // With PAS_AUTH=required the server wants a key with the ingest scope (and read, for --wait).
  const apiKey = process.env.PAS_API_KEY?.trim();
  const client = new PasClient(flags.url ?? defaultUrl(), {
    headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
  });
  const input = await readIngestFile(file, entity);
  const receipt: IngestReceipt =
    input.kind === 'csv'
      ? await client.uploadCsv(
          entity as Exclude<IngestEntity, 'portfolio-bundle'>,
          path.basename(file),
          input.csv,
        )
      : await client.ingestJson(entity, input.body, flags.idempotencyKey);
  process.stdout.write(
    `accepted ${receipt.accepted_count} ${receipt.entity_type} record(s): job ${receipt.job_id}\n`,
  );
  if (!flags.wait) return;
  const started = performance.now();
  const job = await client.waitForJob(receipt.job_id, (flags.timeout ?? 600) * 1000);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  checkJobOutcome(job);
  process.stdout.write(`job ${job.job_id} ${job.status} (waited ${seconds} s)\n`);
}
