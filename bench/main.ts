/**
 * `npm run bench -- --workload <name|all> [--mode embedded|postgres|kafka] [--scale F] [--json FILE] [--seed N]`
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
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(
    `usage: npm run bench -- --workload <${[...WORKLOAD_NAMES, 'all'].join('|')}>[,…] ` +
      `[--mode embedded|postgres|kafka] [--scale F] [--seed N] [--json FILE]\n`,
  );
  process.exit(0);
}

const mode = values.mode as Mode;
if (!MODES.includes(mode)) fail(`unknown --mode ${values.mode} (embedded, postgres or kafka)`);
const scale = Number(values.scale);
if (!Number.isFinite(scale) || scale <= 0) fail(`--scale must be a positive number, got ${values.scale}`);
const seed = Number(values.seed);
if (!Number.isSafeInteger(seed)) fail(`--seed must be an integer, got ${values.seed}`);
const names = values.workload === 'all' ? WORKLOAD_NAMES : values.workload.split(',');
const unknown = names.filter((n) => !WORKLOAD_NAMES.includes(n));
if (unknown.length > 0) fail(`unknown workload ${unknown.join(', ')} (${WORKLOAD_NAMES.join(', ')} or all)`);

const started = performance.now();
const report = await runBench({
  workloads: WORKLOADS.filter((w) => names.includes(w.name)),
  mode,
  scale,
  seed,
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`,
});
process.stdout.write(`\n${formatReport(report)}\n\nrows written per table:\n${formatRows(report)}\n`);
process.stdout.write(
  `\n${report.date} · ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGb} GB · Node ${report.machine.node}` +
    ` · total ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
);
if (values.json) {
  fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`report written to ${values.json}\n`);
}
const incomplete = report.phases.filter((p) => !p.completed);
if (incomplete.length > 0) {
  process.stderr.write(`bench: ${incomplete.length} phase(s) did not complete\n`);
  process.exitCode = 1;
}
