import path from 'node:path';
import { parseRoles, type Role } from './roles.ts';

/** Runtime configuration. Every field can be set by an environment variable (named in the comment). */
export interface Config {
  /** PGlite data directory, used when databaseUrl is unset (PAS_DATA_DIR). */
  dataDir: string;
  /** PostgreSQL connection string; when set, PostgreSQL replaces PGlite (DATABASE_URL). */
  databaseUrl: string | undefined;
  host: string; // PAS_HOST
  port: number; // PAS_PORT
  /** Second port serving the query routes only, as the original's query service did; 0 disables (PAS_QUERY_PORT). */
  queryPort: number;
  /** Most records accepted in one ingest request (PAS_MAX_BATCH_RECORDS). */
  maxBatchRecords: number;
  /** Largest JSON request body in bytes (PAS_MAX_BODY_BYTES). */
  maxBodyBytes: number;
  /** Largest uploaded CSV file in bytes (PAS_MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
  /** Business dates may lie at most this many days after today, UTC (PAS_BUSINESS_DATE_MAX_FUTURE_DAYS). */
  businessDateMaxFutureDays: number;
  /** Records a stage takes from the log in one batch (PAS_STAGE_BATCH_SIZE). */
  stageBatchSize: number;
  /**
   * In embedded mode a running stage sizes its batches (at most stageBatchSize) so that one takes about this
   * long, in ms: a batch is one transaction, and requests wait for it (PAS_STAGE_BATCH_TARGET_MS; 0: off).
   */
  stageBatchTargetMs: number;
  /** How long an idle stage waits before polling the log again, in ms (PAS_STAGE_IDLE_MS). */
  stageIdleMs: number;
  logLevel: string; // PAS_LOG_LEVEL
  /** Pivot currency of triangulated FX conversions in the valuation (PAS_FX_PIVOT). */
  fxPivot: string;
  /** Web origins other than the server's own allowed to send state-changing requests (PAS_CORS_ORIGINS). */
  corsOrigins: readonly string[];
  /** 'required': every route but the health probes needs an API key; 'off': none does (PAS_AUTH). */
  auth: AuthMode;
  /** Routes that stay open when auth is required: 'docs' (/docs, /openapi.json), 'metrics' (PAS_AUTH_PUBLIC). */
  authPublic: readonly PublicRoute[];
  /** Requests one API key (or, without a key, one client address) may send per window; 0: no limit (PAS_RATE_LIMIT_MAX). */
  rateLimitMax: number;
  /** The rate limit's window in seconds (PAS_RATE_LIMIT_WINDOW_S). */
  rateLimitWindowS: number;
  /**
   * Memory for answers of the portfolio-scoped analytics routes kept to serve again while the data they read is
   * unchanged (src/app/response-cache.ts), in bytes, least recently used out first; 0 disables
   * (PAS_RESPONSE_CACHE_BYTES).
   */
  responseCacheBytes: number;
  /** Longest an analytics request may take before it is answered 503, in ms; 0: no limit (PAS_ANALYTICS_TIMEOUT_MS). */
  analyticsTimeoutMs: number;
  /**
   * Fastify's trustProxy: which hops' X-Forwarded-For to believe, so rate limits and logs see the client address
   * behind a reverse proxy: 'true' (any), or the proxies' addresses/CIDRs, comma-separated (PAS_TRUST_PROXY;
   * default: none).
   */
  trustProxy: boolean | string;
  /**
   * Kafka bootstrap brokers, host:port, comma-separated (KAFKA_BROKERS). When set, the log is Kafka (the
   * distributed mode; DATABASE_URL is then required) and `pas kafka init` creates its topics there.
   */
  kafkaBrokers: readonly string[];
  /** Prepended to every Kafka topic name and group id, so systems can share a cluster (PAS_KAFKA_TOPIC_PREFIX). */
  kafkaTopicPrefix: string;
  /** Partitions of each topic `pas kafka init` creates: the most stage replicas that share work (PAS_KAFKA_PARTITIONS). */
  kafkaPartitions: number;
  /** What this process runs (PAS_ROLES, `pas start --roles`; default every role): see roles.ts. */
  roles: readonly Role[];
  /**
   * The process's CPU niceness, 0–19 (PAS_CPU_NICE; default 0, unchanged): pipeline roles that share cores with
   * a query process may yield to it, so that answers are scheduled first and the batch work takes what is left.
   */
  cpuNice: number;
}

export type AuthMode = 'required' | 'off';
export type PublicRoute = 'docs' | 'metrics';
const PUBLIC_ROUTES: readonly PublicRoute[] = ['docs', 'metrics'];

type Env = Record<string, string | undefined>;

function authFrom(env: Env): AuthMode {
  const raw = (env.PAS_AUTH ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'off') return 'off';
  if (raw === 'required') return 'required';
  throw new Error(`configuration: PAS_AUTH must be "required" or "off", got "${env.PAS_AUTH}"`);
}

function publicRoutesFrom(env: Env): PublicRoute[] {
  const names = (env.PAS_AUTH_PUBLIC ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  for (const name of names) {
    if (!(PUBLIC_ROUTES as readonly string[]).includes(name)) {
      throw new Error(`configuration: PAS_AUTH_PUBLIC lists docs and/or metrics, got "${name}"`);
    }
  }
  return [...new Set(names as PublicRoute[])];
}

function trustProxyFrom(env: Env): boolean | string {
  const raw = (env.PAS_TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false') return false;
  return raw === 'true' ? true : raw;
}

function intFrom(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`configuration: ${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

/** 'https://app.example.com, http://localhost:3000' → each as its canonical origin; anything else stops start-up. */
function originsFrom(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((raw) => {
      let origin: string | undefined;
      try {
        origin = new URL(raw).origin;
      } catch {}
      if (!origin || origin === 'null' || origin !== raw.replace(/\/$/, '').toLowerCase()) {
        throw new Error(
          `configuration: ${name} must list origins like https://app.example.com, got "${raw}"`,
        );
      }
      return origin;
    });
}

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const config: Config = {
    dataDir: path.resolve(env.PAS_DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    host: env.PAS_HOST ?? '127.0.0.1',
    port: intFrom(env, 'PAS_PORT', 8000),
    queryPort: intFrom(env, 'PAS_QUERY_PORT', 8001),
    maxBatchRecords: intFrom(env, 'PAS_MAX_BATCH_RECORDS', 50_000),
    maxBodyBytes: intFrom(env, 'PAS_MAX_BODY_BYTES', 32 * 1024 * 1024),
    maxUploadBytes: intFrom(env, 'PAS_MAX_UPLOAD_BYTES', 64 * 1024 * 1024),
    businessDateMaxFutureDays: intFrom(env, 'PAS_BUSINESS_DATE_MAX_FUTURE_DAYS', 0),
    stageBatchSize: intFrom(env, 'PAS_STAGE_BATCH_SIZE', 5_000),
    stageBatchTargetMs: intFrom(env, 'PAS_STAGE_BATCH_TARGET_MS', 500),
    stageIdleMs: intFrom(env, 'PAS_STAGE_IDLE_MS', 50),
    logLevel: env.PAS_LOG_LEVEL ?? 'info',
    fxPivot: (env.PAS_FX_PIVOT ?? 'USD').toUpperCase(),
    corsOrigins: originsFrom(env, 'PAS_CORS_ORIGINS'),
    auth: authFrom(env),
    authPublic: publicRoutesFrom(env),
    rateLimitMax: intFrom(env, 'PAS_RATE_LIMIT_MAX', 6_000),
    rateLimitWindowS: intFrom(env, 'PAS_RATE_LIMIT_WINDOW_S', 60),
    analyticsTimeoutMs: intFrom(env, 'PAS_ANALYTICS_TIMEOUT_MS', 60_000),
    responseCacheBytes: intFrom(env, 'PAS_RESPONSE_CACHE_BYTES', 64 * 1024 * 1024),
    trustProxy: trustProxyFrom(env),
    kafkaBrokers: (env.KAFKA_BROKERS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    kafkaTopicPrefix: env.PAS_KAFKA_TOPIC_PREFIX ?? '',
    kafkaPartitions: intFrom(env, 'PAS_KAFKA_PARTITIONS', 12),
    roles: parseRoles(env.PAS_ROLES),
    cpuNice: intFrom(env, 'PAS_CPU_NICE', 0),
  };
  if (config.rateLimitWindowS < 1) {
    throw new Error(
      `configuration: PAS_RATE_LIMIT_WINDOW_S must be at least 1, got "${env.PAS_RATE_LIMIT_WINDOW_S}"`,
    );
  }
  if (config.cpuNice > 19) {
    // Only up: a lower niceness than the process has needs privileges.
    throw new Error(`configuration: PAS_CPU_NICE must be 0–19, got "${env.PAS_CPU_NICE}"`);
  }
  if (config.kafkaPartitions < 1) {
    throw new Error(
      `configuration: PAS_KAFKA_PARTITIONS must be at least 1, got "${env.PAS_KAFKA_PARTITIONS}"`,
    );
  }
  return { ...config, ...overrides };
}
