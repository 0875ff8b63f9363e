import { describe, expect, it } from 'vitest';
import { contentHash } from '../domain/canonical.ts';
import { FACT_SPECS, hashedRecordOf, storedRecordOf } from './fact-specs.ts';

/** A portfolio as the raw topic carried it before cash_mode existed. */
const logged = {
  portfolio_id: 'P1',
  base_currency: 'USD',
  open_date: '2024-01-01',
  close_date: null,
  risk_exposure: 'Medium',
  investment_time_horizon: 'Long',
  portfolio_type: 'Advisory',
  objective: null,
  booking_center_code: 'SG',
  client_id: 'C1',
  is_leverage_allowed: false,
  advisor_id: null,
  status: 'ACTIVE',
  cost_basis_method: 'FIFO',
};
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
