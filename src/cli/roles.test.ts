import { describe, expect, it } from 'vitest';
import { loadConfig } from '../app/config.ts';
import { parseRoles, ROLES, stageGroupsOf } from '../app/roles.ts';
import { checkLogConfig } from '../app/system.ts';
import { routesOf } from './serve.ts';

describe('roles', () => {
  it('default to every role; a list selects a subset in the canonical order', () => {
    expect(parseRoles(undefined)).toEqual(ROLES);
    expect(parseRoles(' ')).toEqual(ROLES);
    expect(parseRoles('stage:series, ingest')).toEqual(['ingest', 'stage:series']);
    expect(stageGroupsOf(parseRoles('relay,stage:positions,stage:persist'))).toEqual([
      'persist',
      'positions',
    ]);
  });

  it('refuse an unknown role, naming it and the source', () => {
    expect(() => parseRoles('query,stage:valuation', '--roles')).toThrow(
      /--roles: unknown role "stage:valuation"; roles are ingest, query, relay/,
    );
    expect(() => loadConfig({ PAS_ROLES: 'api' })).toThrow(/^configuration: PAS_ROLES: unknown role "api"/);
  });

  it('choose the routes of the main port', () => {
    const routes = (roles: string) => routesOf(loadConfig({ PAS_ROLES: roles }));
    expect(routes('')).toBe('all');
    expect(routes('ingest,query,relay')).toBe('all');
    expect(routes('query')).toBe('query');
    expect(routes('ingest,stage:persist')).toBe('ingest');
    expect(routes('relay,stage:series')).toBe('health');
  });
});

describe('KAFKA_BROKERS', () => {
  it('selects the Kafka log, which needs DATABASE_URL', () => {
    expect(() => checkLogConfig(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092' }))).toThrow(
      /^configuration: KAFKA_BROKERS selects the Kafka log, which needs PostgreSQL: set DATABASE_URL/,
    );
    expect(() =>
      checkLogConfig(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgresql://x/y' })),
    ).not.toThrow();
    expect(() => checkLogConfig(loadConfig({}))).not.toThrow();
  });
});
