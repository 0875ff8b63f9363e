import { parentPort, workerData } from 'node:worker_threads';

/** What the probe polls: each path on its own fixed schedule, until told to stop. */
export interface ProbeSpec {
  baseUrl: string;
  paths: Array<{ name: string; path: string; intervalMs: number }>;
}

export interface ProbeSeries {
  name: string;
  path: string;
  /** One request and latency per scheduled slot, measured from the slot's scheduled time. */
  latenciesMs: number[];
  errors: number;
  firstError?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One path on a fixed schedule, open loop: each slot's request is sent when it falls due, whether or not the
 * earlier ones were answered, and its latency runs from that due time. A stall of 10 s therefore shows in
 * every slot it covered, as independent clients polling at that rate would see it; a closed loop (send, wait,
 * send) would record one slow sample for the whole stall (coordinated omission).
 */
async function probe(
  baseUrl: string,
  target: ProbeSpec['paths'][number],
  stopped: () => boolean,
): Promise<ProbeSeries> {
  const series: ProbeSeries = { name: target.name, path: target.path, latenciesMs: [], errors: 0 };
  const inFlight: Promise<void>[] = [];
  const one = async (due: number) => {
    try {
      const response = await fetch(`${baseUrl}${target.path}`);
      const body = await response.arrayBuffer();
      if (!response.ok) {
        series.errors++;
        series.firstError ??= `${response.status} ${new TextDecoder().decode(body).slice(0, 300)}`;
      }
    } catch (error) {
      series.errors++;
      series.firstError ??= String(error);
    }
    series.latenciesMs.push(performance.now() - due);
  };
  const start = performance.now();
  for (let slot = 0; ; slot++) {
    const due = start + slot * target.intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (stopped()) break;
    inFlight.push(one(due));
  }
  await Promise.all(inFlight);
  return series;
}

if (parentPort) {
  const port = parentPort;
  const spec = workerData as ProbeSpec;
  let stop = false;
  port.on('message', (message: unknown) => {
    if (message === 'stop') stop = true;
  });
  port.postMessage('ready');
  Promise.all(spec.paths.map((p) => probe(spec.baseUrl, p, () => stop))).then(
    (series) => {
      port.postMessage(series);
      port.close();
    },
    (error: unknown) => {
      throw error;
    },
  );
}
