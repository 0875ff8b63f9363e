#!/usr/bin/env node
// The `pas` command. The sources are TypeScript run by Node's built-in type stripping (Node >= 22.18 does
// it by default; 22.12-22.17 need --experimental-strip-types, so we re-run ourselves with it). An older Node
// is told which version it needs (this file and node-version.mjs parse on any Node).
import { spawnSync } from 'node:child_process';
import { nodeIsSupported, unsupportedNodeMessage } from './node-version.mjs';

if (!nodeIsSupported(process.version)) {
  console.error(unsupportedNodeMessage(process.version, process.execPath));
  process.exit(1);
}
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
