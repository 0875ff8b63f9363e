import { parentPort, workerData } from 'node:worker_threads';

/** What the load generator is asked to send: `requests` requests by `concurrency` concurrent loops. */
export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
  requests: number;
  concurrency: number;
  warmup: number;
}

export interface LoadResult {
  latenciesMs: number[];
  errors: number;
  firstError?: string;
  bytes: number;
  seconds: number;
}

/**
 * The query load generator, run in a worker thread so that the clients' fetch and JSON handling do not share
 * the server's event loop (the server under test runs in the bench's main thread).
 */
async function run(spec: LoadSpec): Promise<LoadResult> {
  const init: RequestInit =
    spec.method === 'POST'
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(spec.body) }
      : { method: 'GET' };
  for (let i = 0; i < spec.warmup; i++) await (await fetch(spec.url, init)).arrayBuffer();
  const latenciesMs: number[] = [];
  let issued = 0;
  let errors = 0;
  let firstError: string | undefined;
  let bytes = 0;
  const started = performance.now();
  const loop = async () => {
    while (issued < spec.requests) {
      issued++;
      const t = performance.now();
      try {
        const response = await fetch(spec.url, init);
        const body = await response.arrayBuffer();
        bytes += body.byteLength;
        if (!response.ok) {
          errors++;
          firstError ??= `${response.status} ${new TextDecoder().decode(body).slice(0, 300)}`;
        }
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
      latenciesMs.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, loop));
  return { latenciesMs, errors, firstError, bytes, seconds: (performance.now() - started) / 1000 };
}

if (parentPort) {
  const port = parentPort;
  run(workerData as LoadSpec).then(
    (result) => port.postMessage(result),
    (error: unknown) => {
      throw error;
    },
  );
}
