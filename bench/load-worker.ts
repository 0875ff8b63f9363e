import http from 'node:http';
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
 * The query load generator, run in a worker thread so that the clients' HTTP handling does not share the
 * server's event loop (the server under test may run in the bench's main thread). It speaks node:http over
 * keep-alive connections, one per concurrent loop, and only counts the bytes of an answer: on 2 cores a heavier
 * client (fetch and its web streams took ~3 ms of CPU a request) would measure itself rather than the server.
 */
async function run(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const payload = spec.method === 'POST' ? Buffer.from(JSON.stringify(spec.body)) : undefined;
  const headers: http.OutgoingHttpHeaders =
    payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': payload.length };
  const send = () =>
    new Promise<{ status: number; body: Buffer[]; bytes: number }>((resolve, reject) => {
      const request = http.request(spec.url, { method: spec.method, agent, headers }, (response) => {
        const body: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if ((response.statusCode ?? 0) >= 400) body.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, bytes }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(payload);
    });
  for (let i = 0; i < spec.warmup; i++) await send();
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
        const response = await send();
        bytes += response.bytes;
        if (response.status < 200 || response.status >= 300) {
          errors++;
          firstError ??= `${response.status} ${Buffer.concat(response.body).toString('utf8').slice(0, 300)}`;
        }
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
      latenciesMs.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, loop));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { latenciesMs, errors, firstError, bytes, seconds };
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
