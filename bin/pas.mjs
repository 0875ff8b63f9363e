#!/usr/bin/env node
// The `pas` command. The sources are TypeScript run by Node's built-in type stripping (Node >= 22.18 does
// it by default; 22.6-22.17 need --experimental-strip-types, so we re-run ourselves with it).
import { spawnSync } from 'node:child_process';

if (!process.features.typescript) {
  const result = spawnSync(
    process.execPath,
    ['--experimental-strip-types', '--no-warnings', ...process.argv.slice(1)],
    {
      stdio: 'inherit',
    },
  );
  process.exit(result.status ?? 1);
}
const { main } = await import('../src/cli/main.ts');
await main();
