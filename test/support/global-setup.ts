import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrate } from '../../src/store/migrate.ts';
import { openPglite } from '../../src/store/pglite.ts';
import { ensureKafka } from './kafka-broker.ts';
import { ensurePostgres } from './postgres-cluster.ts';

/** A migrated PGlite database image: test stores start from it instead of running initdb each time. */
async function writePgliteTemplate(): Promise<string> {
  const db = await openPglite(undefined);
  await migrate(db);
  const image = await db.dumpImage();
  await db.close();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pas-pglite-')), 'template.tar');
  fs.writeFileSync(file, Buffer.from(await image.arrayBuffer()));
  return file;
}

/**
 * Makes a PostgreSQL server available to the suites that run on both stores: DATABASE_URL when set (CI sets
 * it), else a throwaway cluster started from the local PostgreSQL binaries. Without either, the PostgreSQL
 * variants cannot run: on CI that is an error; on a laptop they are left out with a warning.
 * Likewise a Kafka broker for the Kafka suites (see ensureKafka: on CI, or with KAFKA_TEST=1).
 */
export default async function setup(project: TestProject) {
  const [pg, template, kafka] = await Promise.all([ensurePostgres(), writePgliteTemplate(), ensureKafka()]);
  project.provide('pgAdminUrl', pg?.url ?? '');
  project.provide('pgliteTemplate', template);
  project.provide('kafkaBrokers', kafka?.brokers ?? '');
  return async () => {
    await Promise.all([pg?.stop(), kafka?.stop()]);
    fs.rmSync(path.dirname(template), { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgliteTemplate: string;
    /** Bootstrap address of the test broker; empty when the Kafka suites are left out. */
    kafkaBrokers: string;
  }
}
