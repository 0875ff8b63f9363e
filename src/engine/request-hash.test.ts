import { describe, expect, it } from 'vitest';
import { contentHash } from '../domain/canonical.ts';
import { requestHashOf } from './ingest-service.ts';

describe('requestHashOf', () => {
  it('equals the content hash of the whole request, whatever the key order, across slices', async () => {
    const records = Array.from({ length: 4_500 }, (_, i) => ({
      value: { z: i, a: { y: [1, { c: 'x', b: null }], x: `é\u0000"${i}` }, skipped: undefined },
      key: `P${i % 7}`,
      topic: 'raw_transactions',
    }));
    const expected = contentHash({ endpoint: '/ingest/transactions', entity_type: 'transaction', records });
    expect(
      await requestHashOf({ endpoint: '/ingest/transactions', entityType: 'transaction', records }),
    ).toBe(expected);
  });

  it('hashes an empty request as contentHash does', async () => {
    expect(await requestHashOf({ endpoint: '/ingest/fx-rates', entityType: 'fx_rate', records: [] })).toBe(
      contentHash({ endpoint: '/ingest/fx-rates', entity_type: 'fx_rate', records: [] }),
    );
  });
});
