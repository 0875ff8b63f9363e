import { describe, expect, it } from 'vitest';
import { chainsOf, type Delivered, outcomeOf } from './fact-chains.ts';

let order = 0;
const d = (key: string, hash: string): Delivered<string> => ({
  record: hash,
  key,
  hash,
  jobIds: [`job-${order}`],
  correlationId: undefined,
  order: order++,
});

describe('fact chains', () => {
  it('groups by key in log order and collapses consecutive equal contents only', () => {
    const chains = chainsOf([
      d('k1', 'A'),
      d('k2', 'X'),
      d('k1', 'A'),
      d('k1', 'B'),
      d('k1', 'A'),
      d('k2', 'X'),
    ]);
    expect(chains.map((c) => [c.key, c.versions.map((v) => v.hash), c.delivered])).toEqual([
      ['k1', ['A', 'B', 'A'], 4],
      ['k2', ['X'], 2],
    ]);
  });

  it('counts a new key as one insert and the rest of its chain as corrections', () => {
    const [chain] = chainsOf([d('k', 'A'), d('k', 'A'), d('k', 'B')]);
    const outcome = outcomeOf(chain!, undefined);
    expect(outcome.applied.map((v) => v.hash)).toEqual(['A', 'B']);
    expect(outcome).toMatchObject({ inserted: 1, corrected: 1, unchanged: 1 });
  });

  it('skips only a first content equal to the stored one', () => {
    const [chain] = chainsOf([d('k', 'A'), d('k', 'B'), d('k', 'A')]);
    expect(outcomeOf(chain!, 'A')).toMatchObject({ inserted: 0, corrected: 2, unchanged: 1 });
    expect(outcomeOf(chain!, 'A').applied.map((v) => v.hash)).toEqual(['B', 'A']);
    expect(outcomeOf(chain!, 'B')).toMatchObject({ inserted: 0, corrected: 3, unchanged: 0 });
    const [same] = chainsOf([d('k', 'A'), d('k', 'A')]);
    expect(outcomeOf(same!, 'A')).toMatchObject({ applied: [], inserted: 0, corrected: 0, unchanged: 2 });
  });
});
