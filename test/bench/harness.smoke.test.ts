import { describe, expect, inject, it } from 'vitest';
import { formatReport } from '../../bench/report.ts';
import { runBench } from '../../bench/run.ts';
import { backDated } from '../../bench/workloads/back-dated.ts';
import { fanIn } from '../../bench/workloads/fan-in.ts';
import { responsiveness } from '../../bench/workloads/responsiveness.ts';

/** The harness at a tiny scale: the report has its fields and the jobs completed. Never asserts a time. */
describe('bench harness (smoke)', () => {
  it('runs back-dated and fan-in at scale 0.01 in embedded mode', { timeout: 180_000 }, async () => {
    const report = await runBench({
      workloads: [backDated, fanIn],
      mode: 'embedded',
      scale: 0.01,
      say: () => {},
    });
    expect(report.phases.map((p) => `${p.workload}/${p.phase}`)).toEqual([
      'back-dated/one-txn',
      'fan-in/transactions',
    ]);
    for (const phase of report.phases) {
      expect(phase.completed, phase.failures.join('; ')).toBe(true);
      expect(phase.records).toBeGreaterThan(0);
      expect(phase.endToEndSeconds).toBeGreaterThan(0);
      expect(phase.rowsWrittenTotal).toBeGreaterThan(0);
      expect(phase.rowsWritten.transactions).toBeGreaterThan(0);
      expect(Object.keys(phase.stageSeconds)).toContain('series');
      expect(phase.floor.rows).toBe(phase.rowsWrittenTotal);
      expect(phase.floor.seconds).toBeGreaterThan(0);
      expect(phase.peakRssMb).toBeGreaterThan(0);
    }
    expect(formatReport(report)).toContain('back-dated/one-txn');
  });

  it('runs responsiveness at scale 0.01 with its probes', { timeout: 180_000 }, async () => {
    const report = await runBench({
      workloads: [responsiveness],
      mode: 'embedded',
      scale: 0.01,
      say: () => {},
    });
    const [phase] = report.phases;
    expect(phase!.completed, phase!.failures.join('; ')).toBe(true);
    expect(phase!.records).toBe(500);
    expect(report.probes.map((p) => p.path)).toEqual(['/health/live', '/portfolios/RESP_PROBE/positions']);
    for (const probe of report.probes) {
      expect(probe.samples).toBeGreaterThan(0);
      expect(probe.errors).toBe(0);
      expect(probe.maxMs).toBeGreaterThanOrEqual(probe.p99Ms);
      expect(probe.p99Ms).toBeGreaterThanOrEqual(probe.p50Ms);
    }
    expect(formatReport(report)).toContain('/health/live');
  });

  it.runIf(inject('kafkaBrokers') !== '' && inject('pgAdminUrl') !== '')(
    'runs fan-in at scale 0.01 in kafka mode',
    { timeout: 180_000 },
    async () => {
      const report = await runBench({
        workloads: [fanIn],
        mode: 'kafka',
        scale: 0.01,
        say: () => {},
        kafkaBrokers: inject('kafkaBrokers').split(','),
      });
      expect(report.kafka).toBe(
        'given brokers; every role in the bench process; the broker is a separate process',
      );
      const [phase] = report.phases;
      expect(phase!.completed, phase!.failures.join('; ')).toBe(true);
      expect(phase!.rowsWritten.transactions).toBeGreaterThan(0);
      expect(Object.keys(phase!.stageSeconds)).toContain('series');
    },
  );
});
