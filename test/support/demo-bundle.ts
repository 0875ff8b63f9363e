import type { DemoDataSet } from '../../src/domain/demo/generate.ts';

/** The demo's lists that POST /ingest/portfolio-bundle takes. */
export type DemoBundle = Omit<DemoDataSet, 'benchmarks' | 'benchmark_levels' | 'benchmark_compositions'>;

/** The demo data set as a portfolio bundle: the bundle carries no benchmarks, so the demo's benchmark lists stay out. */
export function demoBundle(data: DemoDataSet): DemoBundle {
  const { benchmarks: _b, benchmark_levels: _l, benchmark_compositions: _c, ...bundle } = data;
  return bundle;
}
