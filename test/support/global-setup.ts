import type { TestProject } from 'vitest/node';
import { ensurePostgres } from './postgres-cluster.ts';

/**
 * Makes a PostgreSQL server available to the suites that run on both stores: DATABASE_URL when set (CI sets
 * it), else a throwaway cluster started from the local PostgreSQL binaries. Without either, the PostgreSQL
 * variants cannot run: on CI that is an error; on a laptop they are left out with a warning.
 */
export default async function setup(project: TestProject) {
  const pg = await ensurePostgres();
  project.provide('pgAdminUrl', pg?.url ?? '');
  return async () => {
    await pg?.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}
