import type { BenchReport } from './run.ts';

const s = (x: number) => (x < 10 ? x.toFixed(3) : x.toFixed(1));
const int = (n: number) => n.toLocaleString('en-US');

/** Short stage labels for the table: p(ersist), pos(ition), ser(ies). */
function stageCell(stages: Record<string, number>): string {
  const parts = Object.entries(stages).map(([name, sec]) => `${name} ${s(sec)}`);
  return parts.length > 0 ? parts.join(', ') : '—';
}

/** The mode, with the stage replicas in Kafka mode when more than one: `kafka ×2`. */
const modeCell = (report: BenchReport): string =>
  report.replicas > 1 ? `${report.mode} ×${report.replicas}` : report.mode;

function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The printed tables (Markdown, so they paste into docs/benchmarks.md as they are). */
export function formatReport(report: BenchReport): string {
  const out: string[] = [];
  if (report.phases.length > 0) {
    out.push(
      markdownTable(
        [
          'workload',
          'mode',
          'scale',
          'records',
          'end-to-end s',
          'per-stage s (sum of batches)',
          'rows written',
          'floor s',
          'ratio',
          'peak RSS MB',
        ],
        report.phases.map((p) => [
          `${p.workload}/${p.phase}${p.completed ? '' : ' (NOT COMPLETE)'}`,
          modeCell(report),
          String(p.scale),
          int(p.records),
          s(p.endToEndSeconds),
          stageCell(p.stageSeconds),
          int(p.rowsWrittenTotal),
          s(p.floor.seconds),
          p.ratio === null ? '—' : `${p.ratio.toFixed(1)}×`,
          String(p.peakRssMb),
        ]),
      ),
    );
  }
  if (report.queries.length > 0) {
    out.push('');
    out.push(
      markdownTable(
        [
          'queries',
          'mode',
          'scale',
          'requests',
          'concurrency',
          'req/s',
          'p50 ms',
          'p99 ms',
          'errors',
          'body KB',
          'peak RSS MB',
        ],
        report.queries.map((q) => [
          q.endpoint,
          modeCell(report),
          String(q.scale),
          int(q.requests),
          String(q.concurrency),
          q.requestsPerSecond.toFixed(0),
          q.p50Ms.toFixed(1),
          q.p99Ms.toFixed(1),
          String(q.errors),
          (q.bytes / 1024).toFixed(1),
          String(q.peakRssMb),
        ]),
      ),
    );
    const during = report.ingestDuringQueries;
    if (during) {
      out.push(
        `\nwhile the clients ran: ${int(during.records)} records ingested in ${int(during.jobs)} requests ` +
          `(${during.rounds} round(s)), ${int(during.completeAtEnd)} of their jobs complete when the last client finished`,
      );
    }
  }
  if (report.probes.length > 0) {
    out.push('');
    out.push(
      markdownTable(
        [
          'probe during',
          'endpoint',
          'mode',
          'scale',
          'every ms',
          'samples',
          'p50 ms',
          'p99 ms',
          'max ms',
          'errors',
        ],
        report.probes.map((p) => [
          `${p.workload}/${p.phase}`,
          p.path,
          modeCell(report),
          String(p.scale),
          String(p.intervalMs),
          int(p.samples),
          p.p50Ms.toFixed(1),
          p.p99Ms.toFixed(1),
          p.maxMs.toFixed(1),
          String(p.errors),
        ]),
      ),
    );
  }
  return out.join('\n');
}

/** Rows written per table, one line per phase (the detail behind "rows written"). */
export function formatRows(report: BenchReport): string {
  return report.phases
    .map(
      (p) =>
        `${p.workload}/${p.phase}: ${Object.entries(p.rowsWritten)
          .map(([t, n]) => `${t} ${int(n)}`)
          .join(', ')}`,
    )
    .join('\n');
}
