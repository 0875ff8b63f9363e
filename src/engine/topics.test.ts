import { describe, expect, expectTypeOf, it } from 'vitest';
import type { LogRecord } from '../log/log.ts';
import type { Change } from './change-events.ts';
import {
  type FxChanged,
  ofTopic,
  type PositionsChanged,
  type RawFact,
  TOPICS,
  type Topic,
  type TopicPayloads,
} from './topics.ts';

// The type assertions here are checked by `tsc --noEmit` (CI's type check), not at run time.
describe('topic → payload map', () => {
  it('gives every named topic one payload type, and names every topic of the map once', () => {
    expectTypeOf<Topic>().toEqualTypeOf<(typeof TOPICS)[keyof typeof TOPICS]>();
    expectTypeOf<TopicPayloads['raw_transactions']>().toEqualTypeOf<RawFact>();
    const names = Object.values(TOPICS);
    expect(new Set(names).size).toBe(names.length);
  });

  it('narrows a record read from the log to its topic payload by a switch on the topic', () => {
    const read: LogRecord = {
      topic: TOPICS.fxChanged,
      partition: 0,
      offset: 7,
      key: 'EUR-USD',
      value: { from_currency: 'EUR', to_currency: 'USD', from_date: '2024-01-02' },
      headers: {},
      timestamp: '2024-01-02T00:00:00.000Z',
    };
    const record = ofTopic(read);
    switch (record.topic) {
      case TOPICS.fxChanged:
        expectTypeOf(record.value).toEqualTypeOf<FxChanged>();
        expect(record.value.from_currency).toBe('EUR');
        break;
      case TOPICS.positionsChanged:
        expectTypeOf(record.value).toEqualTypeOf<PositionsChanged>();
        throw new Error('an fx_changed record read as positions_changed');
      default:
        throw new Error(`unexpected topic ${record.topic}`);
    }
  });

  it('refuses a change event whose value is not its topic payload', () => {
    const valid: Change = {
      topic: TOPICS.pricesChanged,
      key: 'S1',
      value: { security_id: 'S1', from_date: '2024-01-01' },
    };
    const wrong: Change = {
      topic: TOPICS.pricesChanged,
      key: 'P1',
      // @ts-expect-error a price change names a security, not a portfolio
      value: { portfolio_id: 'P1', from_date: '2024-01-01' },
    };
    expect([valid.topic, wrong.topic]).toEqual(['prices_changed', 'prices_changed']);
  });
});
