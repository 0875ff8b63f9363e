import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fxRate,
  type PersistHarness,
  persistHarness,
  portfolio,
  price,
  raw,
  resetPersistTables,
  transaction,
} from '../../test/support/persist-harness.ts';
import type { OutgoingRecord } from '../log/log.ts';
import type { Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { openPglite } from '../store/pglite.ts';
import { TOPICS } from './topics.ts';

type Raw = Omit<OutgoingRecord, 'headers'>;

/** Each fact key with a few contents; a delivery picks one of them, so duplicates and A→B→A both occur. */
const FACTS: Array<{ key: string; variants: Raw[] }> = [
  ...['T1', 'T2', 'T3'].map((id) => ({
    key: id,
    variants: [
      raw.transaction(transaction({ transaction_id: id })),
      raw.transaction(
        transaction({ transaction_id: id, quantity: '7', transaction_date: '2024-02-01T10:00:00.000Z' }),
      ),
      raw.transaction(
        transaction({ transaction_id: id, portfolio_id: 'P2', security_id: 'MSFT', instrument_id: 'MSFT' }),
      ),
    ],
  })),
  ...['2024-03-10', '2024-03-11'].map((d) => ({
    key: `AAPL|${d}`,
    variants: [raw.price(price({ price_date: d })), raw.price(price({ price_date: d, price: '149.5' }))],
  })),
  {
    key: 'EUR|USD',
    variants: [raw.fx(fxRate()), raw.fx(fxRate({ rate: '1.1' })), raw.fx(fxRate({ rate: '1.2' }))],
  },
  { key: 'P1', variants: [raw.portfolio(portfolio()), raw.portfolio(portfolio({ status: 'CLOSED' }))] },
];

interface Delivery {
  record: Raw;
  /** Stable across orders, so history rows (which name the superseding job) compare between runs. */
  jobId: string;
}

/** Per key, the contents in the order they are delivered; then a random interleaving that keeps that order. */
const scenario = fc
  .tuple(
    ...FACTS.map((f) =>
      fc.array(fc.integer({ min: 0, max: f.variants.length - 1 }), { minLength: 0, maxLength: 3 }),
    ),
  )
  .chain((perKey) => {
    const tokens = perKey.flatMap((picks, k) => picks.map(() => k));
    return fc.record({
      perKey: fc.constant(perKey),
      order: fc.shuffledSubarray(tokens, { minLength: tokens.length, maxLength: tokens.length }),
      batchSize: fc.integer({ min: 1, max: 6 }),
    });
  })
  .map(({ perKey, order, batchSize }) => {
    const byKey = (k: number): Delivery[] =>
      perKey[k]!.map((variant, i) => ({
        record: FACTS[k]!.variants[variant]!,
        jobId: `job-${FACTS[k]!.key}-${i}`,
      }));
    const next = perKey.map(() => 0);
    const interleaved = order.map((k) => byKey(k)[next[k]!++]!);
    const canonical = perKey.flatMap((_, k) => byKey(k));
    return { interleaved, canonical, batchSize };
  });

async function run(h: PersistHarness, deliveries: readonly Delivery[], batchSize: number) {
  await resetPersistTables(h.db);
  for (const d of deliveries) await h.ingest([d.record], d.jobId, d.jobId);
  await h.drain(batchSize);
  return { facts: await h.facts(), changes: await changesOf(h) };
}

/**
 * What the change events said, whatever the batching: per topic and identity, the earliest date, the latest
 * (prices say up to which date they changed) and the jobs.
 * Coalescing merges events, so their number depends on the batches; this summary does not.
 */
async function changesOf(h: PersistHarness) {
  const summary = new Map<string, { from_date: unknown; to_date: unknown; jobs: Set<string> }>();
  for (const topic of [
    TOPICS.transactionsChanged,
    TOPICS.pricesChanged,
    TOPICS.fxChanged,
    TOPICS.portfoliosChanged,
  ]) {
    for (const e of await h.events(topic)) {
      const { from_date, to_date, ...identity } = e.value;
      const id = JSON.stringify([topic, e.key, identity]);
      const seen = summary.get(id) ?? { from_date, to_date, jobs: new Set<string>() };
      if (typeof to_date === 'string' && (seen.to_date === undefined || to_date > String(seen.to_date))) {
        seen.to_date = to_date;
      }
      if (
        typeof from_date === 'string' &&
        (seen.from_date === undefined || from_date < String(seen.from_date))
      ) {
        seen.from_date = from_date;
      }
      for (const j of e.headers.job_ids ?? []) seen.jobs.add(j);
      summary.set(id, seen);
    }
  }
  return [...summary.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, s]) => ({ id, from_date: s.from_date, to_date: s.to_date, jobs: [...s.jobs].sort() }));
}

describe('persist stage, property', () => {
  let dbs: Db[];
  beforeAll(async () => {
    dbs = await Promise.all(
      [0, 1].map(async () => {
        const db = await openPglite(undefined);
        await migrate(db);
        return db;
      }),
    );
  });
  afterAll(async () => {
    await Promise.all(dbs.map((db) => db.close()));
  });

  it('gives the same facts, history and changes for any order of keys and any batch sizes', async () => {
    const [subject, reference] = dbs.map((db) => persistHarness(db)) as [PersistHarness, PersistHarness];
    await fc.assert(
      fc.asyncProperty(scenario, async ({ interleaved, canonical, batchSize }) => {
        const expected = await run(reference, canonical, 1);
        const actual = await run(subject, interleaved, batchSize);
        expect(actual.facts).toEqual(expected.facts);
        expect(actual.changes).toEqual(expected.changes);
      }),
      { numRuns: 25 },
    );
  });
});
