import { createHash } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { AppError } from '../domain/errors.ts';
import { readJsonBody } from './json-body.ts';
import type { BodyReply, BodyRequest } from './json-body-protocol.ts';

/**
 * The JSON body thread (json-body-thread.ts is the other side): a body of megabytes is decoded, parsed and
 * checked here, then handed back in slices of SLICE_ITEMS array items, one slice per message the event loop's
 * thread asks for, so that no single turn of that loop rebuilds 50,000 records.
 */
const SLICE_ITEMS = 2_000;

const port = parentPort!;
const send = (reply: BodyReply) => port.postMessage(reply);

/** Bodies being handed back, by request id: the arrays still to send, slice by slice. */
const pending = new Map<number, Array<{ items: unknown[]; from: number }>>();

function split(value: unknown) {
  const slices: Array<string | null> = [];
  const parts: Array<{ items: unknown[]; from: number }> = [];
  const cut = (key: string | null, items: unknown[]) => {
    for (let from = 0; from < items.length; from += SLICE_ITEMS) {
      slices.push(key);
      parts.push({ items, from });
    }
  };
  if (Array.isArray(value)) {
    if (value.length <= SLICE_ITEMS) return { shell: value, slices, parts };
    cut(null, value);
    return { shell: [], slices, parts };
  }
  if (value === null || typeof value !== 'object') return { shell: value, slices, parts };
  const shell: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, child] of Object.entries(shell)) {
    if (Array.isArray(child) && child.length > SLICE_ITEMS) {
      shell[key] = [];
      cut(key, child);
    }
  }
  return { shell, slices, parts };
}

function problemOf(error: unknown) {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, errors: [...error.errors], extra: error.extra };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

port.on('message', (request: BodyRequest) => {
  const { id } = request;
  try {
    if (request.op === 'parse') {
      const { value } = readJsonBody(request.bytes);
      const digest = createHash('sha256').update(request.bytes).digest('hex');
      const { shell, slices, parts } = split(value);
      if (parts.length > 0) pending.set(id, parts);
      send({ id, ok: true, shell, digest, slices });
      return;
    }
    const parts = pending.get(id);
    const part = parts?.[request.index];
    if (!parts || !part) throw new Error(`JSON body thread: no slice ${request.index} of body ${id}`);
    if (request.index === parts.length - 1) pending.delete(id);
    send({ id, ok: true, items: part.items.slice(part.from, part.from + SLICE_ITEMS) });
  } catch (error) {
    pending.delete(id);
    send({ id, ok: false, problem: problemOf(error) });
  }
});
