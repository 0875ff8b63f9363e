import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 12 item 4: the import direction the architecture rests on (docs/architecture.md, "Layering"), checked
 * instead of trusted. Imports are read with a regular expression — static `import … from`, `export … from`,
 * side-effect `import '…'` and dynamic `import('…')` — which is all the sources use.
 */

/** What pure domain code may import besides itself: deterministic libraries without I/O. */
const DOMAIN_PACKAGES = ['decimal.js', 'csv-parse/sync', 'currency-codes', 'node:crypto'];
/**
 * And what the domain's own tests and test helpers (`*.test.ts`, `*.testing.ts`) may import on top: test
 * libraries, the file system, and JSON fixtures under test/fixtures (data, not code).
 */
const DOMAIN_TEST_PACKAGES = ['vitest', 'fast-check', 'node:fs', 'node:path', 'node:url'];
/** The database drivers: only the store adapters at the edge use them. */
const DRIVER_PACKAGES = ['pg', '@electric-sql/pglite'];
/** Layers the engine never reaches up into; nor does app/ (its services know no HTTP). */
const ABOVE_ENGINE = ['src/api/', 'src/cli/'];
const ABOVE_APP = ['src/api/', 'src/cli/'];

const IMPORT =
  /(?:^|[\n;])\s*(?:import|export)\b(?:[^;'"`]*?\bfrom)?\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The module specifiers a source imports, in order. */
function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

/** A bare specifier's package: 'csv-parse/sync' stays whole only when listed so; '@scope/name/x' → '@scope/name'. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const isRelative = (specifier: string) => specifier.startsWith('.');
const isTestCode = (file: string) => file.endsWith('.test.ts') || file.endsWith('.testing.ts');
const isFixture = (target: string) => target.startsWith('test/fixtures/') && target.endsWith('.json');
const isRouteModule = (file: string) => file.startsWith('src/api/') && file.endsWith('.routes.ts');

/**
 * Every broken rule in a set of sources keyed by repository-relative path ('src/domain/money.ts'), as
 * 'file → specifier: rule'.
 */
function layeringViolations(sources: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [file, source] of sources) {
    for (const specifier of importsOf(source)) {
      const target = isRelative(specifier)
        ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))
        : undefined;
      const broken = (rule: string) => found.push(`${file} → ${specifier}: ${rule}`);

      if (file.startsWith('src/domain/')) {
        if (target !== undefined) {
          const fixture = isTestCode(file) && isFixture(target);
          if (!target.startsWith('src/domain/') && !fixture) broken('domain imports only domain');
        } else {
          const allowed = isTestCode(file) ? [...DOMAIN_PACKAGES, ...DOMAIN_TEST_PACKAGES] : DOMAIN_PACKAGES;
          if (!allowed.includes(specifier))
            broken(`domain imports only the pure packages ${allowed.join(', ')}`);
        }
      }
      if (file.startsWith('src/engine/')) {
        if (target !== undefined && ABOVE_ENGINE.some((layer) => target.startsWith(layer))) {
          broken('engine never imports api or cli');
        }
        if (target === undefined && DRIVER_PACKAGES.includes(packageOf(specifier))) {
          broken('engine never imports a database driver');
        }
      }
      if (
        file.startsWith('src/app/') &&
        target !== undefined &&
        ABOVE_APP.some((l) => target.startsWith(l))
      ) {
        broken('app and its services never import api or cli');
      }
      if (isRouteModule(file) && target !== undefined && isRouteModule(target)) {
        broken('a route module never imports another route module');
      }
      if (isRouteModule(file) && target?.startsWith('src/store/')) {
        broken('a route module reads the store only through a service');
      }
    }
  }
  return found;
}

function sourcesUnder(root: string, dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) sourcesUnder(root, rel, into);
    else if (entry.name.endsWith('.ts')) into.set(rel, fs.readFileSync(path.join(root, rel), 'utf8'));
  }
  return into;
}

describe('architecture: the import direction', () => {
  const sources = sourcesUnder(path.join(import.meta.dirname, '..', '..'), 'src');

  it('holds in every module under src', () => {
    expect(sources.size).toBeGreaterThan(150);
    // The rules on routes and services have something to check: neither set is empty.
    expect([...sources.keys()].filter(isRouteModule).length).toBeGreaterThan(20);
    expect([...sources.keys()].filter((f) => f.startsWith('src/app/services/')).length).toBeGreaterThan(15);
    expect(layeringViolations(sources)).toEqual([]);
  });

  it('reads static, re-export, side-effect, multi-line and dynamic imports', () => {
    const source = [
      "import type { A } from './a.ts';",
      'import {',
      '  b,',
      '  c,',
      "} from '../b.ts';",
      "export { d } from './d.ts';",
      "export * from 'decimal.js';",
      "import './side-effect.ts';",
      "const { e } = await import('./e.ts');",
      "const text = 'not an import from here';",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      './a.ts',
      '../b.ts',
      './d.ts',
      'decimal.js',
      './side-effect.ts',
      './e.ts',
    ]);
    // The real sources are read too: money.ts is built on decimal.js.
    expect(importsOf(sources.get('src/domain/money.ts')!)).toContain('decimal.js');
  });

  it('finds each kind of violation', () => {
    const broken = new Map([
      [
        'src/domain/a.ts',
        "import { x } from '../store/db.ts';\nimport pg from 'pg';\nimport fs from 'node:fs';\n" +
          "import f from '../../test/fixtures/f.json' with { type: 'json' };",
      ],
      [
        'src/domain/a.test.ts',
        "import fs from 'node:fs';\nimport f from '../../test/fixtures/f.json' with { type: 'json' };\n" +
          "import { y } from '../../test/support/stores.ts';",
      ],
      [
        'src/engine/b.ts',
        "import type { S } from '../api/server.ts';\nimport { PGlite } from '@electric-sql/pglite/x';",
      ],
      ['src/engine/c.ts', "const m = await import('../cli/main.ts');\nimport pg from 'pg';"],
      [
        'src/api/analytics/d.routes.ts',
        "import { e } from './e.routes.ts';\nimport { f } from '../f.ts';\n" +
          "import { q } from '../../store/queries/q.ts';\nimport { s } from '../../app/services/s.service.ts';",
      ],
      ['src/api/g.ts', "import { h } from './h.routes.ts';\nimport { q } from '../store/queries/q.ts';"],
      [
        'src/app/services/s.service.ts',
        "import type { Body } from '../../api/schemas/x.schemas.ts';\nimport { t } from './t.ts';\n" +
          "import { q } from '../../store/queries/q.ts';\nexport { u } from '../../cli/u.ts';",
      ],
      ['src/app/system.ts', "const { app } = await import('../api/server.ts');"],
    ]);
    expect(layeringViolations(broken)).toEqual([
      'src/domain/a.ts → ../store/db.ts: domain imports only domain',
      `src/domain/a.ts → pg: domain imports only the pure packages ${DOMAIN_PACKAGES.join(', ')}`,
      `src/domain/a.ts → node:fs: domain imports only the pure packages ${DOMAIN_PACKAGES.join(', ')}`,
      'src/domain/a.ts → ../../test/fixtures/f.json: domain imports only domain',
      'src/domain/a.test.ts → ../../test/support/stores.ts: domain imports only domain',
      'src/engine/b.ts → ../api/server.ts: engine never imports api or cli',
      'src/engine/b.ts → @electric-sql/pglite/x: engine never imports a database driver',
      'src/engine/c.ts → ../cli/main.ts: engine never imports api or cli',
      'src/engine/c.ts → pg: engine never imports a database driver',
      'src/api/analytics/d.routes.ts → ./e.routes.ts: a route module never imports another route module',
      'src/api/analytics/d.routes.ts → ../../store/queries/q.ts: a route module reads the store only through a service',
      'src/app/services/s.service.ts → ../../api/schemas/x.schemas.ts: app and its services never import api or cli',
      'src/app/services/s.service.ts → ../../cli/u.ts: app and its services never import api or cli',
      'src/app/system.ts → ../api/server.ts: app and its services never import api or cli',
    ]);
  });
});
