import { runChecks } from '../store/quality/checks.ts';
import type { QualityReport } from '../store/quality/report.ts';
import { apiKeyHeaders } from './api-key.ts';
import { UserError } from './errors.ts';
import { openStoreFor } from './open-store.ts';

export interface CheckFlags {
  data?: string;
  url?: string;
  json?: boolean;
}

/** The report as text: one line per check, the failing rows of each failed check beneath it. */
export function formatReport(report: QualityReport): string {
  const lines: string[] = [];
  for (const c of report.checks) {
    const mark = c.status === 'pass' ? 'PASS' : 'FAIL';
    const count = c.status === 'pass' ? '' : ` — ${c.failing} failing`;
    lines.push(`${mark}  ${c.name}${count}`);
    if (c.status === 'fail') {
      lines.push(`      ${c.description}${c.tolerance ? ` (tolerance: ${c.tolerance})` : ''}`);
      for (const example of c.examples) lines.push(`      ${JSON.stringify(example)}`);
    }
  }
  lines.push(`pas check: ${report.passed} passed, ${report.failed} failed`);
  return `${lines.join('\n')}\n`;
}

async function reportOf(flags: CheckFlags): Promise<QualityReport> {
  if (flags.url) {
    const res = await fetch(new URL('/data-quality', flags.url), { headers: apiKeyHeaders() });
    if (!res.ok) throw new UserError(`GET ${res.url}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as QualityReport;
  }
  const store = await openStoreFor(flags, 'Or ask the running server: pas check --url http://127.0.0.1:8000');
  try {
    return await runChecks(store.db);
  } finally {
    await store.close();
  }
}

/**
 * `pas check`: runs the data-quality checks on the store (or, with --url, asks a running server's
 * GET /data-quality) and prints the outcome; exit code 1 when any check fails.
 */
export async function runCheck(flags: CheckFlags): Promise<void> {
  const report = await reportOf(flags);
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  if (report.status !== 'pass') process.exitCode = 1;
}
