import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import { type Config, loadConfig } from '../app/config.ts';
import { parseRoles } from '../app/roles.ts';

/** A commander parser for a whole number within [min, max]. */
export function integerOption(min: number, max: number) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

export const portOption = integerOption(0, 65_535);

/** A commander parser for a calendar date written YYYY-MM-DD. */
export function dateOption(raw: string): string {
  const value = raw.trim();
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(ms) ||
    new Date(ms).toISOString().slice(0, 10) !== value
  ) {
    throw new InvalidArgumentError('must be a date written YYYY-MM-DD');
  }
  return value;
}

/** The server flags shared by `start` and `demo`. */
export interface ServerFlags {
  data?: string;
  port?: number;
  host?: string;
  queryPort?: number;
  /** `pas start --roles ingest,query,…` (overrides PAS_ROLES). */
  roles?: string;
}

/** The configuration: environment variables (PAS_*, DATABASE_URL), overridden by the flags given. */
export function configFrom(
  flags: ServerFlags,
  env: Record<string, string | undefined> = process.env,
): Config {
  const overrides: Partial<Config> = {};
  if (flags.data !== undefined) overrides.dataDir = path.resolve(flags.data);
  if (flags.port !== undefined) overrides.port = flags.port;
  if (flags.host !== undefined) overrides.host = flags.host;
  if (flags.queryPort !== undefined) overrides.queryPort = flags.queryPort;
  if (flags.roles !== undefined) overrides.roles = parseRoles(flags.roles, '--roles');
  return loadConfig(env, overrides);
}

/** A note for stderr when --data has no effect because DATABASE_URL selects PostgreSQL. */
export function dataFlagNote(flags: ServerFlags, config: Config): string | undefined {
  return flags.data !== undefined && config.databaseUrl
    ? 'pas: DATABASE_URL is set, so the data is in PostgreSQL and --data is ignored'
    : undefined;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/** The URL clients use for a bound address: a wildcard bind is reached on the loopback address. */
export function urlOf(host: string, port: number): string {
  const shown = WILDCARD_HOSTS.has(host) ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
