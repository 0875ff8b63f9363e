import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeIsSupported, unsupportedNodeMessage } from '../../bin/node-version.mjs';

const PAS = new URL('../../bin/pas.mjs', import.meta.url).pathname;
/** The machine's own Node (Debian's, v20 on the development machine), when there is one. */
const SYSTEM_NODE = '/usr/bin/node';
const systemNode = fs.existsSync(SYSTEM_NODE)
  ? execFileSync(SYSTEM_NODE, ['-p', 'process.version'], { encoding: 'utf8' }).trim()
  : null;

describe('pas on an unsupported Node', () => {
  it('knows which versions run it: 22.12 and later', () => {
    expect(nodeIsSupported('v20.20.2')).toBe(false);
    expect(nodeIsSupported('v22.11.0')).toBe(false);
    expect(nodeIsSupported('v22.12.0')).toBe(true);
    expect(nodeIsSupported('v23.0.0')).toBe(true);
    expect(nodeIsSupported(process.version)).toBe(true);
    expect(unsupportedNodeMessage('v20.20.2', '/usr/bin/node')).toMatch(
      /needs Node\.js >= 22\.12.*v20\.20\.2/,
    );
  });

  // Runs where the machine has an old Node besides the one running the tests (the development machine's 20).
  it.runIf(systemNode !== null && !nodeIsSupported(systemNode))(
    `prints the version it needs and exits 1 (${SYSTEM_NODE} ${systemNode})`,
    () => {
      const run = spawnSync(SYSTEM_NODE, [PAS, 'start', '--help'], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        `pas needs Node.js >= 22.12 (Node 24 LTS recommended); this is Node ${systemNode}`,
      );
      expect(run.stderr).not.toContain('bad option');
    },
  );

  it('runs on this Node', () => {
    const run = spawnSync(process.execPath, [PAS, '--help'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('start');
  });
});
