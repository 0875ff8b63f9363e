import { describe, expect, it } from 'vitest';
import type { Row, Sql } from './db.ts';
import { WriteQueue } from './write-queue.ts';

/** A transaction that records what it was sent and answers each statement after a macrotask. */
function recordingTx(failOn?: string) {
  const sent: string[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const tx: Sql = {
    async query<T extends Row>(text: string) {
      sent.push(text);
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      if (text === failOn) throw new Error(`failed: ${text}`);
      return [] as T[];
    },
    async exec() {},
  };
  return { tx, sent, mostAtOnce: () => mostAtOnce };
}

describe('WriteQueue', () => {
  it('sends the first statement at once, the others one at a time in push order', async () => {
    const { tx, sent, mostAtOnce } = recordingTx();
    const queue = new WriteQueue(tx);
    queue.push('a', []);
    expect(sent).toEqual(['a']);
    queue.push('b', []);
    queue.push('c', []);
    await queue.turn();
    queue.push('d', []);
    await queue.done();
    expect(sent).toEqual(['a', 'b', 'c', 'd']);
    expect(mostAtOnce()).toBe(1);
  });

  it('sends nothing after a failure, and done throws the first failure', async () => {
    const { tx, sent } = recordingTx('b');
    const queue = new WriteQueue(tx);
    for (const text of ['a', 'b', 'c', 'd']) queue.push(text, []);
    await expect(queue.done()).rejects.toThrow('failed: b');
    expect(sent).toEqual(['a', 'b']);
  });
});
