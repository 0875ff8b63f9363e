/**
 * `npm run bench -- --workload <name|all> [--mode embedded|postgres|kafka[,…]] [--replicas N[,…]] [--pipeline-nice N] [--scale F] [--json FILE] [--seed N]`
 * Runs design §9's workloads end to end on a fresh store each, with the bulk-load floor in the same run, and
 * prints the table (docs/benchmarks.md explains it).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { formatReport, formatRows } from './report.ts';
import { runBench } from './run.ts';
import { MODES, type Mode } from './target.ts';
import { WORKLOAD_NAMES, WORKLOADS } from './workloads/index.ts';

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    workload: { type: 'string', default: 'all' },
    mode: { type: 'string', default: 'embedded' },
    scale: { type: 'string', default: '1' },
    seed: { type: 'string', default: '42' },
    replicas: { type: 'string', default: '1' },
    'pipeline-nice': { type: 'string', default: '10' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(
    `usage: npm run bench -- --workload <${[...WORKLOAD_NAMES, 'all'].join('|')}>[,…] ` +
      `[--mode embedded|postgres|kafka][,…] [--replicas N[,…]] [--pipeline-nice N] [--scale F] [--seed N] [--json FILE]\n`,
  );
  process.exit(0);
}

const modes = values.mode.split(',') as Mode[];
const badMode = modes.find((m) => !MODES.includes(m));
if (badMode !== undefined) fail(`unknown --mode ${badMode} (embedded, postgres or kafka)`);
const scale = Number(values.scale);
if (!Number.isFinite(scale) || scale <= 0) fail(`--scale must be a positive number, got ${values.scale}`);
const seed = Number(values.seed);
if (!Number.isSafeInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
const replicaCounts = values.replicas.split(',').map(Number);
if (!replicaCounts.every((r) => Number.isInteger(r) && r >= 1))
  fail(`--replicas must be positive integers, got ${values.replicas}`);
if (replicaCounts.some((r) => r > 1) && !modes.includes('kafka'))
  fail('--replicas needs --mode kafka (stage replicas are processes)');
const pipelineNice = Number(values['pipeline-nice']);
if (!Number.isInteger(pipelineNice) || pipelineNice < 0 || pipelineNice > 19)
  fail(
    `--pipeline-nice must be 0–19 (the PAS_CPU_NICE of the pipeline's processes), got ${values['pipeline-nice']}`,
  );
const names = values.workload === 'all' ? WORKLOAD_NAMES : values.workload.split(',');
const unknown = names.filter((n) => !WORKLOAD_NAMES.includes(n));
if (unknown.length > 0) fail(`unknown workload ${unknown.join(', ')} (${WORKLOAD_NAMES.join(', ')} or all)`);

// One run per mode (and per replica count in Kafka mode), one after the other: comparable figures from one command.
const runs = modes.flatMap((mode) =>
  (mode === 'kafka' ? replicaCounts : [1]).map((replicas) => ({ mode, replicas })),
);
const reports = [];
for (const { mode, replicas } of runs) {
  const started = performance.now();
  const report = await runBench({
    workloads: WORKLOADS.filter((w) => names.includes(w.name)),
    mode,
    scale,
    seed,
    replicas,
    pipelineNice,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`,
  });
  reports.push(report);
  const load = report.loadAverage.map((l) => l.toFixed(1)).join(' → ');
  process.stdout.write(`\n${formatReport(report)}\n\nrows written per table:\n${formatRows(report)}\n`);
  process.stdout.write(
    `\n${report.date} · ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB · Node ${report.machine.node}` +
      ` · load average (1 min) ${load} · total ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
  const incomplete = report.phases.filter((p) => !p.completed);
  if (incomplete.length > 0) {
    process.stderr.write(`bench: ${incomplete.length} phase(s) did not complete (${mode})\n`);
    process.exitCode = 1;
  }
}
if (values.json) {
  // One report, or an array of them when several modes or replica counts ran.
  fs.writeFileSync(values.json, `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  process.stdout.write(`report written to ${values.json}\n`);
}
