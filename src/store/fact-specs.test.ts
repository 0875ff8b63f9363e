import { describe, expect, it } from 'vitest';
import { portfolio } from '../../test/support/persist-harness.ts';
import { contentHash } from '../domain/canonical.ts';
import { FACT_SPECS, hashedRecordOf, storedRecordOf } from './fact-specs.ts';

/** A portfolio as the raw topic carried it before cash_mode existed. */
const { cash_mode: _, ...logged } = portfolio();
const spec = FACT_SPECS.portfolio;

describe('a field added with a default (portfolio cash_mode)', () => {
  it('a record logged before it is stored with the default', () => {
    expect(storedRecordOf(spec, logged).cash_mode).toBe('EXPLICIT');
    expect(storedRecordOf(spec, { ...logged, cash_mode: 'AUTO' }).cash_mode).toBe('AUTO');
  });

  it('at its default it leaves the content hash as it was before the field existed; another value changes it', () => {
    const before = contentHash(logged);
    const now = storedRecordOf(spec, { ...logged, cash_mode: 'EXPLICIT' });
    expect(contentHash(hashedRecordOf(spec, now))).toBe(before);
    const auto = storedRecordOf(spec, { ...logged, cash_mode: 'AUTO' });
    expect(contentHash(hashedRecordOf(spec, auto))).not.toBe(before);
  });
});
