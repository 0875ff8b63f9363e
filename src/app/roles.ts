/**
 * What one process runs (`pas start --roles`, PAS_ROLES): any subset, default all. In the distributed mode each
 * role may run in its own processes, several replicas of a stage sharing its consumer group.
 * - ingest: the ingest API (writes facts to the log's raw topics, creates jobs) and the job routes;
 * - query: the query and analytics API, read through the connection pool; never runs stage work;
 * - relay: moves the outbox (records the stages and ingest wrote to the database) to Kafka (Kafka log only);
 * - stage:persist, stage:positions, stage:series: the stage of that consumer group.
 */
export const ROLES = [
  'ingest',
  'query',
  'relay',
  'stage:persist',
  'stage:positions',
  'stage:series',
] as const;

export type Role = (typeof ROLES)[number];

const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

/** 'ingest, stage:series' → the roles; empty or unset → every role; an unknown name is an error naming it. */
export function parseRoles(raw: string | undefined, source = 'PAS_ROLES'): readonly Role[] {
  const names = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) return ROLES;
  const unknown = names.filter((n) => !isRole(n));
  if (unknown.length > 0) {
    throw new Error(
      `configuration: ${source}: unknown role ${unknown.map((u) => `"${u}"`).join(', ')}; roles are ${ROLES.join(', ')}`,
    );
  }
  return ROLES.filter((r) => names.includes(r));
}

/** The consumer groups whose stage this process runs. */
export function stageGroupsOf(roles: readonly Role[]): string[] {
  return roles.filter((r) => r.startsWith('stage:')).map((r) => r.slice('stage:'.length));
}

export const hasRole = (roles: readonly Role[], role: Role): boolean => roles.includes(role);
