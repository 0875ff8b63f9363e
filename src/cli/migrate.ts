import { migrate } from '../store/migrate.ts';
import { openStore } from '../store/open.ts';
import { configFrom, dataFlagNote } from './options.ts';

/** `pas migrate`: applies the SQL migrations not yet applied and says which (or that all were). */
export async function runMigrate(flags: { data?: string }): Promise<void> {
  const config = configFrom(flags);
  const note = dataFlagNote(flags, config);
  if (note) process.stderr.write(`${note}\n`);
  const store = await openStore(config, { migrate: false });
  try {
    const applied = await migrate(store.db);
    process.stdout.write(
      applied.length === 0
        ? `pas migrate: ${store.location} is up to date\n`
        : `pas migrate: applied ${applied.join(', ')} to ${store.location}\n`,
    );
  } finally {
    await store.close();
  }
}
