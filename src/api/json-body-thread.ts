import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../domain/errors.ts';
import type { BodyProblem, BodyReply, BodyRequest } from './json-body-protocol.ts';

/**
 * Bodies from this size on are read on the body thread. Below it the event loop's thread parses in a few
 * milliseconds; above it a request of 50,000 records (18 MB) held that thread for 200–400 ms in one go — decoding,
 * parsing and checking it — and young-generation collections of the records built in that go added more.
 */
export const THREADED_JSON_MIN_BYTES = 1 << 20;

const problemError = (p: BodyProblem): Error =>
  p.code ? new AppError(p.code as ErrorCode, p.message, p.errors ?? [], p.extra ?? {}) : new Error(p.message);

/**
 * The event loop's side of the JSON body thread (json-body-worker.ts), started at the first large body. The
 * body comes back in slices, one per turn of the event loop, so probes and queries are answered between them.
 */
export class JsonBodyThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve(reply: BodyReply): void; reject(error: Error): void }
  >();

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./json-body-worker.ts', import.meta.url));
    worker.unref();
    worker.on('message', (reply: BodyReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      waiter?.resolve(reply);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the JSON body thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private ask(request: BodyRequest, transfer: ArrayBuffer[] = []): Promise<BodyReply> {
    const worker = this.started();
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
      worker.postMessage(request, transfer);
    });
  }

  /** The body as JSON (the same value and the same errors as readJsonBody) and the SHA-256 of its bytes. */
  async read(body: Uint8Array): Promise<{ value: unknown; digest: string }> {
    const id = this.nextId++;
    // A copy of exactly the body, so that moving it to the thread cannot take a pooled buffer from under others.
    const bytes = new Uint8Array(body);
    const first = await this.ask({ op: 'parse', id, bytes }, [bytes.buffer]);
    if (!first.ok) throw problemError(first.problem);
    if (!('shell' in first)) throw new Error('JSON body thread: a slice came before the body');
    const { shell, digest, slices } = first;
    for (let index = 0; index < slices.length; index++) {
      const reply = await this.ask({ op: 'slice', id, index });
      if (!reply.ok) throw problemError(reply.problem);
      if (!('items' in reply)) throw new Error('JSON body thread: a body came instead of a slice');
      const key = slices[index] as string | null;
      const target = (key === null ? shell : (shell as Record<string, unknown>)[key]) as unknown[];
      for (const item of reply.items) target.push(item);
    }
    return { value: shell, digest };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}
