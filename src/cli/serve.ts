import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { type ApiOptions, buildApi } from '../api/server.ts';
import { assertSafeBinding } from '../app/binding.ts';
import type { Config } from '../app/config.ts';
import { lowerCpuPriority } from '../app/cpu-priority.ts';
import { hasRole, ROLES } from '../app/roles.ts';
import { createSystem, type System } from '../app/system.ts';
import { urlOf } from './options.ts';

/** A running process: the system (store, log, stages) and its HTTP servers. */
export interface Running {
  system: System;
  /** Ingest and query routes (the main port). */
  main: FastifyInstance;
  /** Query routes only (the original's query port), unless disabled with port 0. */
  query: FastifyInstance | undefined;
  url: string;
  queryUrl: string | undefined;
  /** Closes the servers (in-flight requests get a few seconds), stops the stages, closes the store. */
  close(): Promise<void>;
}

const boundPort = (app: FastifyInstance): number => (app.server.address() as AddressInfo).port;

/** How long shutdown waits for in-flight requests (a job long-poll can last minutes) before cutting them. */
const DRAIN_MS = 3_000;

async function closeServer(app: FastifyInstance): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      app.server.closeAllConnections();
      resolve();
    }, DRAIN_MS);
  });
  await Promise.race([app.close(), cut]);
  clearTimeout(timer);
}

/** Which routes the main port serves for the process's roles (see ApiOptions). */
export function routesOf(config: Config): ApiOptions['routes'] {
  const ingest = hasRole(config.roles, 'ingest');
  const query = hasRole(config.roles, 'query');
  return ingest && query ? 'all' : ingest ? 'ingest' : query ? 'query' : 'health';
}

/**
 * Opens the system (PGlite in config.dataDir under its lock, or PostgreSQL with DATABASE_URL; the local or,
 * with KAFKA_BROKERS, the Kafka log; migrations; the stages of its roles) and listens: the main API on
 * config.port (the routes of its roles; /health and /metrics always), and, when the process serves both ingest
 * and queries, the query-only API on config.queryPort unless it is 0.
 * On any failure everything opened so far is closed again, so the data directory lock is released.
 */
export async function serve(
  config: Config,
  options: { logger?: Logger; onStep?: (step: string) => void } = {},
): Promise<Running> {
  assertSafeBinding(config);
  if (config.cpuNice > 0) {
    const threads = lowerCpuPriority(config.cpuNice);
    options.onStep?.(`running at CPU niceness ${config.cpuNice} (PAS_CPU_NICE, ${threads} threads)`);
  }
  const system = await createSystem(config, {
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.onStep ? { onStep: options.onStep } : {}),
  });
  const apps: FastifyInstance[] = [];
  try {
    options.onStep?.('starting the HTTP API');
    const routes = routesOf(config);
    const main = await buildApi(system, { routes });
    apps.push(main);
    await main.listen({ port: config.port, host: config.host });
    let query: FastifyInstance | undefined;
    if (config.queryPort !== 0 && routes === 'all') {
      query = await buildApi(system, { routes: 'query' });
      apps.push(query);
      await query.listen({ port: config.queryPort, host: config.host });
    }
    let closing: Promise<void> | undefined;
    return {
      system,
      main,
      query,
      url: urlOf(config.host, boundPort(main)),
      queryUrl: query ? urlOf(config.host, boundPort(query)) : undefined,
      close() {
        closing ??= (async () => {
          await Promise.all(apps.map(closeServer));
          await system.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await Promise.allSettled(apps.map((a) => a.close()));
    await system.close();
    throw error;
  }
}

/**
 * `pas ready: http://127.0.0.1:8000 (queries also on http://127.0.0.1:8001) data: ./data`, then the log when it
 * is Kafka and the roles when not all: ` log: kafka roles: stage:series`.
 */
export function readyLine(running: Running): string {
  const { config, location, log } = running.system;
  const query = running.queryUrl ? ` (queries also on ${running.queryUrl})` : '';
  const kafka = log.kind === 'kafka' ? ' log: kafka' : '';
  const roles = config.roles.length === ROLES.length ? '' : ` roles: ${config.roles.join(',')}`;
  return `pas ready: ${running.url}${query} data: ${location}${kafka}${roles}`;
}

/**
 * Closes `running` on the first SIGINT or SIGTERM and exits 0 (1 if closing failed); a second signal exits
 * at once with 130.
 */
export function closeOnSignals(running: Running, say: (line: string) => void): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      say(`pas: ${signal} again, exiting without waiting`);
      process.exit(130);
    }
    stopping = true;
    say(`pas: ${signal} received, shutting down`);
    running.close().then(
      () => {
        say('pas: stopped');
        process.exit(0);
      },
      (error: unknown) => {
        say(`pas: error while shutting down: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
