import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { duckType } from '../../src/store/warehouse/columns.ts';
import { DERIVED_TABLES, METRIC_TABLES, STREAMED_TABLES } from '../../src/store/warehouse/tables.ts';

const doc = fs.readFileSync(new URL('../../docs/warehouse.md', import.meta.url), 'utf8');

describe('docs/warehouse.md', () => {
  it('documents every exported table and column with its type', () => {
    for (const table of [...STREAMED_TABLES, ...DERIVED_TABLES, ...Object.values(METRIC_TABLES)]) {
      const start = doc.indexOf(`### \`${table.name}\``);
      expect(start, table.name).toBeGreaterThan(0);
      const next = doc.indexOf('\n### ', start + 1);
      const section = doc.slice(start, next < 0 ? undefined : next);
      const documented = [...section.matchAll(/^\| `([a-z_]+)` +\| ([A-Z0-9(),]+) +\|/gm)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
      expect(documented, table.name).toEqual(table.columns.map((c) => `${c.name} ${duckType(c.type)}`));
    }
  });
});
