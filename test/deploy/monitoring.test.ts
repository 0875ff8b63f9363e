import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { type ApiHarness, openApi } from '../api/api-harness.ts';
import { stores } from '../support/stores.ts';

/**
 * The Grafana dashboard and the Prometheus alert rules (deploy/) name metrics; a name the process does not
 * export is a panel that stays empty and an alert that never fires. Every name must be in /metrics.
 */

const root = new URL('../../', import.meta.url);
const read = (file: string) => fs.readFileSync(new URL(file, root), 'utf8');

interface Rule {
  alert: string;
  expr: string;
}
const rules = parseAllDocuments(read('deploy/prometheus/alerts.yml'))
  .flatMap((d) => (d.toJS() as { groups: Array<{ rules: Rule[] }> }).groups)
  .flatMap((g) => g.rules);
const dashboard = JSON.parse(read('deploy/grafana/dashboards/pas.json')) as {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
};

/** Metric names in a PromQL expression: ours (pas_*) and the Node client's defaults (process_*, nodejs_*). */
const metricsIn = (expr: string) =>
  [...expr.matchAll(/\b((?:pas|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);

/** Exported series names: histograms and summaries also as _bucket, _sum and _count. */
function exportedNames(exposition: string): Set<string> {
  const names = new Set<string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    names.add(name!);
    if (type === 'histogram' || type === 'summary') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(name! + suffix);
    }
  }
  return names;
}

const sample = (exposition: string, series: string) => {
  const line = exposition.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('monitoring files against /metrics', () => {
  let api: ApiHarness;
  let exposition: string;
  beforeAll(async () => {
    api = await openApi(stores()[0]!);
    const { db } = api.system;
    // One blocked key and jobs in two states, so the pipeline gauges have something to count.
    await db.query(
      `INSERT INTO position_keys (portfolio_id, security_id, status, blocked_reason)
       VALUES ('P', 'S1', 'BLOCKED', 'OVERSOLD'), ('P', 'S2', 'CURRENT', NULL)`,
    );
    await db.query(
      `INSERT INTO ingestion_jobs (job_id, endpoint, entity_type, status, accepted_count, request_hash, correlation_id, submitted_at)
       VALUES ('j1', '/ingest/transactions', 'transaction', 'accepted', 1, 'h', 'c', now() - interval '90 seconds'),
              ('j2', '/ingest/transactions', 'transaction', 'failed', 1, 'h', 'c', now()),
              ('j3', '/ingest/transactions', 'transaction', 'failed', 1, 'h', 'c', now())`,
    );
    const response = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    exposition = response.body;
  });
  afterAll(() => api.close());

  it('exports every metric the alert rules name', () => {
    expect(rules.length).toBeGreaterThan(5);
    const exported = exportedNames(exposition);
    for (const rule of rules) {
      for (const name of metricsIn(rule.expr)) expect(exported, `${rule.alert}: ${name}`).toContain(name);
    }
  });

  it('exports every metric the Grafana dashboard charts', () => {
    const exported = exportedNames(exposition);
    const named = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricsIn(t.expr)));
    expect(named.length).toBeGreaterThanOrEqual(dashboard.panels.length);
    for (const panel of dashboard.panels) {
      for (const t of panel.targets) {
        for (const name of metricsIn(t.expr)) expect(exported, `${panel.title}: ${name}`).toContain(name);
      }
    }
  });

  it('counts jobs by status, the oldest waiting job and the blocked keys from the database', () => {
    expect(sample(exposition, 'pas_jobs{status="accepted"}')).toBe(1);
    expect(sample(exposition, 'pas_jobs{status="failed"}')).toBe(2);
    expect(sample(exposition, 'pas_jobs{status="complete"}')).toBe(0);
    expect(sample(exposition, 'pas_blocked_keys')).toBe(1);
    const age = sample(exposition, 'pas_oldest_accepted_job_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(90);
    expect(age).toBeLessThan(90 + 60);
  });
});
